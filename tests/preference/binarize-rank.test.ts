import { describe, expect, it } from 'vitest';
import { binarize } from '../../src/methods/preference/binarize.js';
import { agreement, parseRanking, toStored } from '../../src/methods/preference/ranking.js';
import { stepRng } from '../../src/engine/rng.js';

const r = (h: number, t: number) => ({ helpfulness: h, truthfulness: t });

describe('binarization rule', () => {
  it('chosen = highest mean; rejected drawn only among strictly lower means', () => {
    const ratings = [r(3, 3), r(5, 4), r(2, 1), r(4, 5)]; // means 3, 4.5, 1.5, 4.5
    const seen = new Set<number>();
    for (let s = 0; s < 40; s++) {
      const b = binarize(ratings, stepRng(s, 'bin'));
      expect(b.ok).toBe(true);
      if (!b.ok) continue;
      expect(b.chosen).toBe(1); // tie at 4.5 goes to the lowest stored index
      expect(b.means[b.rejected]!).toBeLessThan(b.means[b.chosen]!);
      expect(b.rejected).not.toBe(3); // tied with chosen: never rejected
      seen.add(b.rejected);
    }
    expect([...seen].sort()).toEqual([0, 2]);
  });
  it('gives no pair when every mean ties', () => {
    expect(binarize([r(3, 4), r(4, 3)], stepRng(1, 'x'))).toMatchObject({ ok: false, reason: 'all-tied' });
    expect(binarize([r(3, 4)], stepRng(1, 'x'))).toMatchObject({ ok: false, reason: 'too-few-answers' });
  });
});

describe('K-wise ranking', () => {
  it('parses the forms models write', () => {
    expect(parseRanking('After careful comparison:\n\n**Ranking:** [2] > [3] > [1]', 3)).toEqual({ ok: true, order: [1, 2, 0] });
    expect(parseRanking('Ranking: 3, 1, 2\n', 3)).toEqual({ ok: true, order: [2, 0, 1] });
    expect(parseRanking('My ranking:\n1. Answer 2 - best\n2. Answer 1\n3. Answer 3 - weakest', 3)).toEqual({ ok: true, order: [1, 0, 2] });
    expect(parseRanking('[1] > [1] > [2]', 3).ok).toBe(false);
    expect(parseRanking('They are all good.', 3).ok).toBe(false);
  });
  it('keeps a ranking only when the two orders agree, and measures agreement', () => {
    const shownA = [2, 0, 1];
    const shownB = [1, 2, 0];
    // The same preference (stored 0 > 2 > 1) read through two different orders.
    const a = toStored([1, 0, 2], shownA);
    const b = toStored([2, 1, 0], shownB);
    expect(a).toEqual([0, 2, 1]);
    expect(agreement(a, b)).toEqual({ full: true, top: true, pairwise: 1, kept: [0, 2, 1] });
    const biased = agreement([0, 2, 1], [2, 0, 1]);
    expect(biased.full).toBe(false);
    expect(biased.kept).toBeUndefined();
    expect(biased.pairwise).toBeCloseTo(2 / 3);
  });
});
