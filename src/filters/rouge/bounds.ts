import { fMeasure } from './score.js';

/**
 * Bounds that let the index skip pool items without computing their LCS. All are phrased as
 * "F can reach tau" with tau compared with >=, so a strict threshold t is passed as nextUp(t).
 *
 * Over the reals F = 2*LCS/(m+n). For F >= tau with LCS <= n, the LCS needs at least
 * tau*m/(2-tau) common tokens whatever the other length n is (the Dice-coefficient bound of set
 * similarity joins). The float F differs from the real one by a few ulps, so a tiny slack keeps
 * the bound conservative. Prefix filtering follows: two texts sharing at least a elements share
 * one among the first len - a + 1 of each in the global order, so a query probes only its first
 * m - minOverlap(m, tau) + 1 elements, and an item's later elements can be left out of its posts.
 */
export function minOverlap(length: number, tau: number): number {
  if (tau >= 2) return length + 1;
  return Math.max(1, Math.ceil((tau * length) / (2 - tau) - 1e-7));
}

/** The least LCS with fMeasure(lcs, m, n) >= tau, or min(m, n) + 1 when no LCS reaches it. */
export function minLcs(m: number, n: number, tau: number): number {
  const most = Math.min(m, n);
  // Start from the real-number answer and settle it with the exact float formula, which is
  // monotone in the LCS (one more common token moves F by 2/(m+n), far more than rounding).
  let lcs = Math.max(1, Math.ceil((tau * (m + n)) / 2 - 1e-7));
  while (lcs > 1 && fMeasure(lcs - 1, m, n) >= tau) lcs--;
  while (lcs <= most && fMeasure(lcs, m, n) < tau) lcs++;
  return Math.min(lcs, most + 1);
}

/** minLcs for one query length and bar, memoised by the other length. */
export class LcsNeed {
  private need = new Int32Array(256);
  private version = new Int32Array(256);
  private current = 0;
  private m = 0;
  private tau = 0;

  reset(m: number, tau: number): void {
    this.m = m;
    this.tau = tau;
    this.current++;
  }

  get(n: number): number {
    if (n >= this.need.length) return minLcs(this.m, n, this.tau);
    if (this.version[n] !== this.current) {
      this.version[n] = this.current;
      this.need[n] = minLcs(this.m, n, this.tau);
    }
    return this.need[n]!;
  }
}
