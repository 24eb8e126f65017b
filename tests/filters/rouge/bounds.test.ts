import { describe, expect, it } from 'vitest';
import { minLcs, minOverlap } from '../../../src/filters/rouge/bounds.js';
import { fMeasure, nextUp } from '../../../src/filters/rouge/score.js';

const TAUS = [Number.MIN_VALUE, 0.1, 0.3, 0.5, 2 / 3, 0.7, nextUp(0.7), 0.75, 0.8, 0.9, 1, nextUp(1)];

describe('LCS bounds', () => {
  it('minLcs is the least LCS whose exact float F reaches tau', () => {
    for (const tau of TAUS) {
      for (let m = 1; m <= 60; m++) {
        for (let n = 1; n <= 60; n++) {
          let least = 1;
          while (least <= Math.min(m, n) && fMeasure(least, m, n) < tau) least++;
          expect([tau, m, n, minLcs(m, n, tau)]).toEqual([tau, m, n, least]);
        }
      }
    }
  });

  it('minOverlap never exceeds what any partner length needs (so prefix filtering stays exact)', () => {
    for (const tau of TAUS) {
      for (let m = 1; m <= 60; m++) {
        for (let n = 1; n <= 200; n++) {
          if (minLcs(m, n, tau) <= Math.min(m, n)) expect(minOverlap(m, tau)).toBeLessThanOrEqual(minLcs(m, n, tau));
        }
      }
    }
  });
});
