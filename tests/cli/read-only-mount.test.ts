// Read commands work on a database in a folder that cannot be written (a read-only mount), where
// SQLite cannot create the -shm file a WAL-mode database needs; `run` says the folder is read-only
// (issue 21). Real read-only bind mounts (root or CAP_SYS_ADMIN; without, the test fails saying so).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { startViewer } from '../../src/web/server.js';
import { spawnCli } from '../support/child.js';
import { bindReadOnly, unmount } from '../support/mounts.js';
import { REPO } from '../support/paths.js';
import { pipeline, run } from '../support/runs.js';

let dir: string;
let ro: string;
let roDb: string;
let mounted = false;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'distillery-ro-'));
  const src = join(dir, 'src');
  mkdirSync(src);
  const result = await run(pipeline('self-instruct.yaml', { 'teacher.provider': 'sim', target: 30, name: 'ro-run' }), join(src, 'd.db'));
  expect(result.status).toBe('completed');
  expect(existsSync(join(src, 'd.db-shm')), 'closed cleanly: no -shm left').toBe(false);
  ro = join(dir, 'ro');
  bindReadOnly(src, ro);
  mounted = true;
  roDb = join(ro, 'd.db');
});
afterAll(() => {
  if (mounted) unmount(ro);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const c = spawnCli(args);
  const { code } = await c.exited;
  return { code, stdout: c.stdout(), stderr: c.stderr() };
}

describe('a WAL-mode database on a read-only mount', () => {
  it('status, runs, samples, show, report and export read it', async () => {
    const runs = await cli(['runs', '--json', '--db', roDb]);
    expect(runs.code, runs.stderr).toBe(0);
    expect(JSON.parse(runs.stdout.trim()).name).toBe('ro-run');
    const status = await cli(['status', 'ro-run', '--json', '--db', roDb]);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).run.status).toBe('completed');
    const samples = await cli(['samples', 'ro-run', '--db', roDb]);
    expect(samples.code, samples.stderr).toBe(0);
    const id = /^\s*(\d+)\s/m.exec(samples.stdout)?.[1] ?? '1';
    const show = await cli(['show', id, '--db', roDb]);
    expect(show.code, show.stderr).toBe(0);
    const report = await cli(['report', 'ro-run', '--db', roDb, '--out', join(dir, 'r.html')]);
    expect(report.code, report.stderr).toBe(0);
    const out = join(dir, 'x.jsonl');
    const exp = await cli(['export', 'ro-run', '--format', 'jsonl', '--db', roDb, '--out', out]);
    expect(exp.code, exp.stderr).toBe(0);
    expect(readFileSync(out, 'utf8').trim().split('\n').length).toBeGreaterThan(0);
  }, 120_000);

  it('serve reads it', async () => {
    const server = await startViewer({ dbPath: roDb, port: 0 });
    try {
      const res = await fetch(`${server.url}/`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('ro-run');
    } finally {
      await server.close();
    }
  });

  it('opened read-only in-process, it holds every run and cannot be written', () => {
    const db = openDb(roDb, { readonly: true });
    try {
      expect(db.prepare(`SELECT name FROM runs`).all()).toEqual([{ name: 'ro-run' }]);
      expect(() => db.prepare(`DELETE FROM runs`).run()).toThrow(/readonly/i);
    } finally {
      db.close();
    }
  });

  it('run into it: one line saying the folder is read-only, exit 2', async () => {
    const r = await cli(['run', resolve(REPO, 'pipelines', 'self-instruct.yaml'), '--teacher', 'sim', '--target', '40', '--db', roDb]);
    expect(r.stderr).not.toMatch(/^ {4}at /m);
    expect(r.stderr).toMatch(/^error: .*ro\/d\.db: the database is read-only: its folder .*ro is on a read-only file system/m);
    expect(r.stderr).not.toMatch(/unable to open database file|not a usable Distillery database/);
    expect(r.code).toBe(2);
  }, 60_000);
});
