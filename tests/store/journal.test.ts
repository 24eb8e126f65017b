import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Store } from '../../src/store/index.js';
import { createRun } from '../../src/store/runs.js';
import { Journal, StopRequested } from '../../src/teacher/journal.js';
import { LimitsSchema } from '../../src/config/common.js';
import { TeacherError, type Teacher, type TeacherRequest, type TeacherResponse } from '../../src/teacher/types.js';
import { tempDir } from '../support/tmp.js';

/** A teacher that answers from a script and counts what it was sent. */
class ScriptedTeacher implements Teacher {
  readonly provider = 'scripted';
  readonly model = 'm1';
  readonly simulated = false;
  sent: TeacherRequest[] = [];
  failures: (TeacherError | null)[] = [];
  async complete(r: TeacherRequest): Promise<TeacherResponse> {
    this.sent.push(r);
    const f = this.failures.shift();
    if (f) throw f;
    return { text: `answer to ${r.messages?.[0]?.content} #${r.params.seed}`, finishReason: 'stop', usage: { promptTokens: 10, completionTokens: 5, cachedPromptTokens: 0 }, model: 'm1', simulated: false };
  }
}

function setup(dir: string, teacher: Teacher, runName = 'r', extra: Partial<ConstructorParameters<typeof Journal>[0]> = {}) {
  const store = Store.open(join(dir, 'db.sqlite'));
  const run = createRun(store.db, { name: runName, method: 'self-instruct', configJson: '{}', configHash: 'h', configFile: null, seed: 1, provider: teacher.provider, model: teacher.model, simulated: false, target: 1, toolVersion: 't' });
  const journal = new Journal({
    store,
    runId: run.id,
    teacher,
    limits: LimitsSchema.parse({ concurrency: 4 }),
    budget: {},
    prices: { m1: { input: 1, output: 2 } },
    sendSeed: true,
    random: () => 0.5,
    sleep: async () => {},
    ...extra,
  });
  return { store, run, journal };
}
const req = (text: string): TeacherRequest => ({ mode: 'chat', model: 'm1', messages: [{ role: 'user', content: text }], params: { temperature: 1 } });

