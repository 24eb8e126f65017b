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
