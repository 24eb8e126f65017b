/**
 * Exponential backoff with jitter (half the step plus a random part of the other half), never
 * shorter than the server's Retry-After.
 * `random` is injected so tests and runs stay reproducible.
 */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number, retryAfterMs?: number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}
