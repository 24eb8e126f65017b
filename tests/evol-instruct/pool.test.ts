import { describe, expect, it } from 'vitest';
import { advance, newChains, rebuildChains, type Chain } from '../../src/methods/evol-instruct/chains.js';
import { NoveltyPool } from '../../src/engine/novelty-pool.js';
import type { SampleRow } from '../../src/store/samples.js';

const PARENT = 'Write a short poem about the sea at night.';
const CHILD = 'Write a short poem about the sea at night in three stanzas.';

describe('ROUGE-L novelty of an evolution', () => {
  it('leaves the chain out when configured: an in-depth rewrite is not a duplicate of its own parent', () => {
    for (const ignore of [true, false]) {
      const pool = new NoveltyPool(0.7);
      pool.addStored(1, PARENT);
      pool.addStored(2, 'Write a haiku about the desert.');
      const v = pool.verdict(CHILD, ignore ? [1] : []);
      expect(v.passed).toBe(ignore);
      if (ignore) expect(v.detail).toMatchObject({ most_similar_id: 2, ignored_ancestors: [1] });
      else expect(v.detail).toMatchObject({ most_similar_id: 1 });
    }
  });

  it('still rejects a near copy of another chain', () => {
    const pool = new NoveltyPool(0.7);
    pool.addStored(1, PARENT);
    pool.addStored(5, CHILD);
    const v = pool.verdict(`${CHILD} Keep it light.`, [1]);
    expect(v.passed).toBe(false);
    expect(v.detail).toMatchObject({ most_similar_id: 5 });
  });

  it('leaves out an ancestor accepted earlier in the same session (indexed under a temporary id)', () => {
    const pool = new NoveltyPool(0.7);
    pool.addStored(1, PARENT);
    const temp = pool.addPending(CHILD);
    pool.markStored(temp, 9);
    const grandchild = `${CHILD} End on a question.`;
    expect(pool.verdict(grandchild, [9, 1]).passed).toBe(true);
    const resolved = pool.resolveVerdict(pool.verdict(grandchild, [1]));
    expect(resolved.passed).toBe(false);
    expect(resolved.detail).toMatchObject({ most_similar_id: 9 });
  });
});

function row(id: number, over: Partial<SampleRow>): SampleRow {
  return {
    id, run_id: 1, kind: 'evolved', stage: 'evolve', wave: 0, round: 0, instruction: '', input: '', output: '', messages_json: null,
    meta_json: null, status: 'accepted', reason: null, content_hash: '', call_id: null, created_at: '', ...over,
  };
}

describe('chains', () => {
  const sources = [row(1, { kind: 'source', instruction: 'A.', input: 'x' }), row(2, { kind: 'source', instruction: 'B.' })];
  const evolved = (id: number, root: number, round: number, status: 'accepted' | 'rejected', reason: string | null = null) =>
    row(id, { round, wave: round, status, reason, instruction: `e${id}`, meta_json: JSON.stringify({ root_id: root }) });

  it('an accepted evolution becomes the tip; a failure keeps the parent or ends the chain', () => {
    const keep = newChains(sources);
    expect(keep[0]!.tip).toEqual({ id: 1, text: 'A.\nx', depth: 0, ancestors: [1] });
    advance(keep[0]!, { id: 10, text: 'A2', status: 'accepted', reason: null }, 'keep_parent');
    expect(keep[0]!.tip).toEqual({ id: 10, text: 'A2', depth: 1, ancestors: [10, 1] });
    advance(keep[0]!, { id: 11, text: 'A3', status: 'rejected', reason: 'sorry-short' }, 'keep_parent');
    expect(keep[0]!.tip.id).toBe(10);
    expect(keep[0]!.alive).toBe(true);
    const drop: Chain[] = newChains(sources);
    advance(drop[1]!, { id: 12, text: 'B2', status: 'rejected', reason: 'answer-call' }, 'drop_parent');
    expect(drop[1]!.alive).toBe(true); // a teacher failure is not the evolution's fault
    advance(drop[1]!, { id: 13, text: 'B3', status: 'rejected', reason: 'marker-leak' }, 'drop_parent');
    expect(drop[1]!.alive).toBe(false);
  });

  it('rebuilds from stored rows exactly as the rounds left them, in round order', () => {
    const rows = [evolved(13, 1, 2, 'accepted'), evolved(10, 1, 1, 'accepted'), evolved(11, 2, 1, 'rejected', 'rouge-l'), evolved(12, 1, 3, 'rejected', 'equal-to-parent')];
    const keep = rebuildChains(sources, rows, 'keep_parent');
    expect(keep.map((c) => [c.tip.id, c.tip.depth, c.tip.ancestors, c.alive])).toEqual([
      [13, 2, [13, 10, 1], true],
      [2, 0, [2], true],
    ]);
    const drop = rebuildChains(sources, rows, 'drop_parent');
    expect(drop.map((c) => c.alive)).toEqual([false, false]);
  });
});
