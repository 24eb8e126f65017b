import { describe, expect, it } from 'vitest';
import { LcsPattern } from '../../../src/filters/rouge/lcs.js';
import { fMeasure, lcsLength, nextUp, rougeLF } from '../../../src/filters/rouge/score.js';
import { tokenizeRouge } from '../../../src/filters/rouge/tokenize.js';
import { Rng } from '../../../bench/rouge/rng.js';

// Bit-for-bit equality with the Python reference on Code Alpaca pairs is in
// tests/shared-data/filters/rouge/score.test.ts (npm run test:data).

describe('rougeLF', () => {
  it('gives the rouge_score figure on the documented example', () => {
    const f = rougeLF(tokenizeRouge('Write a poem about the ocean.'), tokenizeRouge('Write a short poem about the sea.'));
    expect(f.toFixed(3)).toBe('0.769');
  });

  it('is 0 when either side is empty', () => {
    expect(rougeLF([], ['a'])).toBe(0);
    expect(rougeLF(['a'], [])).toBe(0);
    expect(rougeLF(['a'], ['b'])).toBe(0);
  });

  it('is symmetric, as doubling is exact in floating point', () => {
    for (let lcs = 0; lcs <= 40; lcs++) {
      for (let m = Math.max(lcs, 1); m <= 40; m++) {
        for (let n = Math.max(lcs, 1); n <= 40; n++) expect(fMeasure(lcs, m, n)).toBe(fMeasure(lcs, n, m));
      }
    }
  });
});

describe('nextUp', () => {
  it('returns the next double, turning > into >=', () => {
    for (const x of [0.7, 0.5, 1, 1e-300, 0.1]) {
      const y = nextUp(x);
      expect(y).toBeGreaterThan(x);
      expect((x + y) / 2 === x || (x + y) / 2 === y).toBe(true);
    }
    expect(nextUp(0)).toBe(Number.MIN_VALUE);
  });
});

describe('bit-parallel LCS', () => {
  it('equals the dynamic programme across word boundaries (1 to 100 tokens)', () => {
    const rng = new Rng(5);
    const pattern = new LcsPattern();
    for (let trial = 0; trial < 400; trial++) {
      const alphabet = 2 + rng.int(12);
      const a = Array.from({ length: 1 + rng.int(100) }, () => rng.int(alphabet));
      const b = Array.from({ length: rng.int(100) }, () => rng.int(alphabet + 2));
      // Ids >= alphabet are absent from the pattern; -1 marks a pattern token absent from every text.
      if (rng.chance(0.3)) a[rng.int(a.length)] = -1;
      pattern.prepare(a, alphabet + 2);
      expect(pattern.lcs(Int32Array.from(b), 0, b.length)).toBe(lcsLength(a.map(String), b.map(String)));
      pattern.clear();
    }
  });

  it('handles the 32-token edge of a single word', () => {
    const pattern = new LcsPattern();
    for (const m of [31, 32, 33, 64, 65]) {
      const a = Array.from({ length: m }, (_, i) => i);
      pattern.prepare(a, m);
      expect(pattern.lcs(Int32Array.from(a), 0, m)).toBe(m);
      expect(pattern.lcs(Int32Array.from(a.slice(1)), 0, m - 1)).toBe(m - 1);
      expect(pattern.lcs(Int32Array.from([...a].reverse()), 0, m)).toBe(1);
      pattern.clear();
    }
  });
});
