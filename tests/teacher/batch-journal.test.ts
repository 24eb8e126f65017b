import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Store } from '../../src/store/index.js';
import { createRun } from '../../src/store/runs.js';
import { Journal, StopRequested, type JournalEvent } from '../../src/teacher/journal.js';
import { LimitsSchema } from '../../src/config/common.js';
import type { BatchApi, BatchJobStatus, BatchLine, BatchLineResult, BatchState } from '../../src/teacher/batch-api.js';
import { TeacherError, type Teacher, type TeacherRequest, type TeacherResponse } from '../../src/teacher/types.js';
import { tempDir } from '../support/tmp.js';

/** A provider's batch API from a script: jobs finish after a few polls, can hang, be cancelled (half answered) or fail lines. */
class ScriptedBatchApi implements BatchApi {
  readonly jobs = new Map<string, { lines: BatchLine[]; state: BatchState; polls: number }>();
  submitted: string[] = [];
  cancels = 0;
  /** Polls a job takes to complete; Infinity: never. */
  pollsToFinish = 2;
  /** submit never returns (the process dies before the provider's answer is stored). */
  hangSubmit = false;
  /** submit makes the job, then never returns: its answer is lost. */
  loseAnswer = false;
  /** Custom ids whose line fails the first time. */
  failOnce = new Set<string>();
  readonly tokens = new Map<string, string>();
  customId(callId: number, stageId: string | undefined): string {
    return stageId ? `call-${callId}|${stageId}` : `call-${callId}`;
  }
  endpoint(mode: TeacherRequest['mode']): string {
    return `/v1/${mode}`;
  }
  async submit(lines: readonly BatchLine[], metadata: Record<string, string>): Promise<{ jobId: string; inputFileId: string; state: BatchState }> {
    if (this.hangSubmit) return new Promise(() => {});
    const id = `job-${this.jobs.size + 1}`;
    this.jobs.set(id, { lines: [...lines], state: 'validating', polls: 0 });
    this.tokens.set(metadata.distillery_job!, id);
    this.submitted.push(...lines.map((l) => l.customId));
    if (this.loseAnswer) return new Promise(() => {});
    return { jobId: id, inputFileId: `file-${id}`, state: 'validating' };
  }
  async find(token: string): Promise<{ jobId: string; inputFileId: string; state: BatchState } | null> {
    const id = this.tokens.get(token);
    return id ? { jobId: id, inputFileId: `file-${id}`, state: this.jobs.get(id)!.state } : null;
  }
  async retrieve(id: string): Promise<BatchJobStatus> {
    const j = this.jobs.get(id)!;
    j.polls++;
    if (j.state !== 'cancelled') j.state = j.polls >= this.pollsToFinish ? 'completed' : 'in_progress';
    const final = j.state === 'completed' || j.state === 'cancelled';
    return { id, state: j.state, total: j.lines.length, completed: 0, failed: 0, outputFileId: final ? `out-${id}` : null, errorFileId: null };
  }
  async cancel(id: string): Promise<void> {
    this.cancels++;
    this.jobs.get(id)!.state = 'cancelled';
  }
  async results(status: BatchJobStatus): Promise<Map<string, BatchLineResult>> {
    const j = this.jobs.get(status.id)!;
    const out = new Map<string, BatchLineResult>();
    const answered = j.state === 'cancelled' ? j.lines.slice(0, Math.floor(j.lines.length / 2)) : j.lines;
    // Written in reverse: results are matched by custom id, never by position.
    for (const l of [...answered].reverse()) {
      if (this.failOnce.delete(l.customId)) {
        out.set(l.customId, { ok: false, error: new TeacherError('batch line HTTP 500: boom', 'server', undefined, 500) });
        continue;
      }
      const res: TeacherResponse = { text: `answer to ${l.request.messages![0]!.content}`, finishReason: 'stop', usage: { promptTokens: 100, completionTokens: 50, cachedPromptTokens: 0 }, model: 'm1', simulated: false };
      out.set(l.customId, { ok: true, response: res });
    }
    return out;
  }
}

class BatchTeacher implements Teacher {
  readonly provider = 'openai';
  readonly model = 'm1';
  readonly simulated = false;
  online = 0;
  constructor(readonly batchApi: BatchApi) {}
  async complete(): Promise<TeacherResponse> {
    this.online++;
    throw new Error('batch mode never sends online');
  }
}

