import type { Budget, Limits, Price } from '../config/common.js';
import type { CallRow } from '../store/calls.js';
import type { Store } from '../store/index.js';
import { lastErrorOf } from '../store/summary.js';
import { backoffMs } from './backoff.js';
import { callCost } from './cost.js';
import { keyIdentityOf, keyRequests } from './key.js';
import { Limiter } from './limiter.js';
import { ContextLengthError, overflowHint } from './context-length.js';
import { answerChecks, estimatePromptTokens } from './prompt-check.js';
import { Traffic } from './traffic.js';
import { BatchSender, type BatchEvent } from './batch-sender.js';
import { attemptTimeoutMs } from './retry-timeout.js';
import type { Verdict } from '../store/samples.js';
import { TeacherError, type FinishReason, type StageHint, type Teacher, type TeacherRequest, type TeacherResponse, type Usage } from './types.js';

/** A request with its journal identity, ready to be answered from the journal or the teacher. */
export interface PreparedCall {
  stage: string;
  /** The declared stage the request is for, handed to the teacher (never part of the key). */
  hint?: StageHint;
  wave: number;
  request: TeacherRequest;
  draw: number;
  key: string;
  contentHash: string;
}

export type CallSource = 'new' | 'cached' | 'reused';

/**
 * A call's result. `checks` are answer-level verdicts the journal found (see prompt-check.ts): a
 * failed `prompt-intact` verdict when the server reported a prompt well shorter than the request
 * held; empty when nothing was found. A recipe puts them on the samples derived from the answer.
 */
export type CallOutcome =
  | { ok: true; callId: number; text: string; finishReason: FinishReason; source: CallSource; checks: Verdict[] }
  | { ok: false; callId: number; error: string };

/** A call that failed for good in this session: its stage, HTTP status (if any) and last error. */
export interface CallFailure {
  stage: string;
  wave: number;
  status?: number;
  error: string;
}

/** `failed`: calls failed for good and the run cannot honestly go on (identical hard failures, or a wave with calls failed for good). */
export type StopReason = 'interrupt' | 'budget' | 'breaker' | 'failed';

/** Thrown out of a wave when the run must stop; everything already answered is stored. */
export class StopRequested extends Error {
  constructor(readonly reason: StopReason, readonly detail: string) {
    super(detail);
    this.name = 'StopRequested';
  }
}

/** A call answered (from the journal or the teacher) or failed for good. */
export interface CallEvent {
  kind?: 'call';
  stage: string;
  source: CallSource | 'failed';
  tokens: number;
  cost: number;
  /** An answer found in storage: the request it answers (`plan` counts the tokens a cached request would have cost). */
  request?: TeacherRequest;
}

/** A request failed an attempt and waits before the next one (backoff, or the server's Retry-After up to its cap). */
export interface WaitEvent {
  kind: 'wait';
  stage: string;
  waitMs: number;
  /** The attempt about to be made after the wait, and how many this session allows. */
  attempt: number;
  maxAttempts: number;
  /** The failed attempt's error, e.g. "rate_limit: HTTP 429: Rate limit reached...". */
  error: string;
  /** What the server asked for (Retry-After / retry-after-ms), if anything. */
  retryAfterMs?: number;
  /** Set when the server asked for longer than `limits.max_retry_after_seconds`: the wait is this cap. */
  cappedAtMs?: number;
}

export type JournalEvent = CallEvent | WaitEvent | BatchEvent;
export type { BatchEvent };

export interface JournalDeps {
  store: Store;
  runId: number;
  teacher: Teacher;
  limits: Limits;
  budget: Budget;
  prices: Record<string, Price>;
  sendSeed: boolean;
  /** Jitter source for backoff. */
  random: () => number;
  retryBaseMs?: number;
  retryCapMs?: number;
  sleep?: (ms: number) => Promise<void>;
  onEvent?: (e: JournalEvent) => void;
  /** The teacher's own timeout (`teacher.timeout_seconds`), the first attempt's; retries after a timeout grow it (`limits.timeout_growth`). */
  timeoutMs?: number;
  /**
   * A call stored as failed for good is sent again (its attempts counting on) unless this is set
   * (`--skip-failed`): then its stored failure is the answer, as the session that failed saw it.
   */
  skipFailed?: boolean;
  /** Another journal of the same run (a named teacher's follows the run's): a stop of either stops both. */
  follows?: Journal;
  /** Batch mode (`teacher.batch`): requests go out as provider batch jobs, polled this often. */
  batch?: { pollMs: number };
}

