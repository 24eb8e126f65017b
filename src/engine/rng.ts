import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { sha256 } from '../util/hash.js';

/** What `sample` draws from: an array, or anything with a length that gives its i-th item (a pool left in the database). */
export interface Indexed<T> {
  readonly length: number;
  at(index: number): T | undefined;
}

/** A seeded generator with the few draws the recipes need. */
export interface Rng {
  int(min: number, max: number): number;
  float(): number;
  shuffle<T>(items: readonly T[]): T[];
  /** k distinct items, uniformly, without replacement (order is the draw order). */
  sample<T>(items: Indexed<T>, k: number): T[];
  pickWeighted<T>(items: readonly T[], weights: readonly number[]): T;
}

/**
 * One independent stream per step: the run seed plus names (stage, wave, index) hashed together,
 * so a step's draws never depend on how many draws another step made or in what order.
 */
export function stepRng(runSeed: number, ...path: (string | number)[]): Rng {
  const seed = parseInt(sha256(`${runSeed}/${path.join('/')}`).slice(0, 8), 16) | 0;
  const gen = xoroshiro128plus(seed);
  const rng: Rng = {
    int: (min, max) => uniformInt(gen, min, max),
    float: () => uniformFloat64(gen),
    shuffle(items) {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = uniformInt(gen, 0, i);
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
    sample(items, k) {
      // A partial Fisher-Yates over positions, with only the swapped ones kept: the same draws as
      // shuffling a copy, without copying (or reading) all of a large pool.
      const len = items.length;
      const n = Math.min(k, len);
      const moved = new Map<number, number>();
      const picked: number[] = [];
      for (let i = 0; i < n; i++) {
        const j = uniformInt(gen, i, len - 1);
        const atI = moved.get(i) ?? i;
        const atJ = moved.get(j) ?? j;
        moved.set(i, atJ);
        moved.set(j, atI);
        picked.push(atJ);
      }
      return picked.map((p) => items.at(p)!);
    },
    pickWeighted(items, weights) {
      const total = weights.reduce((a, b) => a + b, 0);
      let r = uniformFloat64(gen) * total;
      for (let i = 0; i < items.length; i++) {
        r -= weights[i]!;
        if (r < 0) return items[i]!;
      }
      return items[items.length - 1]!;
    },
  };
  return rng;
}
