import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startFakeServer, type FakeServer } from '../../src/fake-server/index.js';
import { openDb } from '../../src/store/db.js';
import { stepRng } from '../../src/engine/rng.js';
import { spawnCli } from '../support/child.js';
import { startJitterProxy, type JitterProxy } from '../support/jitter-proxy.js';
import { REPO } from '../support/paths.js';
import { datasetOf, pipeline, run, selfInstruct } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';

/**
 * Pipelined waves (params.wave_depth): wave k draws its demos from the pool as of wave k − depth
 * while earlier waves classify and get instances. The dataset depends on the depth, never on
 * concurrency, answer order or interruptions (DESIGN invariant 4).
 */
describe('pipelined waves (Self-Instruct, wave_depth 4)', () => {
  let server: FakeServer;
  let proxy: JitterProxy;
  beforeAll(async () => {
    server = await startFakeServer({ latencyMs: 2 });
    proxy = await startJitterProxy(server.url, 25);
  });
  afterAll(async () => {
    await proxy.close();
    await server.close();
  });
  const env = () => ({ OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: proxy.url });
  const config = (concurrency: number, depth: number) =>
    selfInstruct({ 'teacher.provider': 'openai', target: 120, name: 'pipe', 'params.wave_size': 2, 'params.wave_depth': depth, 'limits.concurrency': concurrency });

  it('gives the same dataset at concurrency 2 and 64 with random per-request latency, and one unlike depth 1', async () => {
    const dir = tempDir();
    const slow = await run(config(2, 4), join(dir, 'c2.db'), env());
    const fast = await run(config(64, 4), join(dir, 'c64.db'), env());
    const flat = await run(config(64, 1), join(dir, 'd1.db'), env());
    expect([slow.status, fast.status, flat.status]).toEqual(['completed', 'completed', 'completed']);
    const a = datasetOf(join(dir, 'c2.db'), 'pipe');
    expect(a.length).toBeGreaterThan(120);
    expect(datasetOf(join(dir, 'c64.db'), 'pipe')).toEqual(a);
    // Depth is a config key: later waves draw other demos, so other prompts and answers.
    expect(datasetOf(join(dir, 'd1.db'), 'pipe')).not.toEqual(a);
  }, 60_000);

  it('wave k draws machine demos only from waves up to k − depth', async () => {
    const dir = tempDir();
    const db = join(dir, 'lineage.db');
    expect((await run(config(16, 4), db, env())).status).toBe('completed');
    const h = openDb(db, { readonly: true });
    const rows = h
      .prepare(
        `SELECT c.wave AS child, p.wave AS parent FROM lineage l JOIN samples c ON c.id = l.child_id JOIN samples p ON p.id = l.parent_id
         WHERE l.relation = 'demo-in-prompt' AND p.kind = 'instruction'`,
      )
      .all() as { child: number; parent: number }[];
    h.close();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.parent, `wave ${r.child} drew a demo of wave ${r.parent}`).toBeLessThanOrEqual(r.child - 4);
  }, 30_000);

  it('a failed call stops the run at its wave; later waves in flight are not stored, and resume reuses their answers', async () => {
    const dir = tempDir();
    const direct = { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: server.url };
    const cfg = selfInstruct({ 'teacher.provider': 'openai', target: 120, name: 'pipe', 'params.wave_size': 2, 'params.wave_depth': 4, 'limits.concurrency': 16, 'limits.max_attempts': 1, 'limits.breaker_failures': 1000 });
    const ref = join(dir, 'ref.db');
    expect((await run(cfg, ref, direct)).status).toBe('completed');

    const db = join(dir, 'fail.db');
    server.reset();
    server.setFaults({ script: [{ request: 30, kind: 'server_500' }] });
    const first = await run(cfg, db, direct);
    server.setFaults(null);
    expect(first.status).toBe('failed');
    expect(first.detail).toMatch(/HTTP 500/);
    const h = openDb(db, { readonly: true });
    const failedWave = (h.prepare(`SELECT wave FROM calls WHERE status = 'failed'`).get() as { wave: number }).wave;
    const waves = (h.prepare(`SELECT wave FROM waves WHERE wave > 0 ORDER BY wave`).all() as { wave: number }[]).map((w) => w.wave);
    const ahead = h.prepare(`SELECT COUNT(*) AS n FROM calls WHERE status = 'ok' AND wave > ?`).get(failedWave) as { n: number };
    h.close();
    // Waves are stored in order, up to the one before the failed wave; none after it.
    expect(waves).toEqual(Array.from({ length: failedWave - 1 }, (_, i) => i + 1));
    expect(ahead.n, 'later waves were in flight when the failure came').toBeGreaterThan(0);

    server.reset();
    expect((await run(cfg, db, direct)).status).toBe('completed');
    const got = datasetOf(db, 'pipe') as Record<string, unknown>[];
    const want = datasetOf(ref, 'pipe') as Record<string, unknown>[];
    for (const [, v] of server.stats.byContent) expect(v.received).toBe(1);
    expect(got).toEqual(want);
  }, 30_000);

  it('a run killed mid-pipeline and resumed ends with the uninterrupted dataset, no stored request resent', async () => {
    const dir = tempDir();
    // The shipped pipeline with depth 4 and small waves (seeds read from the repository).
    const yaml = readFileSync(resolve(REPO, 'pipelines/self-instruct.yaml'), 'utf8')
      .replace('path: seeds/tasks.jsonl', `path: ${resolve(REPO, 'seeds/tasks.jsonl')}`)
      .replace(/wave_size: \d+/, 'wave_size: 2')
      .replace(/wave_depth: \d+/, 'wave_depth: 4');
    expect(yaml).toContain('wave_depth: 4');
    const file = join(dir, 'pipe.yaml');
    writeFileSync(file, yaml);
    const target = 200;
    const direct = { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: server.url };
    const args = (db: string) => ['run', file, '--teacher', 'openai', '--db', db, '--target', String(target), '--name', 'pipe', '--concurrency', '8'];
    const ref = join(dir, 'ref.db');
    const first = spawnCli(args(ref), direct);
    expect((await first.exited).code, first.stderr()).toBe(0);
    server.reset();

    const db = join(dir, 'kill.db');
    const rng = stepRng(11, 'kill-delays');
    let kills = 0;
    for (let attempt = 0; attempt < 30 && kills < 5; attempt++) {
      const child = spawnCli(args(db), direct);
      await child.waitFor(/(new|resuming) run/);
      await new Promise((r) => setTimeout(r, rng.int(20, 200)));
      if (child.proc.exitCode !== null) break;
      child.proc.kill('SIGKILL');
      if ((await child.exited).signal === 'SIGKILL') kills++;
    }
    expect(kills).toBeGreaterThanOrEqual(3);
    const last = spawnCli(args(db), direct);
    expect((await last.exited).code, last.stderr()).toBe(0);
    expect(datasetOf(db, 'pipe')).toEqual(datasetOf(ref, 'pipe'));

    const h = openDb(db, { readonly: true });
    const stored = h.prepare(`SELECT response_id FROM calls WHERE status = 'ok' AND reused_from IS NULL`).all() as { response_id: string }[];
    h.close();
    for (const { response_id } of stored) expect(server.issuedFor(response_id)!.at(-1)).toBe(response_id);
  }, 90_000);

  it('Alpaca (demos from seeds only): depth 4 at concurrency 64 gives the dataset of depth 1 at concurrency 2', async () => {
    const dir = tempDir();
    const cfg = (depth: number, concurrency: number) =>
      pipeline('alpaca.yaml', { 'teacher.provider': 'openai', target: 150, name: 'alp', 'params.wave_size': 2, 'params.wave_depth': depth, 'limits.concurrency': concurrency });
    expect((await run(cfg(1, 2), join(dir, 'd1.db'), env())).status).toBe('completed');
    expect((await run(cfg(4, 64), join(dir, 'd4.db'), env())).status).toBe('completed');
    const a = datasetOf(join(dir, 'd1.db'), 'alp');
    expect(a.length).toBeGreaterThan(150);
    expect(Math.max(...(a as { wave: number }[]).map((r) => r.wave)), 'several waves, so several in flight at depth 4').toBeGreaterThanOrEqual(4);
    expect(datasetOf(join(dir, 'd4.db'), 'alp')).toEqual(a);
  }, 30_000);
});
