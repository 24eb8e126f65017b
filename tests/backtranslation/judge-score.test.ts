import { describe, expect, it } from 'vitest';
import { parseJudgeScore } from '../../src/filters/judge-score.js';

describe('parseJudgeScore', () => {
  it('reads the reference form on the last line as exact, the rest as rationale', () => {
    expect(parseJudgeScore('Clear and complete, with a small digression.\nScore: 4')).toEqual({
      score: 4,
      parse: 'exact',
      rationale: 'Clear and complete, with a small digression.',
    });
    expect(parseJudgeScore('Score: 5')).toMatchObject({ score: 5, parse: 'exact', rationale: '' });
    expect(parseJudgeScore('fine\nscore:3')).toMatchObject({ score: 3, parse: 'exact' });
    expect(parseJudgeScore('Good.\r\nScore: 2\r\n\r\n')).toMatchObject({ score: 2, parse: 'exact', rationale: 'Good.' });
  });

  it('takes the last line when the rationale mentions other scores', () => {
    expect(parseJudgeScore('A score of 5 would need an example.\nScore: 3')).toMatchObject({ score: 3, parse: 'exact' });
    expect(parseJudgeScore('Score: 3\n\nOn reflection:\nScore: 4')).toMatchObject({ score: 4, parse: 'exact' });
  });

  const tolerant: [string, number][] = [
    ['Helpful.\nScore: 4.5', 4.5],
    ['Helpful.\nScore: 4,5', 4.5],
    ['Helpful.\nScore: 4/5', 4],
    ['Helpful.\nScore: 4 out of 5', 4],
    ['Helpful.\n4/5', 4],
    ['Helpful.\n5', 5],
    ['Helpful.\n**Score:** 4', 4],
    ['Helpful.\n**Score: 3**', 3],
    ['Helpful.\nScore: [4]', 4],
    ['Helpful.\nScore = 2', 2],
    ['Helpful.\nRating: 3 out of 5', 3],
    ['Helpful.\nFinal score: 5.', 5],
    ['Score: 4\nI hope this assessment helps.', 4],
    ['Mostly right. I would give it 4 out of 5', 4],
  ];
  for (const [text, score] of tolerant) {
    it(`reads ${JSON.stringify(text)} tolerantly as ${score}`, () => {
      const r = parseJudgeScore(text);
      expect(r.score).toBe(score);
      expect(r.parse).toBe('tolerant');
    });
  }

  it('rescales a fraction on another scale and says so', () => {
    const r = parseJudgeScore('Solid answer.\nScore: 8/10');
    expect(r).toMatchObject({ score: 4, parse: 'tolerant', rationale: 'Solid answer.' });
    expect(r.note).toMatch(/rescaled from 8\/10/);
  });

  const missing: [string, RegExp][] = [
    ['', /empty/],
    ['   \n  ', /empty/],
    ['The answer is thorough and well written.', /no score/],
    ['Score: N/A', /no score/],
    ['Score: 7', /outside 1-5/],
    ['Score: 0', /outside 1-5/],
    ['Rating: 9.5', /outside 1-5/],
    ['Score: 3/0', /unusable/],
  ];
  for (const [text, note] of missing) {
    it(`reports ${JSON.stringify(text)} as missing, without throwing`, () => {
      const r = parseJudgeScore(text);
      expect(r.score).toBeNull();
      expect(r.parse).toBe('missing');
      expect(r.note).toMatch(note);
    });
  }

  it('keeps the whole answer as rationale when no score is found', () => {
    expect(parseJudgeScore('Not sure how to rate this.').rationale).toBe('Not sure how to rate this.');
  });

  it('honours another scale', () => {
    expect(parseJudgeScore('ok\nScore: 9', { min: 1, max: 10 })).toMatchObject({ score: 9, parse: 'exact' });
    expect(parseJudgeScore('ok\nScore: 7/10', { min: 1, max: 10 })).toMatchObject({ score: 7, parse: 'tolerant' });
  });
});