export interface JournalStats {
  new: number;
  cached: number;
  reused: number;
  failed: number;
  /** Calls stored as failed for good that this session did not send again (`--skip-failed`). */
  skipped: number;
  tokens: number;
  cost: number;
  attempts: number;
}

/**
 * The journal-backed teacher (DESIGN invariants 1 and 2): every request is written before it is
 * sent, under its content key; an answer already stored, in this run or any other run of the
 * database, is never requested again.
 */
export class Journal {
  readonly limiter: Limiter;
  readonly stats: JournalStats = { new: 0, cached: 0, reused: 0, failed: 0, skipped: 0, tokens: 0, cost: 0, attempts: 0 };
  /** Each call that failed for good in this session, in order: its stage, HTTP status and last error. */
  readonly failed: CallFailure[] = [];
  /** Where this session's requests are now (queued, at the server, backing off), for progress and the summary. */
  readonly traffic = new Traffic();
  private readonly spent: { cost: number; tokens: number; calls: number };
  private stopReason: StopRequested | null = null;
  /** Failed attempts since the last success (the circuit breaker's count). */
  private consecutiveFailures = 0;
  /** The last failure retrying cannot fix, and how many of it came in a row. */
  private lastHard: string | null = null;
  private identicalHard = 0;
  private lastHardMessage: string | null = null;
  private hardMessagesDiffer = false;
  /** When the current run of 429s began (reset by a success). */
  private rateLimitedSince: number | null = null;
  /**
   * Calls keyed and not yet looked up, by content hash: a large wave's rows are written a chunk at
   * a time, so a wave keyed meanwhile (pipelined, ahead of its turn) counts these too when it
   * numbers its identical requests' draws; else its draw indices would depend on timing.
   */
  private readonly unresolved = new Map<string, { wave: number; key: string }[]>();
  private readonly sleep: (ms: number) => Promise<void>;
  /** Batch mode's sender, when `batch` is set. */
  private readonly batch: BatchSender | null = null;

  constructor(private readonly deps: JournalDeps) {
    this.limiter = new Limiter({
      concurrency: deps.limits.concurrency,
      requestsPerMinute: deps.limits.requests_per_minute,
      tokensPerMinute: deps.limits.tokens_per_minute,
    });
    this.spent = { ...deps.store.calls.spent(deps.runId) };
    this.sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    if (deps.batch) {
      const api = deps.teacher.batchApi;
      if (!api) throw new Error(`teacher.batch: the ${deps.teacher.provider} teacher has no batch API here (batch mode is for providers openai and anthropic, with one base_url)`);
      this.batch = new BatchSender({
        store: deps.store, runId: deps.runId, provider: deps.teacher.provider, limits: deps.limits, budget: deps.budget, prices: deps.prices, api,
        pollMs: deps.batch.pollMs, traffic: this.traffic, sleep: this.sleep,
        throwIfStopped: () => this.throwIfStopped(),
        stopReason: () => this.stopped?.reason ?? null,
        checkBudget: () => this.checkBudget(),
        callsLeft: () => (deps.budget.max_calls === undefined ? Infinity : deps.budget.max_calls - this.spent.calls),
        stopForBudget: (detail) => this.stop('budget', detail),
        submitted: (n) => {
          this.spent.calls += n;
          this.stats.attempts += n;
        },
        charge: (tokens, cost) => {
          this.charge(tokens, cost);
          // A cost or token cap reached by a job's answers stops the run; other jobs in flight are cancelled.
          const b = deps.budget;
          if ((b.max_cost !== undefined && this.spent.cost >= b.max_cost) || (b.max_tokens !== undefined && this.spent.tokens >= b.max_tokens)) {
            try {
              this.checkBudget();
            } catch {
              /* stopped: seen by every call and job */
            }
          }
        },
        onEvent: (e) => this.deps.onEvent?.(e),
      });
    }
  }

