/**
 * ROUGE-L F-measure from an LCS length, computed in the same floating-point steps as rouge_score
 * (`p = lcs / len(prediction)`, `r = lcs / len(target)`, `2 * p * r / (p + r)`), so that scores
 * equal the Python ones bit for bit and `> threshold` decides the same way at the boundary.
 * `targetLen` is the new text's length, `predictionLen` the pool item's (Alpaca's argument order).
 */
export function fMeasure(lcs: number, targetLen: number, predictionLen: number): number {
  if (targetLen === 0 || predictionLen === 0) return 0;
  const p = lcs / predictionLen;
  const r = lcs / targetLen;
  return p + r > 0 ? (2 * p * r) / (p + r) : 0;
}

/** Length of the longest common subsequence, the plain dynamic programme over one row. */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const row = new Int32Array(b.length + 1);
  for (const x of a) {
    let diag = 0; // row[j-1] of the previous row
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = x === b[j - 1] ? diag + 1 : Math.max(up, row[j - 1]!);
      diag = up;
    }
  }
  return row[b.length]!;
}

/**
 * rouge_score's ROUGE-L F-measure of two token lists: `target` is the reference (the new
 * instruction in Alpaca's filter), `prediction` the candidate (a pool item). The value is
 * symmetric (doubling is exact, so 2*p*r rounds the same whichever way round), but the argument
 * order follows the reference anyway.
 */
export function rougeLF(target: readonly string[], prediction: readonly string[]): number {
  return fMeasure(lcsLength(target, prediction), target.length, prediction.length);
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1; // word order of a double

/** The smallest double above x (x finite, >= 0): turns "F > t" into "F >= nextUp(t)". */
export function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  f64[0] = x;
  // A positive double's bits, read as an integer, grow with its value: add one to them.
  if (u32[LOW] === 0xffffffff) {
    u32[LOW] = 0;
    u32[1 - LOW]!++;
  } else u32[LOW]!++;
  return f64[0]!;
}
