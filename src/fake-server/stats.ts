import { FAULT_KINDS, type FaultKind } from './faults.js';

export type Endpoint = 'chat' | 'completions' | 'messages' | 'models';

export interface EndpointStats {
  received: number;
  /** Clean 200 answers delivered. */
  completed: number;
}

/** Per request content (hash of the whole TeacherRequest the body converts to). */
export interface ContentStats {
  received: number;
  /** Clean 200 answers delivered (no fault injected). */
  completed: number;
  /** 200 answers with an injected degradation (length, empty, content_filter). */
  degraded: number;
  /** Times this content arrived again after a clean answer had already been delivered. */
  receivedAfterCompleted: number;
}

/** Live counters; the object is updated in place and `reset()` zeroes it in place. */
export interface FakeServerStats {
  /** Requests to the completion endpoints (chat, completions and Anthropic's messages), valid or not. */
  received: number;
  /** Clean 200 answers delivered on the completion endpoints. */
  completed: number;
  /** 200 answers with an injected degradation (length, empty, content_filter). */
  degraded: number;
  /** Requests refused with a 4xx (bad body 400, no bearer 401, unknown route 404, wrong method 405). */
  rejected: number;
  /** Requests whose client went away before the answer was written (besides timeout/drop faults). */
  abandoned: number;
  /** Completion requests being handled right now. */
  inFlight: number;
  /** Requests refused 429 by the `rateLimit` window (not by an injected fault). */
  rateLimited: number;
  byEndpoint: Record<Endpoint, EndpointStats>;
  /** Injected faults by kind. */
  faults: Record<FaultKind, number>;
  byContent: Map<string, ContentStats>;
}

export function emptyStats(): FakeServerStats {
  return {
    received: 0,
    completed: 0,
    degraded: 0,
    rejected: 0,
    abandoned: 0,
    inFlight: 0,
    rateLimited: 0,
    byEndpoint: { chat: { received: 0, completed: 0 }, completions: { received: 0, completed: 0 }, messages: { received: 0, completed: 0 }, models: { received: 0, completed: 0 } },
    faults: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>,
    byContent: new Map(),
  };
}

/** Zero every counter in place (so references held by tests stay valid). */
export function resetStats(stats: FakeServerStats): void {
  const fresh = emptyStats();
  stats.received = 0;
  stats.completed = 0;
  stats.degraded = 0;
  stats.rejected = 0;
  stats.abandoned = 0;
  stats.rateLimited = 0;
  // In-flight requests are still in flight.
  stats.byEndpoint = fresh.byEndpoint;
  stats.faults = fresh.faults;
  stats.byContent.clear();
}

/** A JSON-friendly copy (the Map becomes an object) for GET /__stats. */
export function statsSnapshot(stats: FakeServerStats): Record<string, unknown> {
  let resent = 0;
  let resentAfterCompleted = 0;
  const byContent: Record<string, ContentStats> = {};
  for (const [hash, c] of stats.byContent) {
    byContent[hash] = { ...c };
    if (c.received > 1) resent++;
    if (c.receivedAfterCompleted > 0) resentAfterCompleted++;
  }
  return {
    received: stats.received,
    completed: stats.completed,
    degraded: stats.degraded,
    rejected: stats.rejected,
    abandoned: stats.abandoned,
    rateLimited: stats.rateLimited,
    inFlight: stats.inFlight,
    byEndpoint: structuredClone(stats.byEndpoint),
    faults: { ...stats.faults },
    faultsTotal: Object.values(stats.faults).reduce((a, b) => a + b, 0),
    distinctContents: stats.byContent.size,
    contentsReceivedMoreThanOnce: resent,
    contentsResentAfterCompleted: resentAfterCompleted,
    byContent,
  };
}