  /** The model name requests are addressed to. */
  get model(): string {
    return this.deps.teacher.model;
  }

  /** The same failures as lines, "stage <stage>: <last error>" (what a wave's or run's summary quotes). */
  get failures(): string[] {
    return this.failed.map((f) => `stage ${f.stage}: ${f.error}`);
  }

  /**
   * A wave's failures, as `failures` words them: those of its own calls (some sent early, by a
   * pipelined start), and any other from the `from`-th on except those of the `ahead` waves
   * (started early, they fail in their own turn).
   */
  failuresOfWave(wave: number, from: number, ahead: ReadonlySet<number>): string[] {
    return this.failed
      .filter((f, i) => f.wave === wave || (i >= from && !ahead.has(f.wave)))
      .map((f) => `stage ${f.stage}: ${f.error}`);
  }

  get stopped(): StopRequested | null {
    return this.stopReason ?? this.deps.follows?.stopped ?? null;
  }

  /** Ask the run to stop: requests not yet sent are not sent; those in flight are stored. */
  stop(reason: StopReason, detail: string): void {
    this.stopReason ??= new StopRequested(reason, detail);
    this.deps.follows?.stop(reason, detail);
  }

  /** Give each request its draw index and key, in list order (deterministic for a given wave). */
  prepare(stage: string, wave: number, requests: TeacherRequest[], hint?: StageHint): PreparedCall[] {
    return this.prepareEach(wave, requests.map((request) => ({ stage, hint, request })));
  }

  /** Like `prepare`, for a list whose requests belong to different stages (draws still counted in list order). */
  prepareEach(wave: number, items: readonly { stage: string; hint?: StageHint; request: TeacherRequest }[]): PreparedCall[] {
    const { store, runId, teacher, sendSeed } = this.deps;
    // Counted once per distinct request: nothing is written while the list is keyed.
    const counted = new Map<string, number>();
    const earlier = (hash: string) => counted.get(hash) ?? counted.set(hash, this.earlierDraws(hash, wave)).get(hash)!;
    const keyed = keyRequests(keyIdentityOf(teacher), items.map((i) => i.request), earlier, sendSeed);
    for (const k of keyed) {
      const list = this.unresolved.get(k.contentHash);
      if (list) list.push({ wave, key: k.key });
      else this.unresolved.set(k.contentHash, [{ wave, key: k.key }]);
    }
    return keyed.map((k, i) => ({ stage: items[i]!.stage, hint: items[i]!.hint, wave, ...k }));
  }

  /** Identical requests of earlier waves: those stored, and those keyed whose rows are not written yet. */
  private earlierDraws(hash: string, wave: number): number {
    const { store, runId } = this.deps;
    const stored = store.calls.earlierDraws(runId, hash, wave);
    const pending = this.unresolved.get(hash);
    if (!pending) return stored;
    // Rows of a resumed run may exist already (counted above): only the unwritten ones are added.
    return stored + pending.filter((e) => e.wave < wave && !store.calls.own(runId, e.key)).length;
  }

  /** A keyed call is being looked up: from now on its row, if it gets one, is in the store. */
  private settleKey(c: PreparedCall): void {
    const list = this.unresolved.get(c.contentHash);
    if (!list) return;
    const i = list.findIndex((e) => e.key === c.key);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.unresolved.delete(c.contentHash);
  }

