/**
 * The rate-limit state a server reports on each answer, as OpenAI does (and gateways that copy it):
 * x-ratelimit-{limit,remaining,reset}-{requests,tokens}. Reset values are durations such as "1s",
 * "6m0s", "20ms" or "1h2m3.5s"; a bare number is taken as seconds.
 */
export interface RateState {
  remainingRequests?: number;
  remainingTokens?: number;
  /** Milliseconds until the requests (tokens) window refills, from when the answer arrived. */
  resetRequestsMs?: number;
  resetTokensMs?: number;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "6m0s" -> 360000; undefined for anything that is not such a duration. */
export function parseResetDuration(raw: string | null | undefined): number | undefined {
  if (raw == null) return undefined;
  const text = raw.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const part = /(\d+(?:\.\d+)?)(ms|h|m|s)/gy;
  let total = 0;
  let at = 0;
  for (let m = part.exec(text); m; m = part.exec(text)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    at = part.lastIndex;
  }
  return at === text.length && at > 0 ? total : undefined;
}

function count(raw: string | null | undefined): number | undefined {
  if (raw == null || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** What the headers say, or null when the server sends none of them. */
export function readRateHeaders(get: (name: string) => string | null | undefined): RateState | null {
  const state: RateState = {};
  const rr = count(get('x-ratelimit-remaining-requests'));
  const rt = count(get('x-ratelimit-remaining-tokens'));
  const xr = parseResetDuration(get('x-ratelimit-reset-requests'));
  const xt = parseResetDuration(get('x-ratelimit-reset-tokens'));
  if (rr !== undefined) state.remainingRequests = rr;
  if (rt !== undefined) state.remainingTokens = rt;
  if (xr !== undefined) state.resetRequestsMs = xr;
  if (xt !== undefined) state.resetTokensMs = xt;
  return Object.keys(state).length > 0 ? state : null;
}

/** Format a duration as the server does ("1m30s", "250ms"), for the fake server's headers. */
export function formatResetDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.ceil(ms))}ms`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round(((ms - m * 60_000) / 1000) * 1000) / 1000;
  return m > 0 ? `${m}m${s}s` : `${s}s`;
}
