import { TeacherError, type CallOptions, type Teacher, type TeacherRequest, type TeacherResponse } from '../types.js';
import { estimatePromptTokens } from '../prompt-check.js';
import type { RateState } from './rate-headers.js';
import { Pacer } from './pacer.js';

/** One replica of the teacher: its own client, and its name as recorded for each call it answers. */
export interface Replica {
  /** The replica's normalised base URL (calls.answered_by). */
  url: string;
  weight: number;
  teacher: Teacher;
}

export interface PoolOptions {
  /** Most requests in flight at one replica (the AIMD window's ceiling). */
  maxConcurrency: number;
  /** Failed attempts in a row that open a replica's breaker, and how long it stays open. */
  breakerFailures?: number;
  breakerOpenMs?: number;
  now?: () => number;
}

export interface ReplicaShare {
  url: string;
  answered: number;
  failed: number;
  share: number;
}

interface Member extends Replica {
  outstanding: number;
  /** Additive-increase / multiplicative-decrease window. */
  window: number;
  failuresInRow: number;
  openUntil: number;
  answered: number;
  failed: number;
  pacer: Pacer;
}

/** Errors where another replica may well answer: the request never got an answer from this one. */
function elsewhereMayAnswer(e: TeacherError): boolean {
  return e.kind === 'connection' || e.kind === 'server' || e.kind === 'timeout' || e.kind === 'rate_limit';
}

/**
 * Several replicas of one teacher (vLLM/SGLang servers of the same model) behind one Teacher:
 * least outstanding requests (per unit of weight) routing, a per-replica AIMD window and circuit
 * breaker, pacing by each replica's x-ratelimit-* headers, and failover: a request whose replica
 * failed without answering is sent to another at once. Only an answer returns, so an answer is
 * stored once; the journal's own retry loop sees only failures every replica gave.
 */
export class EndpointPool implements Teacher {
  readonly provider: string;
  readonly model: string;
  readonly simulated = false;
  readonly endpoint?: string;
  readonly keyIdentity?: string;
  readonly billed?: boolean;
  readonly structuredOutputs?: boolean;
  private readonly members: Member[];
  private readonly waiters: (() => void)[] = [];
  private readonly now: () => number;
  private readonly breakerFailures: number;
  private readonly breakerOpenMs: number;

  constructor(replicas: readonly Replica[], private readonly opts: PoolOptions) {
    if (replicas.length === 0) throw new Error('an endpoint pool needs at least one replica');
    const first = replicas[0]!.teacher;
    this.provider = first.provider;
    this.model = first.model;
    if (first.endpoint !== undefined) this.endpoint = first.endpoint;
    if (first.keyIdentity !== undefined) this.keyIdentity = first.keyIdentity;
    if (first.billed !== undefined) this.billed = first.billed;
    if (first.structuredOutputs !== undefined) this.structuredOutputs = first.structuredOutputs;
    this.now = opts.now ?? Date.now;
    this.breakerFailures = opts.breakerFailures ?? 5;
    this.breakerOpenMs = opts.breakerOpenMs ?? 5_000;
    this.members = replicas.map((r) => ({
      ...r, outstanding: 0, window: opts.maxConcurrency, failuresInRow: 0, openUntil: 0, answered: 0, failed: 0, pacer: new Pacer(this.now),
    }));
  }

  /** Each replica's answered requests and its share of all answered, in the configured order. */
  shares(): ReplicaShare[] {
    const total = this.members.reduce((n, m) => n + m.answered, 0);
    return this.members.map((m) => ({ url: m.url, answered: m.answered, failed: m.failed, share: total ? m.answered / total : 0 }));
  }

  /** Rate-limit headers of an answer from `url` (the replica's client reports them here). */
  observe(url: string, state: RateState): void {
    const m = this.members.find((x) => x.url === url);
    if (m) m.pacer.observe(state, Math.max(0, m.outstanding - 1));
  }

  async complete(request: TeacherRequest, opts?: CallOptions): Promise<TeacherResponse> {
    const tokens = estimatePromptTokens(request) + (request.params.max_tokens ?? 256);
    const tried = new Set<Member>();
    let last: TeacherError | undefined;
    for (;;) {
      const m = await this.acquire(tokens, tried, opts?.signal);
      if (!m) throw last ?? new TeacherError('no endpoint of the teacher is available', 'connection');
      tried.add(m);
      try {
        const res = await m.teacher.complete(request, opts);
        this.release(m, true);
        m.answered++;
        return { ...res, answeredBy: m.url };
      } catch (err) {
        const e = err instanceof TeacherError ? err : new TeacherError(String((err as Error)?.message ?? err), 'bad_response');
        this.release(m, false, e);
        m.failed++;
        if (!elsewhereMayAnswer(e)) throw e;
        last = new TeacherError(`${e.message} (at ${m.url})`, e.kind, e.retryAfterMs, e.status);
        // Every replica tried for this attempt: the journal's retry policy takes over.
        if (tried.size >= this.members.length) throw last;
      }
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.members.map((m) => m.teacher.close?.()));
  }

  /** The best replica not yet tried, waiting while all are at their window or paced; null when none is left to try. */
  private async acquire(tokens: number, tried: ReadonlySet<Member>, signal?: AbortSignal): Promise<Member | null> {
    for (;;) {
      if (signal?.aborted) throw new TeacherError('request aborted', 'client');
      const t = this.now();
      const candidates = this.members.filter((m) => !tried.has(m));
      if (candidates.length === 0) return null;
      // An open breaker is skipped while another replica can take the request; if every untried one is open, the least recently opened is probed.
      const closed = candidates.filter((m) => m.openUntil <= t);
      const pickFrom = closed.length > 0 ? closed : candidates;
      let best: Member | null = null;
      let bestLoad = Infinity;
      let soonest = Infinity;
      for (const m of pickFrom) {
        const wait = m.pacer.waitMs(tokens);
        if (wait > 0) {
          soonest = Math.min(soonest, wait);
          continue;
        }
        if (m.outstanding >= Math.max(1, Math.floor(m.window))) continue;
        const load = (m.outstanding + 1) / m.weight;
        if (load < bestLoad) {
          best = m;
          bestLoad = load;
        }
      }
      if (best) {
        best.outstanding++;
        best.pacer.take(tokens);
        return best;
      }
      await new Promise<void>((resolve) => {
        const timer = soonest < Infinity ? setTimeout(wake, Math.ceil(soonest)) : undefined;
        const self = wake;
        function wake() {
          if (timer) clearTimeout(timer);
          resolve();
        }
        this.waiters.push(self);
      });
    }
  }

  private release(m: Member, ok: boolean, e?: TeacherError): void {
    m.outstanding--;
    if (ok) {
      m.failuresInRow = 0;
      m.openUntil = 0;
      // About one more request per window's worth of answers.
      m.window = Math.min(this.opts.maxConcurrency, m.window + 1 / m.window);
    } else {
      if (e?.kind === 'rate_limit') m.window = Math.max(1, m.window / 2);
      else if (++m.failuresInRow >= this.breakerFailures || e?.kind === 'connection') {
        // A refused or cut connection: the replica is likely down; probe it again after a while.
        m.openUntil = this.now() + this.breakerOpenMs;
        m.window = Math.max(1, m.window / 2);
      }
    }
    const waiting = this.waiters.splice(0);
    for (const w of waiting) w();
  }
}