  /**
   * Answer every call; results come back in the calls' order whatever the completion order.
   * Journal lookups and pending rows are written a chunk at a time, one transaction per chunk, and
   * each chunk's requests leave before the next chunk is looked up, so a large wave starts at once.
   */
  async callAll(calls: PreparedCall[]): Promise<CallOutcome[]> {
    const outcomes: Promise<CallOutcome>[] = [];
    const chunk = Math.max(64, this.deps.limits.concurrency);
    for (let i = 0; i < calls.length; i += chunk) {
      const part = calls.slice(i, i + chunk);
      const steps = this.deps.store.transaction(() => part.map((c) => this.resolve(c)));
      steps.forEach((step, j) => {
        const c = part[j]!;
        const outcome =
          step.kind === 'answered'
            ? Promise.resolve(step.outcome)
            : step.kind === 'stopped'
              ? Promise.reject(step.stop)
              : this.batch
                ? this.sendInBatch(c, step.callId)
                : this.send(c, step.callId, step.priorAttempts);
        outcome.catch(() => {}); // settled below; marked handled while later chunks are prepared
        outcomes.push(outcome);
      });
      if (i + chunk < calls.length) await new Promise((r) => setImmediate(r));
    }
    const settled = await Promise.allSettled(outcomes);
    const stop = settled.find((s) => s.status === 'rejected' && s.reason instanceof StopRequested);
    if (stop) throw (stop as PromiseRejectedResult).reason;
    return settled.map((s) => {
      if (s.status === 'rejected') throw s.reason;
      return s.value;
    });
  }

  call(c: PreparedCall): Promise<CallOutcome> {
    return this.callAll([c]).then((o) => o[0]!);
  }

  /** From the journal alone: an answer already stored, or the pending row to send (written before it is sent). */
  private resolve(c: PreparedCall): { kind: 'answered'; outcome: CallOutcome } | { kind: 'send'; callId: number; priorAttempts: number } | { kind: 'stopped'; stop: StopRequested } {
    const { store, runId } = this.deps;
    this.settleKey(c);
    const own = store.calls.own(runId, c.key);
    if (own?.status === 'ok') return { kind: 'answered', outcome: this.fromRow(own, 'cached', c) };
    if (own?.status === 'failed' && this.deps.skipFailed) {
      this.stats.skipped++;
      return { kind: 'answered', outcome: { ok: false, callId: own.id, error: lastErrorOf(own) } };
    }
    if (!own) {
      const elsewhere = store.calls.anyOk(c.key);
      if (elsewhere) {
        const id = store.calls.insertReused(runId, elsewhere.id, c.wave, c.stage, c.draw);
        return { kind: 'answered', outcome: this.fromRow({ ...elsewhere, id }, 'reused', c) };
      }
    }
    const stop = this.stopped;
    if (stop) return { kind: 'stopped', stop };
    const callId =
      own?.id ??
      store.calls.insertPending({
        runId,
        key: c.key,
        contentHash: c.contentHash,
        draw: c.draw,
        wave: c.wave,
        stage: c.stage,
        provider: this.deps.teacher.provider,
        model: c.request.model,
        mode: c.request.mode,
        requestJson: JSON.stringify(c.request),
      });
    return { kind: 'send', callId, priorAttempts: own?.attempts ?? 0 };
  }

