/**
 * The timeout of each attempt. A timeout counts from the request leaving, so time the request spends
 * queued behind a busy server's slots counts too, and an attempt that timed out is likely to time
 * out again at the same timeout (the queue and the answer's length are still there). So each retry
 * after a timeout gets `growth` times the last attempt's timeout, up to `maxMs`; other failures
 * leave it as it is. Pure.
 */
export function attemptTimeoutMs(baseMs: number, timeoutsSoFar: number, growth: number, maxMs: number): number {
  if (timeoutsSoFar <= 0 || growth <= 1) return baseMs;
  return Math.min(Math.max(baseMs, maxMs), baseMs * growth ** timeoutsSoFar);
}