function setup(dir: string, teacher: Teacher, extra: Partial<ConstructorParameters<typeof Journal>[0]> = {}) {
  const store = Store.open(join(dir, 'db.sqlite'));
  const run = createRun(store.db, { name: 'r', method: 'self-instruct', configJson: '{}', configHash: 'h', configFile: null, seed: 1, provider: 'openai', model: 'm1', simulated: false, target: 1, toolVersion: 't' });
  const events: JournalEvent[] = [];
  const deps: ConstructorParameters<typeof Journal>[0] = {
    store, runId: run.id, teacher, limits: LimitsSchema.parse({ concurrency: 4, max_attempts: 3 }), budget: {}, prices: { m1: { input: 2, output: 4 } },
    sendSeed: true, random: () => 0.5, sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 2))), batch: { pollMs: 1 }, onEvent: (e) => events.push(e), ...extra,
  };
  return { store, run, journal: new Journal(deps), deps, events };
}
const req = (text: string): TeacherRequest => ({ mode: 'chat', model: 'm1', messages: [{ role: 'user', content: text }], params: { temperature: 1 } });
const wave = (n: number, tag = 'q') => Array.from({ length: n }, (_, i) => req(`${tag}${i}`));

describe('journal in batch mode', () => {
  it('sends a wave as one job, answers each call from its own line, charges batch prices, and shows the job state', async () => {
    const api = new ScriptedBatchApi();
    const t = new BatchTeacher(api);
    const a = setup(tempDir(), t);
    const out = await a.journal.callAll(a.journal.prepare('s', 1, wave(5)));
    expect(out.map((o) => (o.ok ? o.text : o.error))).toEqual(wave(5).map((r) => `answer to ${r.messages![0]!.content}`));
    expect(api.jobs.size).toBe(1);
    expect(t.online).toBe(0);
    const row = a.store.calls.byId(out[0]!.callId)!;
    // Half of input 2 and output 4 per million tokens.
    expect(row.cost).toBeCloseTo((100 * 1 + 50 * 2) / 1e6, 15);
    expect(row.attempts).toBe(1);
    expect(a.journal.stats.new).toBe(5);
    expect(a.journal.stats.cost).toBeCloseTo((5 * 200) / 1e6, 15);
    const states = a.events.filter((e) => e.kind === 'batch').map((e) => (e as { state: string }).state);
    expect(states[0]).toBe('validating');
    expect(states.at(-1)).toBe('completed');
    // Again in a later session: every answer is in the journal, nothing is submitted.
    const again = new Journal(a.deps);
    const out2 = await again.callAll(again.prepare('s', 1, wave(5)));
    expect(out2.every((o) => o.ok && o.source === 'cached')).toBe(true);
    expect(api.submitted).toHaveLength(5);
    a.store.close();
  });

  it('pipelined waves asked for together go in one job', async () => {
    const api = new ScriptedBatchApi();
    const a = setup(tempDir(), new BatchTeacher(api));
    const [w1, w2] = await Promise.all([a.journal.callAll(a.journal.prepare('s', 1, wave(3, 'a'))), a.journal.callAll(a.journal.prepare('s', 2, wave(3, 'b')))]);
    expect([...w1, ...w2].every((o) => o.ok)).toBe(true);
    expect(api.jobs.size).toBe(1);
    expect(api.jobs.get('job-1')!.lines).toHaveLength(6);
    a.store.close();
  });

  it('a job in progress when the session ends is polled on resume, never submitted again', async () => {
    const api = new ScriptedBatchApi();
    api.pollsToFinish = Infinity;
    const a = setup(tempDir(), new BatchTeacher(api));
    const first = a.journal.callAll(a.journal.prepare('s', 1, wave(4)));
    // Stopped (Ctrl-C) once the job is at the provider: the job is left running.
    while (a.events.filter((e) => e.kind === 'batch').length < 2) await new Promise((r) => setTimeout(r, 2));
    a.journal.stop('interrupt', 'interrupted');
    await expect(first).rejects.toBeInstanceOf(StopRequested);
    expect(api.cancels).toBe(0);
    const job = a.store.batches.ofRun(a.run.id);
    expect(job).toHaveLength(1);
    expect(job[0]!.provider_job_id).toBe('job-1');
    // A call of the job counts as in flight: it was sent, with one attempt.
    expect(a.store.calls.spent(a.run.id).calls).toBe(4);
    api.pollsToFinish = 1;
    const resumed = new Journal(a.deps);
    const out = await resumed.callAll(resumed.prepare('s', 1, wave(4)));
    expect(out.every((o) => o.ok && o.source === 'new')).toBe(true);
    expect(api.submitted).toHaveLength(4);
    expect(new Set(api.submitted).size).toBe(4);
    a.store.close();
  });

  it('a job journaled but never submitted (the process died before the provider answered) is submitted again', async () => {
    const api = new ScriptedBatchApi();
    api.hangSubmit = true;
    const a = setup(tempDir(), new BatchTeacher(api));
    void a.journal.callAll(a.journal.prepare('s', 1, wave(3))).catch(() => {});
    while (a.store.batches.ofRun(a.run.id).length === 0) await new Promise((r) => setTimeout(r, 2));
    const row = a.store.batches.ofRun(a.run.id)[0]!;
    expect(row.provider_job_id).toBeNull();
    expect(a.store.batches.lines(row.id)).toHaveLength(3);
    api.hangSubmit = false;
    const resumed = new Journal(a.deps);
    const out = await resumed.callAll(resumed.prepare('s', 1, wave(3)));
    expect(out.every((o) => o.ok)).toBe(true);
    expect(api.submitted).toHaveLength(3);
    expect(a.store.calls.byId(out[0]!.callId)!.attempts).toBe(1);
    a.store.close();
  });

  it('a job whose create call went through but whose answer was lost is found by its token and polled, not submitted again', async () => {
    const api = new ScriptedBatchApi();
    api.loseAnswer = true;
    const a = setup(tempDir(), new BatchTeacher(api));
    void a.journal.callAll(a.journal.prepare('s', 1, wave(3))).catch(() => {});
    while (api.submitted.length === 0) await new Promise((r) => setTimeout(r, 2));
    expect(a.store.batches.ofRun(a.run.id)[0]!.provider_job_id).toBeNull();
    api.loseAnswer = false;
    const resumed = new Journal(a.deps);
    const out = await resumed.callAll(resumed.prepare('s', 1, wave(3)));
    expect(out.every((o) => o.ok)).toBe(true);
    expect(api.submitted).toHaveLength(3);
    expect(api.jobs.size).toBe(1);
    expect(a.store.batches.ofRun(a.run.id)[0]!.provider_job_id).toBe('job-1');
    a.store.close();
  });

  it('failed lines alone go in the next job, up to the attempt limit; then the call fails for good with the line’s error', async () => {
    const api = new ScriptedBatchApi();
    const a = setup(tempDir(), new BatchTeacher(api));
    const calls = a.journal.prepare('s', 1, wave(4));
    api.failOnce = new Set(['call-2', 'call-4']);
    const out = await a.journal.callAll(calls);
    expect(out.every((o) => o.ok)).toBe(true);
    expect(api.jobs.size).toBe(2);
    expect(api.jobs.get('job-2')!.lines.map((l) => l.customId)).toEqual(['call-2', 'call-4']);
    expect(a.store.calls.byId(2)!.attempts).toBe(2);
    expect(a.store.calls.byId(2)!.error).toMatch(/attempt 1: server: batch line HTTP 500: boom/);

    // A line that fails every time: 3 submissions (limits.max_attempts), then failed for good.
    const always = new ScriptedBatchApi();
    const b = setup(tempDir(), new BatchTeacher(always));
    const orig = always.results.bind(always);
    always.results = async (s) => {
      const m = await orig(s);
      m.set('call-1', { ok: false, error: new TeacherError('batch line batch_expired', 'server') });
      return m;
    };
    const got = await b.journal.callAll(b.journal.prepare('s', 1, wave(2)));
    expect(got[0]!.ok).toBe(false);
    expect(got[1]!.ok).toBe(true);
    expect(always.submitted.filter((id) => id === 'call-1')).toHaveLength(3);
    expect(b.store.calls.byId(1)!.status).toBe('failed');
    expect(b.journal.failures[0]).toMatch(/batch_expired/);
    a.store.close();
    b.store.close();
  });

  it('a job the provider no longer has (404) is taken as unanswered: its lines go in a new job', async () => {
    const api = new ScriptedBatchApi();
    api.pollsToFinish = Infinity;
    const a = setup(tempDir(), new BatchTeacher(api));
    const first = a.journal.callAll(a.journal.prepare('s', 1, wave(2)));
    while (a.events.filter((e) => e.kind === 'batch').length < 2) await new Promise((r) => setTimeout(r, 2));
    a.journal.stop('interrupt', 'interrupted');
    await expect(first).rejects.toBeInstanceOf(StopRequested);
    api.pollsToFinish = 1;
    const retrieve = api.retrieve.bind(api);
    api.retrieve = async (id) => {
      if (id === 'job-1') throw new TeacherError('HTTP 404: No batch found', 'client', undefined, 404);
      return retrieve(id);
    };
    const resumed = new Journal(a.deps);
    const out = await resumed.callAll(resumed.prepare('s', 1, wave(2)));
    expect(out.every((o) => o.ok)).toBe(true);
    expect(api.jobs.size).toBe(2);
    expect(a.store.calls.byId(out[0]!.callId)!.error).toMatch(/the provider has no job job-1 \(HTTP 404\)/);
    a.store.close();
  });

  it('a budget stop cancels the job cleanly: what it answered is stored, the rest stays pending', async () => {
    const api = new ScriptedBatchApi();
    api.pollsToFinish = Infinity;
    const a = setup(tempDir(), new BatchTeacher(api));
    const p = a.journal.callAll(a.journal.prepare('s', 1, wave(6)));
    while (a.events.filter((e) => e.kind === 'batch').length < 2) await new Promise((r) => setTimeout(r, 2));
    a.journal.stop('budget', 'budget reached: test');
    await expect(p).rejects.toMatchObject({ reason: 'budget' });
    expect(api.cancels).toBe(1);
    const statuses = (a.store.db.prepare(`SELECT status, COUNT(*) n FROM calls GROUP BY status ORDER BY status`).all() as { status: string; n: number }[]);
    expect(statuses).toEqual([{ status: 'ok', n: 3 }, { status: 'pending', n: 3 }]);
    expect(a.store.batches.ofRun(a.run.id)[0]!.status).toBe('collected');
    a.store.close();
  });

  it('max_calls: a job carries only the calls left, and the run stops for the budget', async () => {
    const api = new ScriptedBatchApi();
    const a = setup(tempDir(), new BatchTeacher(api), { budget: { max_calls: 3 } });
    await expect(a.journal.callAll(a.journal.prepare('s', 1, wave(5)))).rejects.toMatchObject({ reason: 'budget' });
    expect(api.submitted).toHaveLength(3);
    expect(a.store.calls.spent(a.run.id).calls).toBe(3);
    a.store.close();
  });

  it('a provider whose jobs cannot be found again (no find): a create that may have made a job is not retried; a 429 or 529 is', async () => {
    /** Fails its first create calls with the given errors, then makes jobs; has no `find`, as Anthropic's Message Batches. */
    class NoFindApi extends ScriptedBatchApi {
      failures: TeacherError[] = [];
      creates = 0;
      override async submit(lines: readonly BatchLine[], metadata: Record<string, string>) {
        this.creates++;
        const f = this.failures.shift();
        if (f) throw f;
        return super.submit(lines, metadata);
      }
    }
    Object.defineProperty(NoFindApi.prototype, 'find', { value: undefined });
    const overloaded = new NoFindApi();
    overloaded.failures = [new TeacherError('HTTP 529: Overloaded', 'server', undefined, 529), new TeacherError('HTTP 429: slow down', 'rate_limit', undefined, 429)];
    const a = setup(tempDir(), new BatchTeacher(overloaded));
    const out = await a.journal.callAll(a.journal.prepare('s', 1, wave(3)));
    expect(out.every((o) => o.ok)).toBe(true);
    expect(overloaded.creates).toBe(3);
    a.store.close();

    const dropped = new NoFindApi();
    dropped.failures = [new TeacherError('connection reset', 'connection')];
    const b = setup(tempDir(), new BatchTeacher(dropped));
    const failed = await b.journal.callAll(b.journal.prepare('s', 1, wave(3))).catch((err: unknown) => err);
    // One create only: a second could make a second job for the same lines, paid twice.
    expect(dropped.creates).toBe(1);
    expect(dropped.submitted).toHaveLength(0);
    expect(String(Array.isArray(failed) ? failed.map((o) => (o.ok ? '' : o.error)).join(' ') : failed)).toMatch(/batch submission failed: connection: connection reset/);
    b.store.close();
  });
});