  /**
   * One request until it is answered or fails for good. Only the attempt itself holds a place in
   * the limiter: storing the answer and waiting out a backoff happen outside it, so a slot never
   * idles on a commit or a Retry-After. A retry after a timeout gets a longer timeout
   * (`limits.timeout_growth`); an empty answer is tried `limits.empty_answer_attempts` times at most;
   * every answer the server billed, kept or not, is charged to the call and the budget.
   */
  private async send(c: PreparedCall, callId: number, priorAttempts: number): Promise<CallOutcome> {
    const { store, teacher, limits } = this.deps;
    let attempts = priorAttempts;
    let lastError = '';
    let lastStatus: number | undefined;
    let timeouts = 0;
    let empties = 0;
    const charged = { tokens: 0, cost: 0 };
    const started = Date.now();
    const estimate = () => estimateTokens(c.request);
    for (let tries = 1; tries <= limits.max_attempts; tries++) {
      let t0 = 0;
      let res: TeacherResponse;
      const timeoutMs = this.deps.timeoutMs !== undefined ? attemptTimeoutMs(this.deps.timeoutMs, timeouts, limits.timeout_growth, limits.max_timeout_seconds * 1000) : undefined;
      const ticket = this.traffic.attempt(c.stage);
      try {
        res = await this.limiter.run(async () => {
          // Checked on admission: requests waiting in the queue are not sent once the run must stop.
          this.throwIfStopped();
          this.checkBudget();
          ticket.admitted();
          attempts++;
          this.spent.calls++;
          this.stats.attempts++;
          t0 = Date.now();
          const opts = { ...(c.hint ? { stage: c.hint } : {}), ...(timeouts > 0 && timeoutMs !== undefined ? { timeoutMs } : {}) };
          return await teacher.complete(c.request, Object.keys(opts).length > 0 ? opts : undefined);
        }, estimate, -c.wave);
        ticket.done();
        if (res.finishReason === 'content_filter') throw new RejectedAnswer('finish_reason content_filter', res.usage);
        if (res.text.trim() === '' && res.finishReason !== 'length') throw new RejectedAnswer('empty response text', res.usage, true);
      } catch (err) {
        ticket.done();
        if (err instanceof StopRequested) throw err;
        const e = err instanceof TeacherError ? err : new TeacherError(String((err as Error)?.message ?? err), 'bad_response');
        let giveUp = !e.retryable;
        let text = `${e.kind}: ${e.message}`;
        if (e instanceof RejectedAnswer) {
          // Billed by the server though not kept: charged, so --max-cost and the summary see it.
          const cost = callCost(this.deps.prices, c.request.model, e.usage);
          const tokens = e.usage.promptTokens + e.usage.completionTokens;
          await store.group.write(() => store.calls.charge(callId, cost));
          this.charge(tokens, cost);
          charged.tokens += tokens;
          charged.cost += cost;
          text += ` (billed: ${e.usage.promptTokens} prompt + ${e.usage.completionTokens} completion tokens)`;
          if (e.empty && ++empties >= limits.empty_answer_attempts) {
            giveUp = true;
            text += `; ${empties} empty answers: not retried again (limits.empty_answer_attempts), the same request gives the same answer; check the stage's stop strings`;
          }
        }
        if (e.kind === 'timeout' && timeoutMs !== undefined) {
          timeouts++;
          text += ` after ${secs(timeoutMs)} (the timeout includes time queued at the server)`;
          if (tries < limits.max_attempts) text += `; the next attempt waits up to ${secs(attemptTimeoutMs(this.deps.timeoutMs!, timeouts, limits.timeout_growth, limits.max_timeout_seconds * 1000))} (limits.timeout_growth)`;
        }
        if (e instanceof ContextLengthError) text += ` [${overflowHint(e.overflow, c.stage, c.request.params.max_tokens)}]`;
        lastError = text;
        lastStatus = e.status;
        // Counted before the failure is stored, so a stop is seen by the next request admitted.
        if (e.kind === 'rate_limit') this.limiter.onRateLimited();
        this.noteFailure(e, lastError, c.stage);
        await store.group.write(() => store.calls.recordFailure(callId, attempts, lastError));
        if (giveUp) break;
        // Tripped by this failure or stopped meanwhile: the row stays pending, and resume sends it again.
        this.throwIfStopped();
        if (tries < limits.max_attempts) {
          const wait = this.retryWait(tries, e);
          this.deps.onEvent?.({ kind: 'wait', stage: c.stage, waitMs: wait.ms, attempt: tries + 1, maxAttempts: limits.max_attempts, error: lastError, retryAfterMs: e.retryAfterMs, cappedAtMs: wait.cappedAtMs });
          const over = this.traffic.backoff();
          try {
            await this.sleep(wait.ms);
          } finally {
            over();
          }
        }
        continue;
      }
      // Outside the try: a failure to store must never be taken for a teacher error and resent.
      const cost = callCost(this.deps.prices, c.request.model, res.usage);
      const tokens = res.usage.promptTokens + res.usage.completionTokens;
      await store.group.write(() =>
        store.calls.complete(callId, {
          text: res.text,
          finishReason: res.finishReason,
          responseModel: res.model,
          responseId: res.id ?? null,
          simulated: res.simulated,
          promptTokens: res.usage.promptTokens,
          completionTokens: res.usage.completionTokens,
          cachedTokens: res.usage.cachedPromptTokens,
          cost,
          latencyMs: Date.now() - t0,
          attempts,
          stopReason: res.stopReason ?? null,
          answeredBy: res.answeredBy ?? null,
        }),
      );
      this.charge(tokens, cost);
      this.stats.new++;
      this.consecutiveFailures = 0;
      this.identicalHard = 0;
      this.lastHard = null;
      this.rateLimitedSince = null;
      this.limiter.onSuccess();
      this.deps.onEvent?.({ stage: c.stage, source: 'new', tokens: tokens + charged.tokens, cost: cost + charged.cost });
      const checks = answerChecks(c.request, res.usage.promptTokens, limits.prompt_intact_ratio);
      return { ok: true, callId, text: res.text, finishReason: res.finishReason, source: 'new', checks };
    }
    await store.group.write(() => store.calls.fail(callId, attempts, Date.now() - started));
    this.stats.failed++;
    this.failed.push({ stage: c.stage, wave: c.wave, ...(lastStatus !== undefined ? { status: lastStatus } : {}), error: lastError });
    this.deps.onEvent?.({ stage: c.stage, source: 'failed', tokens: charged.tokens, cost: charged.cost });
    // Stored as failed; if the run must stop (e.g. this was the last of the identical hard failures), it stops here.
    this.throwIfStopped();
    return { ok: false, callId, error: lastError };
  }

