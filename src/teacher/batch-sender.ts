import { randomUUID } from 'node:crypto';
import type { Budget, Limits, Price } from '../config/common.js';
import type { Store } from '../store/index.js';
import { FINAL_BATCH_STATES, type BatchApi, type BatchJobStatus, type BatchLine } from './batch-api.js';
import { batchCallCost } from './cost.js';
import type { Traffic } from './traffic.js';
import { TeacherError, type TeacherRequest, type TeacherResponse } from './types.js';

/** A job's state as progress shows it. */
export interface BatchEvent {
  kind: 'batch';
  job: string;
  state: string;
  total: number;
  completed: number;
  failed: number;
}

/** What one call of a collected job came to: an answer stored, or why the line was not answered. */
export type LineOutcome = { ok: true; response: TeacherResponse; tokens: number; cost: number } | { ok: false; error: TeacherError };

/** The journal's side of batch mode: its store, its stop and budget, and its bookkeeping. */
export interface BatchHost {
  store: Store;
  runId: number;
  provider: string;
  limits: Limits;
  budget: Budget;
  prices: Record<string, Price>;
  api: BatchApi;
  pollMs: number;
  traffic: Traffic;
  sleep(ms: number): Promise<void>;
  /** Throws the run's stop, if it must stop. */
  throwIfStopped(): void;
  stopReason(): string | null;
  /** Throws (and stops the run) when the budget is reached. */
  checkBudget(): void;
  /** Calls this run may still send under `budget.max_calls` (Infinity without one). */
  callsLeft(): number;
  stopForBudget(detail: string): void;
  /** `n` calls were submitted (the budget's call count). */
  submitted(n: number): void;
  /** Tokens and cost of stored answers (the budget's and session's totals). */
  charge(tokens: number, cost: number): void;
  onEvent(e: BatchEvent): void;
}

interface Waiting {
  callId: number;
  stageId: string | undefined;
  request: TeacherRequest;
  resolve: (jobRow: number) => void;
  reject: (err: unknown) => void;
}

/** Most lines one job carries (OpenAI's limit is 50,000 lines and 200 MB a file; Anthropic's 100,000 requests and 256 MB). */
const MAX_LINES = 50_000;
/** How long requests are gathered into one job after the first arrives: pipelined waves' requests join it. */
const GATHER_MS = 30;

/**
 * Batch mode's sending (README, "Batch mode"). Calls asked for within a few milliseconds of each
 * other (a wave's, and pipelined waves') go out as one job; its row and lines are journaled before
 * anything is uploaded, the provider's job id as soon as the job exists. A call whose job has a
 * provider id and is not yet collected is in flight: it is polled, never submitted again (resume
 * included). A finished job's lines are matched by custom id; lines that expired, were cancelled
 * or failed are submitted again in a new job, up to `limits.max_attempts` attempts per call.
 */
export class BatchSender {
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** The poll-and-collect of each job this session waits on, by job row. */
  private readonly watching = new Map<number, Promise<Map<number, LineOutcome>>>();
  /** Jobs of a dead session being looked for at the provider, by job row. */
  private readonly recovering = new Map<number, Promise<number | undefined>>();

  constructor(private readonly h: BatchHost) {}

  /** One call until its line is answered, or it fails for good (`{ ok: false }` with the last error). */
  async call(callId: number, stageId: string | undefined, request: TeacherRequest): Promise<LineOutcome> {
    let last: TeacherError | undefined;
    // Submissions this session, as online attempts are counted: `limits.max_attempts` a session.
    let tries = 0;
    for (;;) {
      this.h.throwIfStopped();
      const open = this.openJobOf(callId) ?? (await this.recoverFor(callId));
      if (open === undefined && last && (!last.retryable || tries >= this.h.limits.max_attempts)) return { ok: false, error: last };
      if (open === undefined) tries++;
      const job = open ?? (await this.join(callId, stageId, request));
      const outcome = (await this.watch(job)).get(callId) ?? { ok: false, error: new TeacherError('the batch job ended without an answer for this line', 'server') };
      if (outcome.ok) return outcome;
      last = outcome.error;
    }
  }

