import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunContext } from '../../src/engine/context.js';
import { NoveltyPool } from '../../src/engine/novelty-pool.js';
import { runWaves, type WaveOutput, type WaveRecipe } from '../../src/engine/wave-runner.js';
import { Store } from '../../src/store/index.js';
import { createRun } from '../../src/store/runs.js';
import { tempDir } from '../support/tmp.js';

/** A run context over a real SQLite file; the journal is never touched (these recipes make no call). */
function context(): { ctx: RunContext; waves: { wave: number; stage: string }[] } {
  const store = Store.open(join(tempDir(), 'w.db'));
  opened.push(store);
  const run = createRun(store.db, { name: 'r', method: 'test', configJson: '{}', configHash: 'h', configFile: null, seed: 1, provider: 'sim', model: 'm', simulated: true, target: 3, toolVersion: 't' });
  const waves: { wave: number; stage: string }[] = [];
  const config = { target: 3 } as RunContext['config'];
  const ctx = { store, run, config, journal: undefined as never, root: '.', mainKindOf: () => undefined, progress: { wave: (w: { wave: number; stage: string }) => waves.push({ wave: w.wave, stage: w.stage }) } };
  return { ctx, waves };
}
const opened: Store[] = [];
afterEach(() => opened.splice(0).forEach((s) => s.close()));

const rows = (ctx: RunContext, sql: string, ...args: unknown[]) => ctx.store.db.prepare(sql).all(...args) as Record<string, unknown>[];

describe('the wave runner', () => {
  it('stores a wave in one transaction: same-wave refs, pool ids in parents and verdicts, updates and state', async () => {
    const { ctx, waves } = context();
    const pool = new NoveltyPool(0.7);
    const seedId = ctx.store.samples.insert({ runId: ctx.run.id, kind: 'seed', stage: 'seed', wave: 0, instruction: 'Name a colour.', status: 'accepted', contentHash: 's' });
    pool.addStored(seedId, 'Name a colour.');
    let accepted = 0;
    const recipe: WaveRecipe = {
      pool,
      next: (wave) => (accepted < 2 ? { stage: 'gen', accepted, target: 2 } : { done: { status: 'completed', detail: `done after wave ${wave - 1}` } }),
      async run(wave) {
        const text = wave === 1 ? 'Name a fruit that is red.' : 'Name a fruit that is red and sweet.';
        const verdict = pool.verdict(text);
        const poolId = pool.addPending(text);
        const output: WaveOutput = {
          stage: 'gen',
          accepted: 1,
          state: { wave, note: 'resume here' },
          samples: [
            { kind: 'instruction', stage: 'gen', instruction: text, status: 'accepted', contentHash: text, verdicts: [verdict], poolId, parents: [{ parentId: seedId, relation: 'demo-in-prompt' }] },
            { kind: 'instance', stage: 'gen', instruction: text, output: 'Apple.', status: 'accepted', contentHash: `${text}/i`, parents: [{ ref: 0, relation: 'instance-of' }, { parentId: poolId, relation: 'same-as' }] },
          ],
          updates: [{ id: seedId, meta: { touched: wave }, verdicts: [{ filter: `seen-${wave}`, passed: true }] }],
        };
        return output;
      },
      stored: (o) => {
        accepted += o.accepted;
      },
    };
    const outcome = await runWaves(ctx, recipe);
    expect(outcome).toEqual({ status: 'completed', detail: 'done after wave 2' });
    expect(waves).toEqual([{ wave: 1, stage: 'gen' }, { wave: 2, stage: 'gen' }, { wave: 3, stage: 'done' }]);
    const samples = rows(ctx, `SELECT id, kind, wave FROM samples WHERE kind != 'seed' ORDER BY id`);
    expect(samples.map((s) => [s.kind, s.wave])).toEqual([['instruction', 1], ['instance', 1], ['instruction', 2], ['instance', 2]]);
    const [i1, n1, i2] = samples.map((s) => s.id as number);
    // The instance's same-wave ref and the pending pool id both name the instruction stored just before it.
    expect(rows(ctx, `SELECT parent_id, relation FROM lineage WHERE child_id = ? ORDER BY relation`, n1)).toEqual([
      { parent_id: i1, relation: 'instance-of' },
      { parent_id: i1, relation: 'same-as' },
    ]);
    // Wave 2's ROUGE-L verdict names wave 1's instruction by its sample id, not its temporary pool id.
    const detail = JSON.parse(rows(ctx, `SELECT detail_json FROM verdicts WHERE sample_id = ? AND filter = 'rouge-l'`, i2)[0]!.detail_json as string);
    expect(detail.most_similar_id).toBe(i1);
    expect(detail.top.every((t: { id: number }) => t.id > 0)).toBe(true);
    // Updates of an earlier sample, and the state of the last wave.
    expect(JSON.parse(rows(ctx, `SELECT meta_json FROM samples WHERE id = ?`, seedId)[0]!.meta_json as string)).toEqual({ touched: 2 });
    expect(rows(ctx, `SELECT filter FROM verdicts WHERE sample_id = ? ORDER BY id`, seedId).map((r) => r.filter)).toEqual(['seen-1', 'seen-2']);
    expect(ctx.store.waves.last(ctx.run.id)).toEqual({ wave: 2, stage: 'gen', state: { wave: 2, note: 'resume here' } });
  });

  it('stores nothing of a wave whose write fails, and resumes its numbering from the last stored wave', async () => {
    const { ctx } = context();
    let n = 0;
    const recipe: WaveRecipe = {
      next: () => ({ stage: 'gen', accepted: n, target: 5 }),
      async run() {
        n++;
        // The second sample breaks the samples table's CHECK on status, after the first was inserted.
        return {
          stage: 'gen',
          accepted: 1,
          samples: [
            { kind: 'x', stage: 'gen', status: 'accepted', contentHash: 'a' },
            { kind: 'x', stage: 'gen', status: (n === 2 ? 'bogus' : 'accepted') as 'accepted', contentHash: 'b' },
          ],
        };
      },
    };
    await expect(runWaves(ctx, recipe)).rejects.toThrow(/CHECK constraint/);
    expect(rows(ctx, `SELECT wave, COUNT(*) AS n FROM samples GROUP BY wave`)).toEqual([{ wave: 1, n: 2 }]);
    expect(ctx.store.waves.last(ctx.run.id)?.wave).toBe(1);
    // A new runner (a resumed run) starts at wave 2 again.
    const seen: number[] = [];
    await runWaves(ctx, { next: (w) => (seen.push(w), { done: { status: 'completed', detail: '' } }), run: async () => ({ stage: 'gen', accepted: 0, samples: [] }) });
    expect(seen).toEqual([2]);
  });

  it('fails a run whose waves accept nothing, after the stall limit', async () => {
    const { ctx } = context();
    let waves = 0;
    const outcome = await runWaves(ctx, {
      stall: { waves: 4, what: 'widget' },
      next: () => ({ stage: 'gen', accepted: 0, target: 1 }),
      run: async () => (waves++, { stage: 'gen', accepted: 0, samples: [{ kind: 'x', stage: 'gen', status: 'rejected', reason: 'r', contentHash: String(waves) }] }),
    });
    expect(outcome).toEqual({ status: 'failed', detail: 'stalled: 4 waves in a row accepted no new widget' });
    expect(waves).toBe(4);
    // Every rejected sample of those waves is still stored, with its reason.
    expect(rows(ctx, `SELECT COUNT(*) AS n FROM samples WHERE status = 'rejected' AND reason = 'r'`)).toEqual([{ n: 4 }]);
  });
});
