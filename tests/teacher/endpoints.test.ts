import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { LimitsSchema, TeacherConfigSchema } from '../../src/config/common.js';
import { startFakeServer, type FakeServer, type FakeServerOptions } from '../../src/fake-server/index.js';
import { Store } from '../../src/store/index.js';
import { createRun } from '../../src/store/runs.js';
import { replicaShares, replicaSharesText } from '../../src/store/replica-shares.js';
import { resolveTeacher } from '../../src/teacher/factory.js';
import { Journal } from '../../src/teacher/journal.js';
import { EndpointPool } from '../../src/teacher/endpoints/pool.js';
import type { Teacher, TeacherRequest } from '../../src/teacher/types.js';
import { tempDir } from '../support/tmp.js';

const servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(opts: FakeServerOptions): Promise<FakeServer> {
  const s = await startFakeServer(opts);
  servers.push(s);
  return s;
}

const env = { OPENAI_API_KEY: 'test-key' };

function teacherFor(cfg: Record<string, unknown>): Teacher {
  return resolveTeacher(TeacherConfigSchema.parse({ provider: 'openai', model: 'distillery-sim-1', ...cfg }), env).teacher;
}

function journalFor(teacher: Teacher, concurrency: number) {
  const store = Store.open(join(tempDir(), 'db.sqlite'));
  const run = createRun(store.db, { name: 'r', method: 'self-instruct', configJson: '{}', configHash: 'h', configFile: null, seed: 1, provider: teacher.provider, model: teacher.model, simulated: false, target: 1, toolVersion: 't' });
  const journal = new Journal({
    store, runId: run.id, teacher, limits: LimitsSchema.parse({ concurrency }), budget: {}, prices: {}, sendSeed: true, random: () => 0.5, retryBaseMs: 5, retryCapMs: 20,
  });
  return { store, run, journal };
}

const requests = (n: number): TeacherRequest[] =>
  Array.from({ length: n }, (_, i) => ({ mode: 'chat', model: 'distillery-sim-1', messages: [{ role: 'user', content: `Write task number ${i} about rivers.` }], params: { temperature: 0.7, max_tokens: 64 } }));

/** Clean answers each request content got, over every server. */
function completedByContent(list: readonly FakeServer[]): Map<string, number> {
  const all = new Map<string, number>();
  for (const s of list) for (const [k, c] of s.stats.byContent) all.set(k, (all.get(k) ?? 0) + c.completed);
  return all;
}