  /** The job a call is in flight in: its newest, if submitted (a provider id) and not yet collected. */
  private openJobOf(callId: number): number | undefined {
    const job = this.h.store.batches.latestOf(callId);
    return job && job.provider_job_id !== null && job.status !== 'collected' ? job.id : undefined;
  }

  /**
   * A call whose newest job was journaled but has no provider id: the process died between the row
   * and storing the create call's answer. The provider is asked for a job carrying the row's token
   * (the create call may have gone through): found, it is polled; else nothing was submitted, and
   * the call goes in a new job.
   */
  private recoverFor(callId: number): Promise<number | undefined> {
    const job = this.h.store.batches.latestOf(callId);
    if (!job || job.provider_job_id !== null || job.status !== 'preparing') return Promise.resolve(undefined);
    let p = this.recovering.get(job.id);
    if (!p) {
      p = (async () => {
        const { store, api } = this.h;
        const found = api.find ? await api.find(job.token) : null;
        if (found) {
          store.transaction(() => store.batches.submitted(job.id, found.jobId, found.inputFileId, found.state));
          this.h.submitted(store.batches.lines(job.id).length);
          return job.id;
        }
        store.transaction(() => store.batches.setState(job.id, 'abandoned', undefined));
        return undefined;
      })();
      this.recovering.set(job.id, p);
    }
    return p;
  }

