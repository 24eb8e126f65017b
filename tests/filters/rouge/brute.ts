import { fMeasure, rougeLF } from '../../../src/filters/rouge/score.js';

/** Scores of `query` against every pool item, in pool order (the reference's inner loop). */
export function scoresAgainst(query: readonly string[], pool: readonly (readonly string[])[]): number[] {
  return pool.map((item) => rougeLF(query, item));
}

/** First-max scan, as Python's max() over the list: the earliest item wins ties; -1 when all are 0. */
export function firstMax(scores: readonly number[]): { score: number; index: number } {
  let score = 0;
  let index = -1;
  scores.forEach((f, i) => {
    if (f > score) {
      score = f;
      index = i;
    }
  });
  return { score, index };
}

/** The k best positive scores, by score then position. */
export function topOf(scores: readonly number[], k: number, above = 0): { index: number; score: number }[] {
  return scores
    .map((score, index) => ({ index, score }))
    .filter((x) => x.score > above)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, k);
}

/**
 * Alpaca's incremental filter over a precomputed score matrix (score(i, j) for j < i): row i is
 * compared with the rows kept before it. Returns, per row, the max over those rows and its row.
 */
export function bruteDedup(n: number, score: (i: number, j: number) => number, threshold: number): { kept: boolean[]; max: number[]; match: number[] } {
  const keptRows: number[] = [];
  const kept: boolean[] = [];
  const max: number[] = [];
  const match: number[] = [];
  for (let i = 0; i < n; i++) {
    const best = firstMax(keptRows.map((j) => score(i, j)));
    max.push(best.score);
    match.push(best.index < 0 ? -1 : keptRows[best.index]!);
    kept.push(!(best.score > threshold));
    if (kept[i]) keptRows.push(i);
  }
  return { kept, max, match };
}

/**
 * All pairwise scores (row i as the new text, j < i as the pool item), computed once with a plain
 * dynamic programme over interned ids (the index's bit-parallel kernel is not used here).
 */
export function scoreMatrix(tokens: readonly (readonly string[])[]): (i: number, j: number) => number {
  const ids = new Map<string, number>();
  const seqs = tokens.map((t) => Int32Array.from(t, (w) => ids.get(w) ?? (ids.set(w, ids.size), ids.size - 1)));
  const n = tokens.length;
  const m = new Float64Array(n * n);
  let row = new Int32Array(16);
  for (let i = 0; i < n; i++) {
    const a = seqs[i]!;
    for (let j = 0; j < i; j++) {
      const b = seqs[j]!;
      if (row.length <= b.length) row = new Int32Array(b.length * 2);
      row.fill(0, 0, b.length + 1);
      for (let x = 0; x < a.length; x++) {
        let diag = 0;
        for (let y = 1; y <= b.length; y++) {
          const up = row[y]!;
          row[y] = a[x] === b[y - 1] ? diag + 1 : Math.max(up, row[y - 1]!);
          diag = up;
        }
      }
      m[i * n + j] = fMeasure(row[b.length]!, a.length, b.length);
    }
  }
  return (i, j) => m[i * n + j]!;
}
