/**
 * A full garbage collection on demand, for loops that drop a large batch of objects at a known
 * point (an ingest wave, once stored). V8 sizes its old generation from how fast memory is
 * allocated, not from what is live, so a long ingest of short-lived batches lets tens of MB of
 * dead batches pile up per wave (peak RSS grew with the corpus); one full collection between
 * batches keeps the heap near what is live. V8's `gc` is not exposed unless node starts with
 * --expose-gc; setting the flag at run time exposes it to new contexts, which is where it is taken from.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

/** Collect garbage now; false when this V8 offers no way to (nothing happens then). */
export function collectGarbage(): boolean {
  if (gc === undefined) {
    try {
      const exposed = (globalThis as { gc?: () => void }).gc;
      if (typeof exposed === 'function') gc = exposed;
      else {
        setFlagsFromString('--expose-gc');
        const fn: unknown = runInNewContext('typeof gc === "function" ? gc : null');
        gc = typeof fn === 'function' ? (fn as () => void) : null;
      }
    } catch {
      gc = null;
    }
  }
  if (!gc) return false;
  gc();
  return true;
}
