import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { TRANSIENT_FAULT_KINDS, startFakeServer, type FakeServer } from '../../src/fake-server/index.js';
import { openDb } from '../../src/store/db.js';
import { pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';

const base = { 'teacher.provider': 'openai', 'teacher.timeout_seconds': 1, target: 40, 'params.wave_size': 6, 'limits.concurrency': 8 };

describe('faults, retries and the circuit breaker', () => {
  let server: FakeServer;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    server = await startFakeServer({ retryAfterMs: 20 });
    env = { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: server.url };
  });
  afterAll(async () => {
    await server.close();
  });

  it('reaches its target with 20% injected faults of every transient kind, recording attempts and errors', async () => {
    server.reset();
    server.setFaults({ rate: 0.2, kinds: [...TRANSIENT_FAULT_KINDS], seed: 11 });
    const db = join(tempDir(), 'f.db');
    const r = await run(pipeline('self-instruct.yaml', { ...base, name: 'faults' }), db, env);
    server.setFaults(null);
    expect(r.status).toBe('completed');
    for (const kind of TRANSIENT_FAULT_KINDS) expect(server.stats.faults[kind], kind).toBeGreaterThan(0);
    const h = openDb(db, { readonly: true });
    const retried = h.prepare(`SELECT attempts, error FROM calls WHERE status = 'ok' AND attempts > 1`).all() as { attempts: number; error: string }[];
    expect(retried.length).toBeGreaterThan(0);
    const errors = retried.map((c) => c.error).join('\n');
    expect(errors).toMatch(/rate_limit: HTTP 429/);
    expect(errors).toMatch(/server: HTTP 50[023]/);
    expect(errors).toMatch(/timeout/);
    expect(errors).toMatch(/connection/);
    expect(errors).toMatch(/empty response text/);
    expect(errors).toMatch(/content_filter/);
    // A truncated answer is a valid answer: it is stored with finish_reason "length" and the recipe handles it.
    const truncated = h.prepare(`SELECT COUNT(*) AS n FROM calls WHERE finish_reason = 'length'`).get() as { n: number };
    expect(truncated.n).toBeGreaterThan(0);
    h.close();
  });

  it('stores a request that fails for good with its reason, and never reports completed over it', async () => {
    server.reset();
    server.setFaults({ rate: 0.6, kinds: ['server_500', 'server_503'], seed: 3 });
    const db = join(tempDir(), 'g.db');
    const cfg = pipeline('self-instruct.yaml', { ...base, name: 'gives-up', 'limits.max_attempts': 2, 'limits.breaker_failures': 1000 });
    const r = await run(cfg, db, env);
    server.setFaults(null);
    expect(r.status).toBe('failed');
    expect(r.detail).toMatch(/^wave 1: \d+ calls? failed for good \(/);
    expect(r.stats.failed).toBeGreaterThan(0);
    const h = openDb(db, { readonly: true });
    const failed = h.prepare(`SELECT id, attempts, error FROM calls WHERE status = 'failed'`).all() as { id: number; attempts: number; error: string }[];
    expect(failed.length).toBe(r.stats.failed);
    for (const f of failed) {
      expect(f.attempts).toBe(2);
      expect(f.error).toMatch(/attempt 2: server: HTTP 50[03]/);
      expect(h.prepare(`SELECT COUNT(*) AS n FROM samples WHERE call_id = ?`).get(f.id)).toEqual({ n: 0 });
    }
    // The wave with failed calls is not stored: resume rebuilds it.
    expect(h.prepare(`SELECT COUNT(*) AS n FROM waves WHERE wave >= 1`).get()).toEqual({ n: 0 });
    h.close();
    const resumed = await run(cfg, db, env);
    expect(resumed.status).toBe('completed');
  });

  it('pauses with a clear message when every request fails, and resumes once the server recovers', async () => {
    server.reset();
    server.setFaults({ rate: 1, kinds: ['server_503'], seed: 1 });
    const db = join(tempDir(), 'b.db');
    const cfg = pipeline('self-instruct.yaml', { ...base, name: 'breaker', 'limits.breaker_failures': 10 });
    const paused = await run(cfg, db, env);
    expect(paused.status).toBe('paused');
    expect(paused.detail).toMatch(/circuit breaker: \d+ consecutive failed attempts/);
    expect(paused.stats.new).toBe(0);
    server.setFaults(null);
    const resumed = await run(cfg, db, env);
    expect(resumed.status).toBe('completed');
  });
});
