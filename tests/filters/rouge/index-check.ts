/** RougeIndex decisions checked against brute force (used by index tests here and in tests/shared-data/). */
import { expect } from 'vitest';
import { RougeIndex } from '../../../src/filters/rouge/rouge-index.js';
import { tokenizeRouge } from '../../../src/filters/rouge/tokenize.js';
import { bruteDedup, scoreMatrix } from './brute.js';

/** The index used as Alpaca's filter; with `exact`, queries go without threshold (the pipeline's way). */
export function indexDedup(tokens: readonly string[][], threshold: number, exact: boolean, headThreshold?: number) {
  const index = new RougeIndex({ headThreshold });
  const kept: boolean[] = [];
  const max: number[] = [];
  const match: number[] = [];
  let comparisons = 0;
  tokens.forEach((t, i) => {
    const r = index.queryTokens(t, exact ? {} : { threshold });
    comparisons += r.comparisons;
    const rejected = r.score > threshold;
    expect(r.exact || !rejected).toBe(true);
    kept.push(!rejected);
    max.push(r.score);
    match.push(r.mostSimilar?.id ?? -1);
    if (!rejected) index.addTokens(i, t);
  });
  return { kept, max, match, comparisons };
}

/** Same decisions as brute force; the same exact max and most similar row wherever the index promises them. */
export function expectSameAsBrute(tokens: string[][], score: (i: number, j: number) => number, threshold: number, headThreshold?: number): number {
  const brute = bruteDedup(tokens.length, score, threshold);
  for (const exact of [false, true]) {
    const got = indexDedup(tokens, threshold, exact, headThreshold);
    expect(got.kept).toEqual(brute.kept);
    tokens.forEach((_, i) => {
      if (!exact && brute.kept[i]) return; // a kept row's score is only a lower bound with a threshold
      expect([i, got.max[i], got.match[i]]).toEqual([i, brute.max[i], brute.match[i]]);
    });
    if (!exact) expect(got.comparisons).toBeLessThan((tokens.length * tokens.length) / 4);
  }
  return brute.kept.filter((k) => !k).length;
}

/** On real texts: decisions, max scores and most similar rows equal brute force at 0.7, 0.5 and 0.3; some rows are rejected. */
export function expectRealTextsSameAsBrute(texts: readonly string[]): void {
  const tokens = texts.map(tokenizeRouge);
  const score = scoreMatrix(tokens);
  let rejected = 0;
  for (const threshold of [0.7, 0.5, 0.3]) rejected += expectSameAsBrute(tokens, score, threshold);
  expect(rejected).toBeGreaterThan(0);
}