  /** One request through batch mode (batch-sender.ts): answered from its job, or failed for good. */
  private async sendInBatch(c: PreparedCall, callId: number): Promise<CallOutcome> {
    const { store, limits } = this.deps;
    const started = Date.now();
    const r = await this.batch!.call(callId, c.hint?.id, c.request);
    if (r.ok) {
      this.stats.new++;
      this.consecutiveFailures = 0;
      this.identicalHard = 0;
      this.lastHard = null;
      this.deps.onEvent?.({ stage: c.stage, source: 'new', tokens: r.tokens, cost: r.cost });
      const checks = answerChecks(c.request, r.response.usage.promptTokens, limits.prompt_intact_ratio);
      return { ok: true, callId, text: r.response.text, finishReason: r.response.finishReason, source: 'new', checks };
    }
    const attempts = store.calls.byId(callId)?.attempts ?? 0;
    const error = `${r.error.kind}: ${r.error.message}`;
    await store.group.write(() => store.calls.fail(callId, attempts, Date.now() - started));
    this.stats.failed++;
    this.failed.push({ stage: c.stage, wave: c.wave, ...(r.error.status !== undefined ? { status: r.error.status } : {}), error });
    this.noteFailure(r.error, error, c.stage);
    this.deps.onEvent?.({ stage: c.stage, source: 'failed', tokens: 0, cost: 0 });
    this.throwIfStopped();
    return { ok: false, callId, error };
  }

  /** Spent by this run: what the budget counts (and this session's totals). */
  private charge(tokens: number, cost: number): void {
    this.spent.cost += cost;
    this.spent.tokens += tokens;
    this.stats.tokens += tokens;
    this.stats.cost += cost;
  }

  /**
   * The breaker's bookkeeping for one failed attempt. A failure retrying cannot fix (4xx,
   * insufficient_quota) that repeats `limits.hard_failures` times in a row with the same HTTP
   * status (whatever its message) stops the run as failed. Every failed attempt counts toward `limits.breaker_failures`
   * (a pause), except 429s while the rate limiting is younger than `limits.rate_limit_window_seconds`:
   * a short storm only slows the run down (the limiter halves its window on each 429).
   */
  private noteFailure(e: TeacherError, text: string, stage: string): void {
    const { limits } = this.deps;
    if (!e.retryable) {
      // Same status counts, whatever the message: a server that words each 400 differently still fails every request.
      const signature = e.status !== undefined ? `HTTP ${e.status}` : e.kind;
      const same = signature === this.lastHard;
      this.identicalHard = same ? this.identicalHard + 1 : 1;
      this.hardMessagesDiffer = same ? this.hardMessagesDiffer || e.message !== this.lastHardMessage : false;
      this.lastHard = signature;
      this.lastHardMessage = e.message;
      if (this.identicalHard >= limits.hard_failures) {
        this.stop(
          'failed',
          this.hardMessagesDiffer
            ? `${this.identicalHard} failures in a row with ${signature} that retrying cannot fix, each with its own message (limits.hard_failures), at stage ${stage}; the last: ${text}`
            : `${this.identicalHard} identical failures in a row that retrying cannot fix (limits.hard_failures), at stage ${stage}: ${text}`,
        );
      }
    }
    if (e.kind === 'rate_limit') {
      const t = Date.now();
      this.rateLimitedSince ??= t;
      if (t - this.rateLimitedSince < limits.rate_limit_window_seconds * 1000) return;
    }
    if (++this.consecutiveFailures >= limits.breaker_failures) {
      this.stop('breaker', `circuit breaker: ${this.consecutiveFailures} consecutive failed attempts (last, at stage ${stage}: ${text})`);
    }
  }

