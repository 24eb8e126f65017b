import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openDb } from '../../src/store/db.js';
import { spawnCli } from '../support/child.js';
import { useFakeServer } from '../support/fake-server.js';
import { REPO } from '../support/paths.js';
import { datasetOf, pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';

/** Several processes on one database: write transactions start IMMEDIATE, migrations run under the write lock. */
describe('concurrent processes on one database', () => {
  const fake = useFakeServer({ latencyMs: 1 });

  function schemaOf(path: string): unknown[] {
    const h = new Database(path, { readonly: true });
    try {
      return h.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name`).all();
    } finally {
      h.close();
    }
  }

  it('4 processes opening one new database at once all succeed, with one schema (5 databases)', async () => {
    const dir = tempDir();
    const alone = join(dir, 'alone.db');
    openDb(alone).close();
    const expected = schemaOf(alone);

    const dbs = [1, 2, 3, 4, 5].map((i) => join(dir, `new-${i}.db`));
    const step = 300;
    const children = ['a', 'b', 'c', 'd'].map((label) => {
      const proc = spawn(process.execPath, ['--import', 'tsx', resolve(REPO, 'tests/store/support/open-child.ts'), label, String(step), ...dbs], {
        cwd: REPO,
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      const ready = new Promise<void>((res) => {
        proc.stdout.on('data', (d) => {
          out += d;
          if (out.startsWith('ready\n')) res();
        });
        proc.on('exit', () => res());
      });
      proc.stderr.on('data', (d) => (err += d));
      const exited = new Promise<{ label: string; code: number | null; out: string; err: string }>((res) =>
        proc.on('exit', (code) => res({ label, code, out: out.replace(/^ready\n/, ''), err })),
      );
      return { proc, ready, exited };
    });
    // Every child loaded: all start together, 200 ms from now.
    await Promise.all(children.map((c) => c.ready));
    const startAt = Date.now() + 200;
    for (const c of children) c.proc.stdin.end(`go ${startAt}\n`);
    const results = await Promise.all(children.map((c) => c.exited));
    for (const r of results) expect(r.code, `${r.label}: ${r.err}`).toBe(0);
    const lines = results.flatMap((r) => r.out.trim().split('\n').map((l) => JSON.parse(l) as { path: string; version: number; late: boolean }));
    expect(lines).toHaveLength(4 * dbs.length);
    // The processes really met: most openings started at the same instant.
    expect(lines.filter((l) => !l.late).length).toBeGreaterThanOrEqual(2 * dbs.length);
    for (const l of lines) expect(l.version).toBe(MIGRATIONS.length);
    for (const path of dbs) {
      expect(schemaOf(path)).toEqual(expected);
      const h = new Database(path, { readonly: true });
      expect(h.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(h.pragma('integrity_check', { simple: true })).toBe('ok');
      expect((h.prepare(`SELECT COUNT(*) AS n FROM runs`).get() as { n: number }).n).toBe(4);
      h.close();
    }
  }, 120_000);

  it('three different runs on one new database at once all complete, each with the dataset it has alone', async () => {
    const dir = tempDir();
    const db = join(dir, 'shared.db');
    const env = fake.env();
    const target = 300;
    const runs = [
      ['left', 11],
      ['middle', 12],
      ['right', 13],
    ] as const;
    const argsOf = (name: string, seed: number) => ['run', 'pipelines/self-instruct.yaml', '--teacher', 'openai', '--db', db, '--target', String(target), '--name', name, '--seed', String(seed), '--concurrency', '16'];
    const children = runs.map(([name, seed]) => ({ name, child: spawnCli(argsOf(name, seed), env) }));
    const exits = await Promise.all(children.map((c) => c.child.exited));
    children.forEach(({ name, child }, i) => {
      expect(exits[i]!.code, `${name}: ${child.stderr()}`).toBe(0);
      expect(child.stdout()).toContain('completed');
      expect(child.stderr()).not.toMatch(/locked|UNIQUE|SqliteError/);
    });

    // Side by side changed nothing: each run's dataset is the one it produces alone.
    for (const [name, seed] of runs) {
      const ref = join(dir, `${name}-alone.db`);
      const alone = await run(pipeline('self-instruct.yaml', { 'teacher.provider': 'openai', target, name, seed, 'limits.concurrency': 16 }), ref, env);
      expect(alone.status).toBe('completed');
      expect(datasetOf(db, name)).toEqual(datasetOf(ref, name));
    }
  }, 120_000);
});
