import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../../src/store/db.js';
import { Store } from '../../src/store/index.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { countSamples, iterateSamples, likePattern, samplePage, samplePagePlan, sampleCounts, type SampleFilter } from '../../src/store/audit.js';
import { ancestorTree, descendantTree, formatTree, lineageGraph } from '../../src/audit/lineage.js';
import { collectDashboard, dashboardCharts } from '../../src/audit/dashboard.js';
import { getRunById } from '../../src/store/runs.js';
import { writeSynthRun } from './synth.js';

let dir: string;
let db: Db;
let runId: number;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'distillery-audit-store-'));
  const store = Store.open(join(dir, 's.db'));
  runId = writeSynthRun(store, { samples: 1500 }).runId;
  // A second run, so that every query has to keep to its own run.
  writeSynthRun(store, { samples: 200, name: 'other', seed: 9 });
  store.close();
  db = openDb(join(dir, 's.db'), { readonly: true });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const allIds = (f: SampleFilter) => [...iterateSamples(db, runId, f)].map((s) => s.id);

function walkForward(f: SampleFilter, limit: number): number[][] {
  const pages: number[][] = [];
  let after: number | undefined;
  for (;;) {
    const p = samplePage(db, runId, f, { after, limit });
    pages.push(p.rows.map((r) => r.id));
    if (p.next === null) return pages;
    after = p.next;
  }
}

