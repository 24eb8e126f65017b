import { describe, expect, it } from 'vitest';
import { normaliseJudgeAnswer } from '../../src/engine/judge-chat-form.js';
import { saidScore } from '../../src/engine/judge-said-score.js';
import { scoreFirst } from '../../src/engine/judge-score-first.js';
import { parseJudgeScore } from '../../src/filters/judge-score.js';

const read = (text: string): number | null => parseJudgeScore(normaliseJudgeAnswer(text).text).score;

describe('judge chat readings the reference parser misses', () => {
  it('reads a points total on the last line and a verbal score that names its object', () => {
    expect(saidScore('Good, but repetitive.\n\n4 points')).toEqual({ score: 4, said: '4 points' });
    expect(saidScore('Useful.\nTotal: 3 points.')).toEqual({ score: 3, said: 'Total: 3 points.' });
    expect(saidScore('It wanders. I would give this answer a 4.')).toMatchObject({ score: 4 });
    expect(saidScore('It makes 3 points about safety and then stops.')).toBeUndefined();
    expect(saidScore('I would give this answer a 3-step rewrite.')).toBeUndefined();
    expect(saidScore('I would give this answer a 9.')).toBeUndefined();
  });

  it('writes what it read as the reference line, recorded, only where the parser found nothing', () => {
    const n = normaliseJudgeAnswer('Complete, but repeats itself.\n\n4 points');
    expect(parseJudgeScore('Complete, but repeats itself.\n\n4 points').score).toBeNull();
    expect(parseJudgeScore(n.text)).toMatchObject({ score: 4, parse: 'exact' });
    expect(n.edits).toEqual([{ habit: 'tolerant-reading', removed: '4 points' }]);
    // The parser reads "Score: 2" already: a later "5 points" changes nothing.
    expect(read('Score: 2\nIt needs 5 points of detail it lacks.')).toBe(2);
  });

  it('takes a score given first over a rubric level mentioned after it', () => {
    const text = "Score: 3\n\nUseful, but a blog post; a rating of 4 or 5 requires an assistant's voice.";
    expect(parseJudgeScore(text).score).toBe(4);
    expect(scoreFirst(text)).toEqual({ score: 3, line: 'Score: 3' });
    expect(read(text)).toBe(3);
    expect(normaliseJudgeAnswer(text).edits.map((e) => e.habit)).toEqual(['layout']);
    expect(read('**Rating: 4/5**\n\nClear and complete.')).toBe(4);
  });

  it('leaves a score given first alone when the answer ends with the reference line', () => {
    expect(scoreFirst('Score: 3\nOn reflection, better than that.\nScore: 4')).toBeUndefined();
    expect(read('Score: 3\nOn reflection, better than that.\nScore: 4')).toBe(4);
    expect(scoreFirst('Score: 3')).toBeUndefined();
  });
});
