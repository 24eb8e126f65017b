import { describe, expect, it } from 'vitest';
import { parseRatings, unshuffle } from '../../src/methods/preference/rating-parse.js';
import { judgeOrder, renderAnswers, secondOrder } from '../../src/methods/preference/judge-order.js';

const messy = `Sure! Here is my evaluation of the three answers for helpfulness.

### Answer 1
**Rating:** 4/5
**Rationale:** Clear and mostly correct, but skips the edge case.

**Answer 2:**
Rating: 2
Rationale:
The answer drifts off topic and
misses the main request.

[Answer 3]
Rating: 5 out of 5
Rationale: Complete and precise.

Let me know if you need anything else!`;

describe('UltraFeedback-style rating parser', () => {
  it('reads ratings and rationales from a markdown answer with a preamble and a closing line', () => {
    const r = parseRatings(messy, 3);
    expect(r).toEqual({
      ok: true,
      ratings: [
        { rating: 4, rationale: 'Clear and mostly correct, but skips the edge case.' },
        { rating: 2, rationale: 'The answer drifts off topic and misses the main request.' },
        { rating: 5, rationale: 'Complete and precise.' },
      ],
    });
  });
  it('reads the clean form', () => {
    const r = parseRatings('Answer 1: Rating: 3 Rationale: fine\nAnswer 2: Rating: 1 Rationale: wrong', 2);
    expect(r.ok && r.ratings.map((x) => x.rating)).toEqual([3, 1]);
  });
  it('reports a format error (for a re-ask) on a missing answer, a repeat, or a rating outside 1..5', () => {
    expect(parseRatings('Answer 1\nRating: 4', 2)).toEqual({ ok: false, error: 'no rating for answer 2' });
    expect(parseRatings('Answer 1\nRating: 4\nAnswer 1\nRating: 3', 2).ok).toBe(false);
    expect(parseRatings('Answer 1\nRating: 7\nAnswer 2\nRating: 3', 2)).toMatchObject({ ok: false, error: expect.stringContaining('1 to 5') });
    expect(parseRatings('Answer 1\nRating: 3.5\nAnswer 2\nRating: 3', 2).ok).toBe(false);
    expect(parseRatings('I cannot rate these.', 2).ok).toBe(false);
  });
});

describe('the order the judge saw', () => {
  it('is seeded, stored-order indices, and the ratings map back through it', () => {
    const shown = judgeOrder(7, 'p1', 'rate', 4);
    expect(judgeOrder(7, 'p1', 'rate', 4)).toEqual(shown);
    expect([...shown].sort()).toEqual([0, 1, 2, 3]);
    const answers = ['alpha', 'beta', 'gamma', 'delta'];
    const rendered = renderAnswers(answers, shown);
    // The judge saw answer `answers[shown[pos]]` under number pos+1, in that order.
    const seen = [...rendered.matchAll(/\[Answer (\d)\]\n(\w+)/g)].map((m) => [Number(m[1]), m[2]]);
    expect(seen).toEqual(shown.map((orig, pos) => [pos + 1, answers[orig]]));
    // A judge that rates by shown position gives back ratings keyed to stored answers.
    const inShown = shown.map((orig) => orig + 1);
    expect(unshuffle(inShown, shown)).toEqual([1, 2, 3, 4]);
  });
  it('asks the second time in a different order', () => {
    for (let p = 0; p < 30; p++) {
      const a = judgeOrder(1, `p${p}`, 'rank-1', 3);
      expect(secondOrder(1, `p${p}`, a)).not.toEqual(a);
    }
  });
});