  /** Backoff before the next attempt, never shorter than the server's Retry-After up to `limits.max_retry_after_seconds`. */
  private retryWait(tries: number, e: TeacherError): { ms: number; cappedAtMs?: number } {
    const capMs = this.deps.limits.max_retry_after_seconds * 1000;
    const asked = e.retryAfterMs;
    const capped = asked !== undefined && asked > capMs;
    const ms = backoffMs(tries, this.deps.retryBaseMs ?? 500, this.deps.retryCapMs ?? 30_000, this.deps.random, capped ? capMs : asked);
    return capped ? { ms, cappedAtMs: capMs } : { ms };
  }

  /** A stored answer; its checks are found again from what was stored, so a rebuilt wave sees what the first one saw. */
  private fromRow(row: CallRow, source: CallSource, c: PreparedCall): CallOutcome {
    this.stats[source === 'cached' ? 'cached' : 'reused']++;
    this.deps.onEvent?.({ stage: c.stage, source, tokens: 0, cost: 0, request: c.request });
    const checks = answerChecks(c.request, row.prompt_tokens, this.deps.limits.prompt_intact_ratio);
    return { ok: true, callId: row.id, text: row.response_text ?? '', finishReason: (row.finish_reason ?? 'stop') as FinishReason, source, checks };
  }

  private throwIfStopped(): void {
    const stop = this.stopped;
    if (stop) throw stop;
  }

  private checkBudget(): void {
    const b = this.deps.budget;
    const s = this.spent;
    if (b.max_calls !== undefined && s.calls >= b.max_calls) this.stop('budget', `budget reached: ${s.calls} calls of max_calls ${b.max_calls}`);
    else if (b.max_tokens !== undefined && s.tokens >= b.max_tokens) this.stop('budget', `budget reached: ${s.tokens} tokens of max_tokens ${b.max_tokens}`);
    else if (b.max_cost !== undefined && s.cost >= b.max_cost) this.stop('budget', `budget reached: $${s.cost.toFixed(4)} of max_cost $${b.max_cost}`);
    this.throwIfStopped();
  }
}

/** "N calls failed for good: 3× server: HTTP 500: ...; 1× timeout: request timed out", the most frequent reasons first. */
export function describeFailures(errors: readonly string[], shown = 3): string {
  const counts = new Map<string, number>();
  for (const e of errors) counts.set(e, (counts.get(e) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  const clip = (t: string) => (t.length > 300 ? `${t.slice(0, 300)}…` : t);
  const parts = sorted.slice(0, shown).map(([e, n]) => `${n}× ${clip(e)}`);
  if (sorted.length > shown) parts.push(`${sorted.length - shown} other reasons`);
  return `${errors.length} call${errors.length === 1 ? '' : 's'} failed for good (${parts.join('; ')})`;
}

/** Rough tokens a request will use, for the tokens-per-minute bucket (4 characters a token). */
export function estimateTokens(request: TeacherRequest): number {
  return estimatePromptTokens(request) + (request.params.max_tokens ?? 256);
}

/** A 200 answer the journal does not keep (empty text, content filter): retried, but the server billed it. */
class RejectedAnswer extends TeacherError {
  constructor(message: string, readonly usage: Usage, readonly empty = false) {
    super(message, 'bad_response');
    this.name = 'RejectedAnswer';
  }
}

function secs(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