describe('sample browser queries', () => {
  it.each<[string, SampleFilter]>([
    ['no filter', {}],
    ['rejected', { status: 'rejected' }],
    ['a reason and a kind', { kind: 'evolved', reason: 'judge-score' }],
    ['a stage', { stage: 'chat' }],
    ['a failed filter', { failed: 'rouge-l' }],
    ['text', { grep: 'OCEAN' }],
    ['text in messages', { grep: 'tell me more' }],
  ])('keyset pages forward cover every match once, in id order (%s)', (_, f) => {
    const ids = allIds(f);
    expect(ids.length).toBeGreaterThan(0);
    const pages = walkForward(f, 37);
    expect(pages.flat()).toEqual(ids);
    expect(pages.every((p, i) => p.length === 37 || i === pages.length - 1)).toBe(true);
    expect(countSamples(db, runId, f)).toEqual({ n: ids.length, capped: false });
  });

  it('pages backward from any page to the same pages', () => {
    const f = { status: 'accepted' };
    const pages = walkForward(f, 50);
    expect(pages.length).toBeGreaterThan(3);
    let p = samplePage(db, runId, f, { after: pages[pages.length - 2]!.at(-1)!, limit: 50 });
    expect(p.rows.map((r) => r.id)).toEqual(pages[pages.length - 1]);
    for (let i = pages.length - 2; i >= 0; i--) {
      expect(p.prev).not.toBeNull();
      p = samplePage(db, runId, f, { before: p.prev!, limit: 50 });
      expect(p.rows.map((r) => r.id)).toEqual(pages[i]);
    }
    expect(p.prev).toBeNull();
    expect(samplePage(db, runId, f, { limit: 50 }).prev).toBeNull();
  });

  it('takes search text literally (LIKE wildcards escaped) and keeps to the run', () => {
    expect(likePattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
    expect(allIds({ grep: '%' })).toEqual([]);
    expect(allIds({ grep: '_' })).toEqual([]);
    const other = allIds({});
    expect(other.every((id) => (db.prepare('SELECT run_id FROM samples WHERE id = ?').get(id) as { run_id: number }).run_id === runId)).toBe(true);
    expect(allIds({ reason: '-' }).length + allIds({ status: 'rejected' }).length).toBe(other.length);
  });

  it('caps the count of a broad match', () => {
    expect(countSamples(db, runId, {}, 100)).toEqual({ n: 100, capped: true });
  });

  it('uses the audit indexes of migration 2: no page sorts every match', () => {
    expect(MIGRATIONS.length).toBeGreaterThanOrEqual(2);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const filters: SampleFilter[] = [
      {},
      { status: 'rejected' },
      { stage: 'chat' },
      { kind: 'evolved' },
      { reason: 'rouge-l' },
      { reason: '-' },
      { kind: 'evolved', status: 'accepted' },
      { kind: 'evolved', stage: 'evolve', status: 'rejected', reason: 'judge-score' },
      { failed: 'rouge-l' },
      { failed: 'rouge-l', kind: 'evolved' },
      { grep: 'ocean' },
      { grep: 'ocean', status: 'accepted' },
    ];
    for (const f of filters) {
      const plan = samplePagePlan(db, runId, f).join(' | ');
      expect(plan, JSON.stringify(f)).not.toMatch(/TEMP B-TREE/);
      expect(plan, JSON.stringify(f)).toMatch(/SEARCH s USING (COVERING )?INDEX samples_run(_id|_status|_stage|_reason)? \(/);
      if (f.failed) expect(plan).toMatch(/verdicts_sample/);
    }
    expect(samplePagePlan(db, runId, { status: 'rejected' }).join()).toMatch(/samples_run_status/);
    expect(samplePagePlan(db, runId, { stage: 'chat' }).join()).toMatch(/samples_run_stage/);
    // Kind with status: both from samples(run_id, kind, status), in id order, without reading rows.
    expect(samplePagePlan(db, runId, { kind: 'evolved', status: 'accepted', review: 'none' })[0]).toMatch(/samples_run \(run_id=\? AND kind=\? AND status=\? AND rowid>\?\)/);
  });
});

describe('lineage', () => {
  it('follows evolved-from up to the source and down to the evolutions', () => {
    const row = db
      .prepare(`SELECT l.child_id AS c FROM lineage l JOIN lineage l2 ON l2.child_id = l.parent_id JOIN samples s ON s.id = l.child_id WHERE s.run_id = ? LIMIT 1`)
      .get(runId) as { c: number };
    const up = ancestorTree(db, row.c, { depth: 5 })!;
    expect(up.children).toHaveLength(1);
    expect(up.children[0]!.relation).toBe('evolved-from');
    expect(up.children[0]!.children).toHaveLength(1);
    const grand = up.children[0]!.children[0]!;
    const down = descendantTree(db, grand.node.id, { depth: 2, width: 500 })!;
    expect(down.children.map((c) => c.node.id)).toContain(up.children[0]!.node.id);
    expect(formatTree(up, 'up')).toMatch(/└─ evolved-from: #\d+ (evolved|source)/);
  });

  it('caps a wide node and says how many are hidden', () => {
    const wide = db.prepare(`SELECT parent_id AS p, COUNT(*) AS n FROM lineage GROUP BY parent_id ORDER BY n DESC LIMIT 1`).get() as { p: number; n: number };
    expect(wide.n).toBeGreaterThan(3);
    const down = descendantTree(db, wide.p, { depth: 1, width: 3 })!;
    expect(down.children).toHaveLength(3);
    expect(down.hidden).toBe(wide.n - 3);
    expect(formatTree(down, 'down')).toContain(`… ${wide.n - 3} more children`);
    const g = lineageGraph(undefined, down, 2);
    expect(g.nodes.filter((n) => n.layer === 1 && n.id !== null)).toHaveLength(2);
    expect(g.nodes.find((n) => n.key === 'more1')?.more).toBe(wide.n - 2);
  });
});

describe('dashboard data', () => {
  it('shows survival by round and by operation for an evolving run', () => {
    const run = getRunById(db, runId)!;
    const d = collectDashboard(db, run);
    const charts = dashboardCharts(d);
    expect(charts.rounds).toContain('round 4');
    expect(charts.operations).toContain('deepening');
    expect(d.lengths.turns.length).toBe(sampleCounts(db, runId).filter((c) => c.kind === 'conversation' && c.status === 'accepted').reduce((a, c) => a + c.n, 0));
    expect(charts.lengths.map((l) => l.label)).toEqual(['Instruction', 'Output', 'Conversation']);
    expect(d.similarity.map((s) => s.filter)).toEqual(['rouge-l']);
    expect(d.similarity[0]!.threshold).toBe(0.7);
    expect(charts.cost).toContain('Cost by stage');
  });
});
