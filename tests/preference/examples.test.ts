import { describe, expect, it } from 'vitest';
import { writeRanking, writeRatings } from '../../src/methods/preference/examples.js';
import { parseRatings } from '../../src/methods/preference/rating-parse.js';
import { parseRanking } from '../../src/methods/preference/ranking.js';

describe('example writers are the parsers inverses', () => {
  it('ratings round-trip', () => {
    const ratings = [
      { rating: 5, rationale: 'Answers every part.' },
      { rating: 1, rationale: 'Off topic.' },
      { rating: 3, rationale: 'Partly right.' },
    ];
    expect(parseRatings(writeRatings(ratings, 'helpfulness'), 3)).toEqual({ ok: true, ratings });
  });
  it('rankings round-trip', () => {
    expect(parseRanking(writeRanking([2, 0, 3, 1]), 4)).toEqual({ ok: true, order: [2, 0, 3, 1] });
  });
});
