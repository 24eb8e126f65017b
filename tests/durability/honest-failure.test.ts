/**
 * Issue 21 items 3 and 7, against the fake server through the real openai client: failures that
 * retrying cannot fix stop the run (exit 1, the server's message); a run with calls that failed for
 * good never ends "completed", and resume sends them again; Retry-After is honoured up to a cap, with
 * a notice; a short 429 storm slows a run down without pausing it.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { executeRun } from '../../src/app/run.js';
import type { PipelineConfig } from '../../src/app/pipeline.js';
import { startFakeServer } from '../../src/fake-server/index.js';
import { openDb } from '../../src/store/db.js';
import type { JournalEvent, WaitEvent } from '../../src/teacher/journal.js';
import { goldenDataset } from '../golden/golden.js';
import { useFakeServer } from '../support/fake-server.js';
import { REPO } from '../support/paths.js';
import { spawnCli } from '../support/child.js';
import { pipeline, quietProgress, run, SMALL_SHIPPED } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';

const CONCURRENCY = 4;
const common = { 'teacher.provider': 'openai', 'teacher.timeout_seconds': 5, 'limits.concurrency': CONCURRENCY };

const RECIPES = SMALL_SHIPPED;

function callRows(db: string): { status: string; attempts: number; error: string | null }[] {
  const h = openDb(db, { readonly: true });
  try {
    return h.prepare(`SELECT status, attempts, error FROM calls ORDER BY id`).all() as { status: string; attempts: number; error: string | null }[];
  } finally {
    h.close();
  }
}

describe('failures retrying cannot fix stop the run with the server message', () => {
  const fake = useFakeServer();

  for (const [file, overrides] of RECIPES) {
    it(`${file}: 100% 401 stops within a handful of requests, and the same run completes once the key is fixed`, async () => {
      const db = join(tempDir(), 'k.db');
      const cfg = pipeline(file, { ...common, ...overrides, name: 'bad-key' });
      fake.server.reset();
      fake.server.setFaults({ rate: 1, kinds: ['unauthorized'] });
      const r = await run(cfg, db, fake.env());
      const sent = fake.server.stats.received;
      fake.server.setFaults(null);
      expect(r.status).toBe('failed');
      // Three identical ones in a row stop it at once (a wave of fewer calls stops at its end, all of them failed).
      expect(r.detail).toMatch(/identical failures in a row that retrying cannot fix|^wave 1: \d+ calls? failed for good/);
      expect(r.detail).toContain('HTTP 401: Incorrect API key provided');
      // At most what was in flight when the third identical failure came back.
      expect(sent).toBeGreaterThanOrEqual(1);
      expect(sent).toBeLessThanOrEqual(CONCURRENCY + 3);
      const h = openDb(db, { readonly: true });
      expect(h.prepare(`SELECT status, status_detail FROM runs WHERE name = 'bad-key'`).get()).toEqual({ status: 'failed', status_detail: r.detail });
      h.close();
      // Not retried: one attempt each.
      for (const c of callRows(db).filter((c) => c.attempts > 0)) expect(c.attempts).toBe(1);

      // The key fixed: the same run goes on, sends the failed calls again, and completes.
      const again = await run(cfg, db, fake.env());
      expect(again.resumed).toBe(true);
      expect(again.status).toBe('completed');
      expect(again.stats.new).toBeGreaterThan(0);
      expect(callRows(db).filter((c) => c.status === 'failed')).toEqual([]);
    });
  }

  it('100% 404 (a base-URL or model typo) stops the same way, naming the model', async () => {
    const db = join(tempDir(), 'nf.db');
    fake.server.reset();
    fake.server.setFaults({ rate: 1, kinds: ['not_found'] });
    const r = await run(pipeline('self-instruct.yaml', { ...common, ...RECIPES[0]![1], name: 'nf' }), db, fake.env());
    const sent = fake.server.stats.received;
    fake.server.setFaults(null);
    expect(r.status).toBe('failed');
    expect(r.detail).toMatch(/HTTP 404: The model `[^`]+` does not exist/);
    expect(sent).toBeLessThanOrEqual(CONCURRENCY + 3);
  });

  it('100% 400 context length stops the same way', async () => {
    const db = join(tempDir(), 'cl.db');
    fake.server.reset();
    fake.server.setFaults({ rate: 1, kinds: ['context_length'] });
    const r = await run(pipeline('alpaca.yaml', { ...common, ...RECIPES[1]![1], name: 'cl' }), db, fake.env());
    const sent = fake.server.stats.received;
    fake.server.setFaults(null);
    expect(r.status).toBe('failed');
    expect(r.detail).toContain("HTTP 400: This model's maximum context length");
    expect(sent).toBeLessThanOrEqual(CONCURRENCY + 3);
  });

  it('insufficient_quota (a 429) is not retried like a rate limit', async () => {
    const db = join(tempDir(), 'q.db');
    fake.server.reset();
    fake.server.setFaults({ rate: 1, kinds: ['insufficient_quota'] });
    const r = await run(pipeline('self-instruct.yaml', { ...common, ...RECIPES[0]![1], name: 'q' }), db, fake.env());
    const sent = fake.server.stats.received;
    fake.server.setFaults(null);
    expect(r.status).toBe('failed');
    expect(r.detail).toContain('HTTP 429: You exceeded your current quota');
    expect(sent).toBeLessThanOrEqual(CONCURRENCY + 3);
    const rows = callRows(db).filter((c) => c.attempts > 0);
    expect(rows.length).toBeGreaterThan(0);
    for (const c of rows) {
      expect(c.attempts).toBe(1);
      expect(c.status).toBe('failed');
    }
  });
});

describe('calls that failed for good', () => {
  const fake = useFakeServer();

  it('the CLI: a bad key exits 1 with the server message on stderr; the summary counts failed calls by error; resume retries them', async () => {
    const db = join(tempDir(), 'cli.db');
    fake.server.reset();
    fake.server.setFaults({ rate: 1, kinds: ['unauthorized'] });
    const args = ['run', 'pipelines/self-instruct.yaml', '--db', db, '--name', 'cli', '--target', '4', '--set', 'params.wave_size=4', '--concurrency', String(CONCURRENCY)];
    const bad = spawnCli(args, fake.env());
    const { code } = await bad.exited;
    fake.server.setFaults(null);
    const said = `stderr:\n${bad.stderr()}\nstdout:\n${bad.stdout()}`;
    expect(code, said).toBe(1);
    expect(bad.stderr(), said).toMatch(/^error: run "cli" failed: \d+ identical failures in a row that retrying cannot fix \(limits\.hard_failures\), at stage generate-instructions: client: HTTP 401: Incorrect API key provided/m);
    expect(bad.stdout(), said).toMatch(/run "cli" \(id \d+\): failed: /);
    expect(bad.stdout(), said).toMatch(/failed for good \(whole run\): \d+ calls?, by stage and error:\n +\d+  generate-instructions: client: HTTP 401: Incorrect API key provided/);
    expect(bad.stdout()).toContain(`resume with: npx distillery resume cli --db ${db}`);
    const ok = spawnCli(['resume', 'cli', '--db', db], fake.env());
    const done = await ok.exited;
    expect(done.code, `stderr:\n${ok.stderr()}\nstdout:\n${ok.stdout()}`).toBe(0);
    expect(ok.stdout()).toMatch(/run "cli" \(id \d+\): completed/);
    expect(ok.stdout()).not.toMatch(/failed for good \(whole run\)/);
  }, 60_000);

  it('at 50% HTTP 500 with max_attempts 1 the run does not report completed, and resume ends with the uninterrupted dataset', async () => {
    const dir = tempDir();
    const cfg = (o: Record<string, unknown> = {}) =>
      pipeline('self-instruct.yaml', { ...common, target: 12, 'params.wave_size': 4, name: 'half', 'limits.max_attempts': 1, 'limits.breaker_failures': 1000, ...o });
    fake.server.reset();
    const ref = await run(cfg(), join(dir, 'ref.db'), fake.env());
    expect(ref.status).toBe('completed');

    const db = join(dir, 'h.db');
    fake.server.setFaults({ rate: 0.5, kinds: ['server_500'], seed: 7 });
    const first = await run(cfg(), db, fake.env());
    fake.server.setFaults(null);
    expect(first.status).toBe('failed');
    expect(first.stats.failed).toBeGreaterThan(0);
    expect(first.detail).toMatch(/\d+ calls? failed for good \(\d+× stage generate-instructions: server: HTTP 500: The server had an error/);
    expect(first.detail).toMatch(/resume retries them/);
    const failedIds = callRows(db).filter((c) => c.status === 'failed');
    expect(failedIds.length).toBe(first.stats.failed);

    fake.server.reset();
    const resumed = await run(cfg(), db, fake.env());
    expect(resumed.status).toBe('completed');
    // Only what failed (and what came after it) was sent; nothing answered was sent twice.
    for (const [, v] of fake.server.stats.byContent) expect(v.received).toBe(1);
    expect(callRows(db).filter((c) => c.status === 'failed')).toEqual([]);
    expect(goldenDataset(db, 'half')).toEqual(goldenDataset(join(dir, 'ref.db'), 'half'));
  });

  it('--skip-failed leaves stored failures out instead of sending them again, and says so', async () => {
    const db = join(tempDir(), 's.db');
    const cfg = pipeline('self-instruct.yaml', { ...common, target: 6, 'params.wave_size': 4, name: 'skip', 'limits.max_attempts': 1, 'limits.breaker_failures': 1000 });
    fake.server.reset();
    fake.server.setFaults({ script: [{ request: 2, kind: 'server_500' }] });
    const first = await run(cfg, db, fake.env());
    fake.server.setFaults(null);
    expect(first.status).toBe('failed');
    expect(first.stats.failed).toBe(1);
    const r = await executeRun({ config: cfg, configFile: null, dbPath: db, root: REPO, env: fake.env(), progress: quietProgress, retryBaseMs: 1, skipFailed: true });
    expect(r.stats.skipped).toBe(1);
    expect(r.status).toBe('completed');
    expect(r.detail).toMatch(/1 call\(s\) that failed for good were left out \(--skip-failed\)/);
    expect(callRows(db).filter((c) => c.status === 'failed')).toHaveLength(1);
  });
});

describe('Retry-After and 429 storms', () => {
  async function runWithEvents(cfg: PipelineConfig, db: string, env: NodeJS.ProcessEnv) {
    const events: JournalEvent[] = [];
    const t0 = Date.now();
    const r = await executeRun({ config: cfg, configFile: null, dbPath: db, root: REPO, env, progress: quietProgress, retryBaseMs: 1, onCall: (e) => events.push(e) });
    return { r, events, waits: events.filter((e): e is WaitEvent => e.kind === 'wait'), ms: Date.now() - t0 };
  }

  it('a Retry-After of 3 s with a cap of 1 s waits about 1 s and says so', async () => {
    const server = await startFakeServer({ retryAfterMs: 3000, faults: { script: [{ request: 1, kind: 'rate_limit' }] } });
    try {
      const env = { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: server.url };
      const cfg = pipeline('self-instruct.yaml', { ...common, target: 2, 'params.wave_size': 1, name: 'ra', 'limits.max_retry_after_seconds': 1 });
      const { r, waits, ms } = await runWithEvents(cfg, join(tempDir(), 'ra.db'), env);
      expect(r.status).toBe('completed');
      expect(waits).toHaveLength(1);
      const w = waits[0]!;
      expect(w.retryAfterMs).toBe(3000);
      expect(w.cappedAtMs).toBe(1000);
      expect(w.waitMs).toBeGreaterThanOrEqual(1000);
      expect(w.waitMs).toBeLessThan(1100);
      expect(w.attempt).toBe(2);
      expect(w.error).toMatch(/rate_limit: HTTP 429/);
      expect(ms).toBeLessThan(3000);
      const { waitText } = await import('../../src/cli/progress.js');
      expect(waitText(w)).toMatch(/^waiting 1\.0 s before attempt 2 of 6 \([^)]+\): rate_limit: HTTP 429: .*; the server asked for 3\.0 s \(Retry-After\), capped at 1 s \(limits\.max_retry_after_seconds\)$/);
    } finally {
      await server.close();
    }
  });

  it('a 2-second 429 storm slows the run down and it finishes without pausing', async () => {
    const server = await startFakeServer({ retryAfterMs: 500 });
    try {
      const env = { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: server.url };
      const cfg = pipeline('self-instruct.yaml', { ...common, 'limits.concurrency': 8, target: 10, 'params.wave_size': 8, name: 'storm', 'limits.max_attempts': 10 });
      server.setFaults({ rate: 1, kinds: ['rate_limit'] });
      const calm = setTimeout(() => server.setFaults(null), 2000);
      const { r, waits } = await runWithEvents(cfg, join(tempDir(), 'st.db'), env);
      clearTimeout(calm);
      server.setFaults(null);
      expect(server.stats.faults.rate_limit).toBeGreaterThan(20); // more than breaker_failures in a row
      expect(r.status).toBe('completed');
      expect(r.stats.failed).toBe(0);
      expect(waits.length).toBeGreaterThan(20);
    } finally {
      await server.close();
    }
  });
});