describe('several endpoints per teacher', () => {
  it('two equal endpoints each answer 45-55% of the requests, recorded per call and in the summary line', async () => {
    const a = await serve({ serving: { slots: 8, ttftMs: 2, tpotMs: 0.05 } });
    const b = await serve({ serving: { slots: 8, ttftMs: 2, tpotMs: 0.05 } });
    const teacher = teacherFor({ endpoints: [{ base_url: a.url }, { base_url: b.url }] });
    expect(teacher).toBeInstanceOf(EndpointPool);
    const { store, run, journal } = journalFor(teacher, 16);
    const out = await journal.callAll(journal.prepare('generate', 1, requests(400)));
    expect(out.every((o) => o.ok)).toBe(true);
    const shares = replicaShares(store.db, run.id);
    expect(shares.map((s) => s.url).sort()).toEqual([a.url, b.url].sort());
    for (const s of shares) {
      expect(s.calls / 400).toBeGreaterThanOrEqual(0.45);
      expect(s.calls / 400).toBeLessThanOrEqual(0.55);
    }
    expect(a.stats.completed + b.stats.completed).toBe(400);
    expect(replicaSharesText(shares)).toMatch(/^endpoints \(answers sent this run\): http:\/\/127\.0\.0\.1:\d+\/v1 \d+\.\d% \(\d+\), http/);
    // The key is the group's (its first URL when no endpoint_id names it), whichever replica answers.
    expect(teacher.endpoint).toBe(a.url);
    expect(teacher.keyIdentity).toBe(`openai@${a.url}`);
    const named = teacherFor({ endpoint_id: 'llama-8b-pool', endpoints: [{ base_url: b.url }, { base_url: a.url }] });
    expect([named.endpoint, named.keyIdentity]).toEqual(['llama-8b-pool', 'openai@llama-8b-pool']);
    store.close();
  });

  it('weights split the traffic in proportion', async () => {
    const a = await serve({ serving: { slots: 4, ttftMs: 3, tpotMs: 0 } });
    const b = await serve({ serving: { slots: 4, ttftMs: 3, tpotMs: 0 } });
    const { store, run, journal } = journalFor(teacherFor({ endpoints: [{ base_url: a.url, weight: 3 }, { base_url: b.url, weight: 1 }] }), 8);
    await journal.callAll(journal.prepare('generate', 1, requests(200)));
    const byUrl = new Map(replicaShares(store.db, run.id).map((s) => [s.url, s.calls]));
    expect(byUrl.get(a.url)! / 200).toBeGreaterThan(0.65);
    expect(byUrl.get(a.url)! / 200).toBeLessThan(0.85);
    store.close();
  });

  it('an endpoint that dies mid-run loses nothing: its in-flight requests are answered by the other, each stored once, none answered twice', async () => {
    // A is stopped once it has answered 40 (timed by its answers, not the clock, so a slow machine sees the same), with requests decoding on it (held, never written); B serves on.
    const a = await serve({ serving: { slots: 8, ttftMs: 20, tpotMs: 0 } });
    const b = await serve({ serving: { slots: 8, ttftMs: 20, tpotMs: 0 } });
    const { store, run, journal } = journalFor(teacherFor({ endpoints: [{ base_url: a.url }, { base_url: b.url }] }), 16);
    const killer = setInterval(() => {
      if (a.stats.completed >= 40 && a.stats.inFlight > 0) {
        clearInterval(killer);
        void a.close();
      }
    }, 1);
    const out = await journal.callAll(journal.prepare('generate', 1, requests(300)));
    clearInterval(killer);
    expect(out.every((o) => o.ok)).toBe(true);
    const rows = store.db.prepare(`SELECT key, status, answered_by FROM calls WHERE run_id = ?`).all(run.id) as { key: string; status: string; answered_by: string }[];
    expect(rows).toHaveLength(300);
    expect(new Set(rows.map((r) => r.key)).size).toBe(300);
    expect(rows.every((r) => r.status === 'ok')).toBe(true);
    const fromA = rows.filter((r) => r.answered_by === a.url).length;
    expect(fromA).toBeGreaterThan(0);
    expect(fromA).toBe(a.stats.completed);
    // A had requests in flight when it died: they were received there and answered by B.
    expect(a.stats.received).toBeGreaterThan(a.stats.completed);
    const answered = completedByContent([a, b]);
    expect(answered.size).toBe(300);
    expect([...answered.values()].every((n) => n === 1)).toBe(true);
    expect(a.stats.completed + b.stats.completed).toBe(300);
    store.close();
  });

  it('paces by the x-ratelimit-* headers: no 429 where the same load without pacing gets them', async () => {
    const limit = { requests: 15, windowMs: 400 };
    const paced = await serve({ rateLimit: limit, latencyMs: 5 });
    const p = journalFor(teacherFor({ endpoints: [{ base_url: paced.url }] }), 8);
    const outP = await p.journal.callAll(p.journal.prepare('generate', 1, requests(40)));
    expect(outP.every((o) => o.ok)).toBe(true);
    expect(paced.stats.rateLimited).toBe(0);
    expect(paced.stats.completed).toBe(40);
    p.store.close();

    const unpaced = await serve({ rateLimit: limit, latencyMs: 5 });
    const u = journalFor(teacherFor({ base_url: unpaced.url }), 8);
    await u.journal.callAll(u.journal.prepare('generate', 1, requests(40)));
    expect(unpaced.stats.rateLimited).toBeGreaterThan(0);
    u.store.close();
  });

  it('refuses base_url and endpoints together', () => {
    expect(() => teacherFor({ base_url: 'http://127.0.0.1:1/v1', endpoints: [{ base_url: 'http://127.0.0.1:2/v1' }] })).toThrow(/teacher.endpoints and teacher.base_url are both set/);
  });
});