describe('journal', () => {
  it('journals, answers, and never sends a stored request again (same run, later session)', async () => {
    const dir = tempDir();
    const t = new ScriptedTeacher();
    const a = setup(dir, t);
    const out = await a.journal.callAll(a.journal.prepare('s', 1, [req('x'), req('y')]));
    expect(out.map((o) => o.ok && o.source)).toEqual(['new', 'new']);
    const row = a.store.calls.byId(out[0]!.callId)!;
    expect(row.status).toBe('ok');
    expect(row.cost).toBeCloseTo((10 * 1 + 5 * 2) / 1e6);
    expect(JSON.parse(row.request_json).messages[0].content).toBe('x');
    // A new journal over the same run, as after a restart.
    const again = new Journal({ ...(a.journal as unknown as { deps: ConstructorParameters<typeof Journal>[0] }).deps });
    const out2 = await again.callAll(again.prepare('s', 1, [req('x'), req('y')]));
    expect(out2.map((o) => o.ok && o.source)).toEqual(['cached', 'cached']);
    expect(t.sent).toHaveLength(2);
    a.store.close();
  });

  it('gives identical prompts distinct draws, within a wave and across waves', async () => {
    const dir = tempDir();
    const t = new ScriptedTeacher();
    const a = setup(dir, t);
    const w1 = a.journal.prepare('s', 1, [req('x'), req('x')]);
    expect(w1.map((c) => c.draw)).toEqual([0, 1]);
    expect(w1[0]!.key).not.toBe(w1[1]!.key);
    await a.journal.callAll(w1);
    expect(a.journal.prepare('s', 2, [req('x')])[0]!.draw).toBe(2);
    // Preparing wave 1 again (resume) yields the same keys.
    expect(a.journal.prepare('s', 1, [req('x'), req('x')]).map((c) => c.key)).toEqual(w1.map((c) => c.key));
    a.store.close();
  });

  it('reuses an answer another run already paid for, at no cost', async () => {
    const dir = tempDir();
    const t = new ScriptedTeacher();
    const a = setup(dir, t, 'first');
    await a.journal.callAll(a.journal.prepare('s', 1, [req('x')]));
    const b = new Journal({ ...(a.journal as unknown as { deps: ConstructorParameters<typeof Journal>[0] }).deps, runId: createRun(a.store.db, { name: 'second', method: 'self-instruct', configJson: '{}', configHash: 'h', configFile: null, seed: 1, provider: 'scripted', model: 'm1', simulated: false, target: 1, toolVersion: 't' }).id });
    const out = await b.callAll(b.prepare('s', 1, [req('x')]));
    expect(out[0]!.ok && out[0]!.source).toBe('reused');
    const row = a.store.calls.byId(out[0]!.callId)!;
    expect(row.reused_from).not.toBeNull();
    expect(row.cost).toBe(0);
    expect(t.sent).toHaveLength(1);
    a.store.close();
  });

  it('retries retryable failures, records attempts, and fails for good after max_attempts', async () => {
    const dir = tempDir();
    const t = new ScriptedTeacher();
    t.failures = [new TeacherError('HTTP 429', 'rate_limit', 10, 429), new TeacherError('HTTP 503', 'server', undefined, 503)];
    const a = setup(dir, t);
    const [ok] = await a.journal.callAll(a.journal.prepare('s', 1, [req('x')]));
    expect(ok!.ok).toBe(true);
    expect(a.store.calls.byId(ok!.callId)!.attempts).toBe(3);
    t.failures = Array.from({ length: 10 }, () => new TeacherError('HTTP 500', 'server', undefined, 500));
    const [bad] = await a.journal.callAll(a.journal.prepare('s', 1, [req('z')]));
    expect(bad!.ok).toBe(false);
    const row = a.store.calls.byId(bad!.callId)!;
    expect(row.status).toBe('failed');
    expect(row.attempts).toBe(6);
    expect(row.error).toContain('HTTP 500');
    a.store.close();
  });

  it('does not retry a client error (400)', async () => {
    const dir = tempDir();
    const t = new ScriptedTeacher();
    t.failures = [new TeacherError('HTTP 400: bad', 'client', undefined, 400)];
    const a = setup(dir, t);
    const [bad] = await a.journal.callAll(a.journal.prepare('s', 1, [req('x')]));
    expect(bad!.ok).toBe(false);
    expect(t.sent).toHaveLength(1);
    a.store.close();
  });

  it('stops the run as failed after limits.hard_failures client errors in a row of one status, each with its own message (issue 21)', async () => {
    const dir = tempDir();
    const t = new ScriptedTeacher();
    t.failures = Array.from({ length: 8 }, (_, i) => new TeacherError(`HTTP 400: request ${i} rejected (id req_${1000 + i})`, 'client', undefined, 400));
    const a = setup(dir, t, 'r', { limits: LimitsSchema.parse({ concurrency: 1, hard_failures: 3 }) });
    const err = await a.journal.callAll(a.journal.prepare('s', 1, ['a', 'b', 'c', 'd', 'e', 'f'].map(req))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StopRequested);
    expect((err as StopRequested).reason).toBe('failed'); // a hard failure, not a pause of the breaker
    expect((err as StopRequested).detail).toBe(
      '3 failures in a row with HTTP 400 that retrying cannot fix, each with its own message (limits.hard_failures), at stage s; the last: client: HTTP 400: request 2 rejected (id req_1002)',
    );
    expect(t.sent.length).toBeLessThanOrEqual(4);
    a.store.close();
  });

  it('stops the run as failed after limits.hard_failures identical client errors in a row, each stored as failed', async () => {
    const dir = tempDir();
    const t = new ScriptedTeacher();
    const e401 = () => new TeacherError('HTTP 401: Incorrect API key provided', 'client', undefined, 401);
    t.failures = [e401(), new TeacherError('HTTP 400: other', 'client', undefined, 400), e401(), e401(), e401(), e401()];
    const a = setup(dir, t, 'r', { limits: LimitsSchema.parse({ concurrency: 1, hard_failures: 3 }) });
    const err = await a.journal.callAll(a.journal.prepare('s', 1, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map(req))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StopRequested);
    expect((err as StopRequested).reason).toBe('failed');
    expect((err as StopRequested).detail).toBe('3 identical failures in a row that retrying cannot fix (limits.hard_failures), at stage s: client: HTTP 401: Incorrect API key provided');
    // The 400 in between broke the run of 401s: the stop came with the fifth answer (the next request
    // may already be on its way while the fifth failure is stored); the rest were never sent.
    expect(t.sent.length).toBeGreaterThanOrEqual(5);
    expect(t.sent.length).toBeLessThanOrEqual(6);
    const statuses = a.store.db.prepare(`SELECT status FROM calls ORDER BY id`).all().map((r) => (r as { status: string }).status);
    expect(statuses.slice(0, 5)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed']);
    expect(statuses.slice(6)).toEqual(['pending', 'pending']);
    a.store.close();
  });

  it('sends a call that failed for good again in a later session, attempts counting on, unless skipFailed', async () => {
    const dir = tempDir();
    const t = new ScriptedTeacher();
    t.failures = [new TeacherError('HTTP 500', 'server', undefined, 500), new TeacherError('HTTP 500', 'server', undefined, 500)];
    const a = setup(dir, t, 'r', { limits: LimitsSchema.parse({ concurrency: 1, max_attempts: 2 }) });
    const [bad] = await a.journal.callAll(a.journal.prepare('s', 1, [req('x')]));
    expect(bad!.ok).toBe(false);
    const deps = (a.journal as unknown as { deps: ConstructorParameters<typeof Journal>[0] }).deps;
    const skipping = new Journal({ ...deps, skipFailed: true });
    const [still] = await skipping.callAll(skipping.prepare('s', 1, [req('x')]));
    expect(still).toEqual({ ok: false, callId: bad!.callId, error: 'server: HTTP 500' });
    expect(skipping.stats.skipped).toBe(1);
    expect(skipping.failures).toEqual([]);
    expect(t.sent).toHaveLength(2);
    const again = new Journal(deps);
    const [ok] = await again.callAll(again.prepare('s', 1, [req('x')]));
    expect(ok!.ok && ok!.source).toBe('new');
    expect(ok!.callId).toBe(bad!.callId);
    expect(a.store.calls.byId(ok!.callId)!).toMatchObject({ status: 'ok', attempts: 3 });
    a.store.close();
  });

  it('429s inside limits.rate_limit_window_seconds do not trip the breaker; other failures do', async () => {
    const dir = tempDir();
    const t = new ScriptedTeacher();
    t.failures = Array.from({ length: 5 }, () => new TeacherError('HTTP 429', 'rate_limit', 5, 429));
    const a = setup(dir, t, 'r', { limits: LimitsSchema.parse({ concurrency: 1, breaker_failures: 2, max_attempts: 10 }) });
    const [ok] = await a.journal.callAll(a.journal.prepare('s', 1, [req('x')]));
    expect(ok!.ok).toBe(true);
    t.failures = Array.from({ length: 5 }, () => new TeacherError('HTTP 503', 'server', undefined, 503));
    const err = await a.journal.callAll(a.journal.prepare('s', 1, [req('y')])).catch((e: unknown) => e);
    expect((err as StopRequested).reason).toBe('breaker');
    // Past the window (0 s here), 429s count like any failed attempt.
    const b = setup(tempDir(), t, 'r', { limits: LimitsSchema.parse({ concurrency: 1, breaker_failures: 2, max_attempts: 10, rate_limit_window_seconds: 0 }) });
    t.failures = Array.from({ length: 5 }, () => new TeacherError('HTTP 429', 'rate_limit', 5, 429));
    const err2 = await b.journal.callAll(b.journal.prepare('s', 1, [req('z')])).catch((e: unknown) => e);
    expect((err2 as StopRequested).reason).toBe('breaker');
    a.store.close();
    b.store.close();
  });

  it('waits out Retry-After up to limits.max_retry_after_seconds, telling onEvent', async () => {
    const dir = tempDir();
    const t = new ScriptedTeacher();
    t.failures = [new TeacherError('HTTP 429', 'rate_limit', 120_000, 429), new TeacherError('HTTP 429', 'rate_limit', 2_000, 429)];
    const slept: number[] = [];
    const events: unknown[] = [];
    const a = setup(dir, t, 'r', {
      limits: LimitsSchema.parse({ concurrency: 1, max_retry_after_seconds: 60 }),
      sleep: async (ms) => void slept.push(ms),
      retryBaseMs: 1,
      onEvent: (e) => e.kind === 'wait' && events.push(e),
    });
    const [ok] = await a.journal.callAll(a.journal.prepare('s', 1, [req('x')]));
    expect(ok!.ok).toBe(true);
    expect(slept).toEqual([60_000, 2_000]);
    expect(events).toEqual([
      { kind: 'wait', stage: 's', waitMs: 60_000, attempt: 2, maxAttempts: 6, error: 'rate_limit: HTTP 429', retryAfterMs: 120_000, cappedAtMs: 60_000 },
      { kind: 'wait', stage: 's', waitMs: 2_000, attempt: 3, maxAttempts: 6, error: 'rate_limit: HTTP 429', retryAfterMs: 2_000, cappedAtMs: undefined },
    ]);
    a.store.close();
  });

  it('stops cleanly at max_calls and leaves unsent requests pending for resume', async () => {
    const dir = tempDir();
    const t = new ScriptedTeacher();
    const a = setup(dir, t, 'r', { budget: { max_calls: 2 }, limits: LimitsSchema.parse({ concurrency: 1 }) });
    await expect(a.journal.callAll(a.journal.prepare('s', 1, [req('a'), req('b'), req('c')]))).rejects.toBeInstanceOf(StopRequested);
    expect(t.sent).toHaveLength(2);
    const statuses = a.store.db.prepare(`SELECT status FROM calls ORDER BY id`).all().map((r) => (r as { status: string }).status);
    expect(statuses).toEqual(['ok', 'ok', 'pending']);
    a.store.close();
  });
});

describe('journal keys', () => {
  it('a prepared key is the key of the request as sent, and changes with provider, draw, text and parameters', async () => {
    const { keyRequests, requestKey } = await import('../../src/teacher/key.js');
    const base = req('x');
    const [k0, k1] = keyRequests('openai', [base, base], () => 0, true);
    expect(k0!.key).toBe(requestKey('openai', k0!.request, 0));
    expect(k1!.key).toBe(requestKey('openai', k1!.request, 1));
    expect(k0!.contentHash).toBe(k1!.contentHash);
    expect(new Set([k0!.key, k1!.key, requestKey('sim', k0!.request, 0), requestKey('openai', req('y'), 0), requestKey('openai', { ...base, params: { temperature: 0.5, seed: 0 } }, 0)]).size).toBe(5);
    // Without a seed sent, the draw still separates repeated samples.
    const [u0, u1] = keyRequests('openai', [base, base], () => 0, false);
    expect(u0!.request.params.seed).toBeUndefined();
    expect(u0!.key).not.toBe(u1!.key);
  });
});