  /** Wait to be put in the next job; resolves with its row once the provider accepted it. */
  private join(callId: number, stageId: string | undefined, request: TeacherRequest): Promise<number> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ callId, stageId, request, resolve, reject });
      this.timer ??= setTimeout(() => {
        this.timer = null;
        const all = this.waiting;
        this.waiting = [];
        // A failure outside the provider's (e.g. the run's lease lost) reaches every waiting call; none waits forever.
        this.submitAll(all).catch((err: unknown) => {
          for (const w of all) w.reject(err);
        });
      }, GATHER_MS);
    });
  }

  private async submitAll(all: Waiting[]): Promise<void> {
    // One job per endpoint (a job has one), at most MAX_LINES lines each.
    for (const mode of ['chat', 'completion'] as const) {
      const group = all.filter((w) => w.request.mode === mode);
      for (let i = 0; i < group.length; i += MAX_LINES) await this.submitJob(group.slice(i, i + MAX_LINES));
    }
  }

  private async submitJob(group: Waiting[]): Promise<void> {
    if (group.length === 0) return;
    const { store, api, limits } = this.h;
    try {
      this.h.throwIfStopped();
      this.h.checkBudget();
    } catch (err) {
      for (const w of group) w.reject(err);
      return;
    }
    // Under budget.max_calls: as many lines as calls are left; the rest are not sent and the run stops.
    const left = this.h.callsLeft();
    if (left < group.length) {
      this.h.stopForBudget(`budget reached: max_calls ${this.h.budget.max_calls} (a batch job carries only the ${Math.max(0, left)} calls left)`);
      const over = group.splice(Math.max(0, left));
      try {
        this.h.throwIfStopped();
      } catch (err) {
        for (const w of over) w.reject(err);
      }
      if (group.length === 0) return;
    }
    const lines: BatchLine[] = group.map((w) => ({ customId: api.customId(w.callId, w.stageId), request: w.request }));
    const endpoint = api.endpoint(group[0]!.request.mode);
    // Journaled before anything is uploaded: a crash from here on leaves a row without a provider id, i.e. never submitted.
    const token = randomUUID();
    const jobRow = store.transaction(() => store.batches.create(this.h.runId, this.h.provider, endpoint, token, group.map((w, i) => ({ callId: w.callId, customId: lines[i]!.customId }))));
    let lastError: TeacherError | undefined;
    for (let tries = 1; tries <= limits.max_attempts; tries++) {
      try {
        // A create call whose answer was lost (a dropped connection) may have made the job: found, it is not made again.
        const job = (tries > 1 && api.find ? await api.find(token) : null) ?? (await api.submit(lines, { distillery_job: token }));
        store.transaction(() => store.batches.submitted(jobRow, job.jobId, job.inputFileId, job.state));
        this.h.submitted(group.length);
        this.h.onEvent({ kind: 'batch', job: job.jobId, state: job.state, total: group.length, completed: 0, failed: 0 });
        for (const w of group) w.resolve(jobRow);
        return;
      } catch (err) {
        lastError = err instanceof TeacherError ? err : new TeacherError(String((err as Error)?.message ?? err), 'bad_response');
        if (!lastError.retryable) break;
        // A provider whose jobs cannot be found again (no metadata): only a refusal that surely made no job is retried.
        if (!api.find && !surelyNotCreated(lastError)) break;
        if (tries < limits.max_attempts) await this.h.sleep(Math.min(30_000, 500 * 2 ** (tries - 1)));
      }
    }
    // Never submitted: the row says so, and each call's error log has why.
    const why = `batch submission failed: ${lastError!.kind}: ${lastError!.message}`;
    store.transaction(() => {
      store.batches.setState(jobRow, 'abandoned', undefined);
      for (const w of group) store.calls.recordFailure(w.callId, store.calls.byId(w.callId)?.attempts ?? 0, why);
    });
    const failure = new TeacherError(why, 'client', undefined, lastError!.status);
    for (const w of group) w.reject(failure);
  }

  /** The job polled to its end and its lines stored, once per job however many calls wait on it. */
  private watch(jobRow: number): Promise<Map<number, LineOutcome>> {
    let p = this.watching.get(jobRow);
    if (!p) {
      p = this.pollAndCollect(jobRow).finally(() => this.watching.delete(jobRow));
      this.watching.set(jobRow, p);
    }
    return p;
  }

  private async pollAndCollect(jobRow: number): Promise<Map<number, LineOutcome>> {
    const { store, api } = this.h;
    const row = store.batches.byId(jobRow)!;
    const providerId = row.provider_job_id!;
    const lines = store.batches.lines(jobRow);
    // A job in progress counts as in flight, each of its lines an attempt at the server.
    const tickets = lines.map((l) => this.h.traffic.attempt(store.calls.byId(l.call_id)?.stage ?? 'batch'));
    for (const t of tickets) t.admitted();
    let status: BatchJobStatus;
    let cancelled = false;
    let errors = 0;
    let seen = '';
    try {
      for (;;) {
        try {
          status = await api.retrieve(providerId);
          errors = 0;
        } catch (err) {
          const e = err instanceof TeacherError ? err : new TeacherError(String(err), 'bad_response');
          if (e.status === 404) {
            // The provider has no such job (deleted, or another account's key): its lines were never answered, and go in a new job.
            status = { id: providerId, state: 'expired', total: lines.length, completed: 0, failed: 0, outputFileId: null, errorFileId: null, errors: `the provider has no job ${providerId} (HTTP 404)` };
            break;
          }
          if (!e.retryable || ++errors >= this.h.limits.max_attempts) throw e;
          await this.h.sleep(this.h.pollMs);
          continue;
        }
        const counts = { total: status.total, completed: status.completed, failed: status.failed };
        const now = `${status.state} ${counts.completed} ${counts.failed}`;
        if (now !== seen) {
          seen = now;
          store.transaction(() => store.batches.setState(jobRow, status.state, counts));
          this.h.onEvent({ kind: 'batch', job: providerId, state: status.state, ...counts });
        }
        if (FINAL_BATCH_STATES.has(status.state)) break;
        const stop = this.h.stopReason();
        // Interrupted (Ctrl-C, breaker, lease lost): the job runs on at the provider, and resume polls it.
        if (stop !== null && stop !== 'budget') this.h.throwIfStopped();
        // A budget cap cancels the job cleanly: what it answered before the cancel is still stored.
        if (stop === 'budget' && !cancelled) {
          cancelled = true;
          await api.cancel(providerId).catch(() => {});
        }
        await this.pause(cancelled);
      }
    } finally {
      for (const t of tickets) t.done();
    }
    return this.collect(jobRow, status, lines);
  }

  /** The wait between polls, cut short by a stop (Ctrl-C need not wait out a long poll interval); `cancelled`: only a non-budget stop cuts it. */
  private async pause(cancelled: boolean): Promise<void> {
    const until = Date.now() + this.h.pollMs;
    for (;;) {
      const left = until - Date.now();
      if (left <= 0) return;
      await this.h.sleep(Math.min(left, 250));
      const stop = this.h.stopReason();
      if (stop !== null && (stop !== 'budget' || !cancelled)) return;
    }
  }

  /** Every line of a finished job stored in one transaction: answers as the journal stores online ones, at batch prices. */
  private async collect(jobRow: number, status: BatchJobStatus, lines: { call_id: number; custom_id: string }[]): Promise<Map<number, LineOutcome>> {
    const { store, api, prices } = this.h;
    const requests = new Map<string, TeacherRequest>();
    const rows = new Map(lines.map((l) => [l.call_id, store.calls.byId(l.call_id)!]));
    for (const l of lines) requests.set(l.custom_id, JSON.parse(rows.get(l.call_id)!.request_json) as TeacherRequest);
    const results = status.outputFileId || status.errorFileId ? await api.results(status, requests) : new Map();
    const jobFailed = status.state === 'failed' ? new TeacherError(`batch job failed: ${status.errors ?? 'no reason given'}`, 'client') : undefined;
    const outcomes = new Map<number, LineOutcome>();
    let tokens = 0;
    let cost = 0;
    store.transaction(() => {
      for (const l of lines) {
        const row = rows.get(l.call_id)!;
        const request = requests.get(l.custom_id)!;
        const r = results.get(l.custom_id);
        let outcome: LineOutcome;
        if (r?.ok) {
          const res = r.response;
          const c = batchCallCost(prices, request.model, res.usage);
          const t = res.usage.promptTokens + res.usage.completionTokens;
          if (res.finishReason === 'content_filter' || (res.text.trim() === '' && res.finishReason !== 'length')) {
            // Billed though not kept, as online: charged, and the line is submitted again.
            store.calls.charge(l.call_id, c);
            tokens += t;
            cost += c;
            outcome = { ok: false, error: new TeacherError(res.finishReason === 'content_filter' ? 'finish_reason content_filter' : 'empty response text', 'bad_response') };
          } else {
            store.calls.complete(l.call_id, {
              text: res.text, finishReason: res.finishReason, responseModel: res.model, responseId: res.id ?? null, simulated: res.simulated,
              promptTokens: res.usage.promptTokens, completionTokens: res.usage.completionTokens, cachedTokens: res.usage.cachedPromptTokens,
              cost: c, latencyMs: Date.now() - Date.parse(row.created_at), attempts: row.attempts, stopReason: res.stopReason ?? null, answeredBy: null,
            });
            tokens += t;
            cost += c;
            outcome = { ok: true, response: res, tokens: t, cost: c };
          }
        } else {
          const error = r?.error ?? jobFailed ?? new TeacherError(`batch job ${status.state} without this line${status.errors ? ` (${status.errors})` : ''}`, 'server');
          outcome = { ok: false, error };
          store.calls.recordFailure(l.call_id, row.attempts, `${error.kind}: ${error.message}`);
        }
        store.batches.setLineOutcome(jobRow, l.call_id, outcome.ok ? 'ok' : outcome.error.message.slice(0, 500));
        outcomes.set(l.call_id, outcome);
      }
      store.batches.setState(jobRow, 'collected', { total: status.total, completed: status.completed, failed: status.failed, final: status.state });
    });
    this.h.charge(tokens, cost);
    return outcomes;
  }
}

/** A create call's failure that made no job: rate limited or overloaded, answered before any work. */
function surelyNotCreated(e: TeacherError): boolean {
  return e.status === 429 || e.status === 529 || e.status === 503;
}
