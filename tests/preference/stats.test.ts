import { describe, expect, it } from 'vitest';
import { agreementRates, ratingDistributions } from '../../src/audit/preference-stats.js';
import { agreement } from '../../src/methods/preference/ranking.js';

describe('preference statistics', () => {
  it('counts ratings per aspect and per teacher', () => {
    const d = ratingDistributions([
      { aspect: 'honesty', teacher: 'a', rating: 5 },
      { aspect: 'honesty', teacher: 'b', rating: 2 },
      { aspect: 'helpfulness', teacher: 'a', rating: 5 },
    ]);
    expect(d.byAspect).toEqual({ honesty: [0, 1, 0, 0, 1], helpfulness: [0, 0, 0, 0, 1] });
    expect(d.byTeacher).toEqual({ a: [0, 0, 0, 0, 2], b: [0, 1, 0, 0, 0] });
  });
  it('reports agreement shares over prompts', () => {
    const r = agreementRates([agreement([0, 1, 2], [0, 1, 2]), agreement([0, 1, 2], [1, 0, 2])]);
    expect(r.prompts).toBe(2);
    expect(r.full).toBe(0.5);
    expect(r.top).toBe(0.5);
    expect(r.pairwise).toBeCloseTo((1 + 2 / 3) / 2);
    expect(agreementRates([])).toEqual({ prompts: 0, full: 0, top: 0, pairwise: 0 });
  });
});
