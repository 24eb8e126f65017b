import { describe, expect, it } from 'vitest';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { stepRng } from '../../src/engine/rng.js';

/** The draw as it was written first: a partial Fisher-Yates over a copy of the items. */
function sampleByCopy<T>(seed: number, items: readonly T[], k: number): T[] {
  const gen = xoroshiro128plus(seed);
  const pool = items.slice();
  const n = Math.min(k, pool.length);
  for (let i = 0; i < n; i++) {
    const j = uniformInt(gen, i, pool.length - 1);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

describe('rng.sample', () => {
  it('draws exactly what shuffling a copy drew, for every pool size and k (datasets depend on it)', async () => {
    const { sha256 } = await import('../../src/util/hash.js');
    for (const len of [0, 1, 2, 3, 8, 25, 1000]) {
      for (const k of [0, 1, 2, 6, 8, 30]) {
        for (const wave of [1, 2, 3]) {
          const items = Array.from({ length: len }, (_, i) => `task ${i}`);
          const seed = parseInt(sha256(`42/demos/${wave}/${k}`).slice(0, 8), 16) | 0;
          expect(stepRng(42, 'demos', wave, k).sample(items, k)).toEqual(sampleByCopy(seed, items, k));
        }
      }
    }
  });

  it('reads only the items it draws from a pool that is not an array', () => {
    const read: number[] = [];
    const pool = { length: 300_000, at: (i: number) => (read.push(i), `row ${i}`) };
    const got = stepRng(7, 'x').sample(pool, 2);
    expect(got).toHaveLength(2);
    expect(read).toHaveLength(2);
    expect(new Set(got).size).toBe(2);
  });
});
