/**
 * Schema 5: a run's counts come from covering indexes, and verdicts carry their sample's run and
 * kind. A database written before it (schema 4) upgrades with the same counts, and one opened
 * read-only without upgrading is still counted right.
 */
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDb } from '../../src/store/db.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { verdictStats, sampleCounts, callStageStats } from '../../src/store/audit.js';
import { summarizeRun } from '../../src/store/summary.js';
import { Store } from '../../src/store/index.js';
import { writeSynthRun } from '../audit/synth.js';
import { tempDir } from '../support/tmp.js';

const plan = (db: Database.Database, sql: string, ...args: unknown[]) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ');

describe('counting a run from indexes (schema 5)', () => {
  it('copies each verdict its sample\'s run and kind as it is written', () => {
    const path = join(tempDir(), 'v.db');
    const store = Store.open(path);
    writeSynthRun(store, { samples: 300, name: 'a', seed: 1 });
    writeSynthRun(store, { samples: 200, name: 'b', seed: 2 });
    const wrong = store.db
      .prepare(`SELECT COUNT(*) AS n FROM verdicts v JOIN samples s ON s.id = v.sample_id WHERE v.run_id IS NOT s.run_id OR v.kind IS NOT s.kind`)
      .get() as { n: number };
    expect(wrong.n).toBe(0);
    expect((store.db.prepare(`SELECT COUNT(*) AS n FROM verdicts`).get() as { n: number }).n).toBeGreaterThan(500);
    store.close();
  });

  it('upgrades a schema-4 database with the same counts, and reads an un-upgraded one read-only the old way', () => {
    const dir = tempDir();
    const path = join(dir, 'old.db');
    const h = new Database(path);
    h.pragma('journal_mode = WAL');
    for (const m of MIGRATIONS.slice(0, 4)) h.exec(m);
    h.pragma('user_version = 4');
    h.close();
    // Written by this version's store into a schema-4 file: verdicts as schema 4 had them (no run, no kind).
    const old = new Database(path);
    const run = old.prepare(`INSERT INTO runs (name, method, config_json, config_hash, seed, provider, model, status, target, tool_version, created_at, updated_at)
      VALUES ('old', 'alpaca', '{}', 'h', 1, 'sim', 'm', 'completed', 1, '0.0.1', '2024-01-01', '2024-01-01')`).run().lastInsertRowid;
    const sample = old.prepare(`INSERT INTO samples (run_id, kind, stage, wave, status, reason, content_hash, created_at) VALUES (?, ?, 'generate', 1, ?, ?, ?, '2024-01-01')`);
    const verdict = old.prepare(`INSERT INTO verdicts (sample_id, filter, passed, score) VALUES (?, ?, ?, ?)`);
    for (let i = 0; i < 40; i++) {
      const kind = i % 3 === 0 ? 'seed' : 'alpaca';
      const rejected = i % 4 === 0;
      const id = sample.run(run, kind, rejected ? 'rejected' : 'accepted', rejected ? 'rouge-l' : null, `h${i}`).lastInsertRowid;
      verdict.run(id, 'word-count', 1, 10 + i);
      verdict.run(id, 'rouge-l', rejected ? 0 : 1, i / 40);
    }
    old.close();
    const before = join(dir, 'before.db');
    copyFileSync(path, before);

    const readOnly = openDb(before, { readonly: true });
    expect(readOnly.pragma('user_version', { simple: true })).toBe(4);
    const expected = verdictStats(readOnly, Number(run));
    readOnly.close();
    expect(expected.map((v) => [v.kind, v.filter, v.passed, v.failed])).toEqual([
      ['alpaca', 'word-count', 26, 0],
      ['alpaca', 'rouge-l', 20, 6],
      ['seed', 'word-count', 14, 0],
      ['seed', 'rouge-l', 10, 4],
    ]);

    const upgraded = openDb(path);
    expect(upgraded.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(verdictStats(upgraded, Number(run))).toEqual(expected);
    expect((upgraded.prepare(`SELECT COUNT(*) AS n FROM verdicts WHERE run_id IS NULL OR kind IS NULL`).get() as { n: number }).n).toBe(0);
    upgraded.close();
  });

  it('status and summary queries read indexes only, never the rows', () => {
    const path = join(tempDir(), 'p.db');
    const store = Store.open(path);
    writeSynthRun(store, { samples: 200, name: 'a', seed: 1 });
    const db = store.db;
    const runId = (db.prepare(`SELECT id FROM runs`).get() as { id: number }).id;
    // Computed for real, and each plan names a covering index.
    expect(sampleCounts(db, runId).length).toBeGreaterThan(0);
    expect(callStageStats(db, runId).length).toBeGreaterThan(0);
    expect(summarizeRun(db, runId).calls.total).toBeGreaterThan(0);
    expect(plan(db, `SELECT kind, stage, status, reason, COUNT(*) FROM samples WHERE run_id = ? GROUP BY kind, stage, status, reason`, runId)).toMatch(/COVERING INDEX samples_counts/);
    expect(plan(db, `SELECT kind, filter, COUNT(*), AVG(score), MIN(id) FROM verdicts WHERE run_id = ? GROUP BY kind, filter`, runId)).toMatch(/COVERING INDEX verdicts_run_stats/);
    expect(plan(db, `SELECT stage, SUM(cost), SUM(prompt_tokens), AVG(latency_ms), SUM(finish_reason = 'length') FROM calls WHERE run_id = ? GROUP BY stage`, runId)).toMatch(/COVERING INDEX calls_run_counts/);
    store.close();
  });
});

describe('the dashboard on a large run', () => {
  it('reads survival by round and operation from the expression indexes the migration made, with the very same expressions', async () => {
    const { COUNT_EXPRESSION_INDEXES, roundCounts, operationCounts } = await import('../../src/store/audit.js');
    const squash = (s: string) => s.replace(/\s+/g, ' ');
    for (const expr of Object.values(COUNT_EXPRESSION_INDEXES)) expect(squash(MIGRATIONS[4]!)).toContain(squash(expr));
    const path = join(tempDir(), 'r.db');
    const store = Store.open(path);
    writeSynthRun(store, { samples: 300, name: 'a', seed: 1 });
    const db = store.db;
    const runId = (db.prepare(`SELECT id FROM runs`).get() as { id: number }).id;
    // The same counts a plain scan of the rows gives.
    const rounds = db
      .prepare(`SELECT kind, CASE WHEN round != 0 THEN round ELSE coalesce(json_extract(meta_json, '$.round'), 0) END AS r, status, COUNT(*) AS n FROM samples NOT INDEXED WHERE run_id = ? AND kind != 'seed' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`)
      .all(runId) as { kind: string; r: number; status: string; n: number }[];
    expect(roundCounts(db, runId).map((x) => [x.kind, x.round, x.status, x.n])).toEqual(rounds.map((x) => [x.kind, x.r, x.status, x.n]));
    const ops = db.prepare(`SELECT json_extract(meta_json, '$.operation') AS o, status, COUNT(*) AS n FROM samples NOT INDEXED WHERE run_id = ? AND json_type(meta_json, '$.operation') = 'text' GROUP BY 1, 2 ORDER BY 1, 2`).all(runId) as { o: string; status: string; n: number }[];
    expect(ops.length).toBeGreaterThan(0);
    expect(operationCounts(db, runId).map((x) => [x.operation, x.status, x.n])).toEqual(ops.map((x) => [x.o, x.status, x.n]));
    expect(plan(db, `SELECT kind, ${COUNT_EXPRESSION_INDEXES.ROUND_OF} AS round, status, COUNT(*) FROM samples WHERE run_id = ? GROUP BY 1, 2, 3`, runId)).toMatch(/INDEX samples_round/);
    expect(plan(db, `SELECT ${COUNT_EXPRESSION_INDEXES.OPERATION_OF}, status, COUNT(*) FROM samples WHERE run_id = ? AND ${COUNT_EXPRESSION_INDEXES.OPERATION_OF} IS NOT NULL GROUP BY 1, 2`, runId)).toMatch(/INDEX samples_operation/);
    store.close();
  });

  it('reads lengths and verbs from every k-th accepted sample past the limit, and says so; counts stay exact', async () => {
    const { collectDashboard, sampledNote } = await import('../../src/audit/dashboard.js');
    const { getRunById } = await import('../../src/store/runs.js');
    const path = join(tempDir(), 'd.db');
    const store = Store.open(path);
    writeSynthRun(store, { samples: 600, name: 'a', seed: 4 });
    const db = store.db;
    const run = getRunById(db, (db.prepare(`SELECT id FROM runs`).get() as { id: number }).id)!;
    const full = collectDashboard(db, run);
    const part = collectDashboard(db, run, { maxTextSamples: 50 });
    // The run's generated rows: Evol-Instruct's inputs (seeds and sources) are left out.
    const accepted = full.counts.filter((c) => c.status === 'accepted' && !['seed', 'source'].includes(c.kind)).reduce((a, c) => a + c.n, 0);
    expect(full.textSample).toEqual({ every: 1, read: accepted, of: accepted });
    expect(sampledNote(full.textSample)).toBe('');
    expect(part.textSample.every).toBe(Math.ceil(accepted / 50));
    // Ids that are multiples of k among the accepted: about the limit, not exactly (ids interleave with rejected ones).
    expect(part.textSample.read).toBeGreaterThan(25);
    expect(part.textSample.read).toBeLessThan(75);
    expect(sampledNote(part.textSample)).toMatch(new RegExp(`from every ${part.textSample.every}th accepted sample \\(${part.textSample.read} of ${accepted}\\)`));
    expect(part.counts).toEqual(full.counts);
    expect(part.lengths.output.length).toBeLessThan(full.lengths.output.length);
    store.close();
  });
});

describe('similarity bins counted by the database', () => {
  it('are exactly what binValues counts from the scores, edges and out-of-range values included', async () => {
    const { filterScoreBins, filterScores } = await import('../../src/store/audit.js');
    const { binValues } = await import('../../src/audit/charts/histogram.js');
    const path = join(tempDir(), 'b.db');
    const store = Store.open(path);
    writeSynthRun(store, { samples: 800, name: 'a', seed: 9 });
    const db = store.db;
    const runId = (db.prepare(`SELECT id FROM runs`).get() as { id: number }).id;
    // Scores on bin edges, at 0 and 1, and outside [0, 1), on top of the synthetic ones.
    const sample = (db.prepare(`SELECT id FROM samples WHERE run_id = ? LIMIT 1`).get(runId) as { id: number }).id;
    for (const score of [0, 0.05, 0.1, 0.15, 0.7, 0.95, 1, 1.2, -0.1, 0.3 - 0.1]) store.samples.addVerdict(sample, { filter: 'rouge-l', passed: true, score });
    const { scores, threshold } = filterScores(db, runId, 'rouge-l');
    expect(scores.length).toBeGreaterThan(100);
    for (const [min, max, count] of [[0, 1, 20], [0, 1, 7], [0.2, 0.9, 10]] as const) {
      expect(filterScoreBins(db, runId, 'rouge-l', min, max, count)).toEqual({ bins: binValues(scores, min, max, count), threshold });
    }
    store.close();
  });
});
