/**
 * Yield on realistic chat answers: what a careful reader keeps, kept by the stage's chat normaliser,
 * its parser and the recipe's structural filters; no preamble, markup or closing remark accepted.
 */
import { describe, expect, it } from 'vitest';
import { firstFailure, instructionVerdicts } from '../../src/filters/heuristics.js';
import { judgeStage } from '../../src/engine/judge-stage.js';
import { generateInstructions } from '../../src/methods/self-instruct/stages.js';
import { pythonCapitalize } from '../../src/util/text.js';
import { habitShare } from './corpus.js';
import { INSTRUCTION_LISTS } from './self-instruct-lists.js';
import { JUDGE_ANSWERS } from './judge-answers.js';

const demos = Array.from({ length: 8 }, (_, i) => ({ instruction: `Demo task number ${i + 1} for the list.` }));
const JUNK = /^(sure|here|certainly|i hope|let me|these tasks)|\*\*|:$/i;

describe('realistic chat answers: Self-Instruct instruction lists', () => {
  it('is a corpus with habits in about half its answers', () => {
    expect(habitShare(INSTRUCTION_LISTS)).toBeGreaterThanOrEqual(0.4);
  });

  it('keeps at least 90% of the good tasks and accepts no chatter or markup', () => {
    let good = 0;
    let kept = 0;
    const junk: string[] = [];
    for (const a of INSTRUCTION_LISTS) {
      const n = generateInstructions.normalise!(a.text, { demos });
      const items = generateInstructions.parse(n.text, 'stop', { demos });
      const accepted = items.filter((t) => !firstFailure(instructionVerdicts(t, { minWords: 3, maxWords: 150, blocklist: [] })));
      // The reference capitalises as Python's str.capitalize() does ("celsius"), so the kept texts are compared that way.
      const keep = a.keep.map(pythonCapitalize);
      good += keep.length;
      kept += keep.filter((k) => accepted.includes(k)).length;
      junk.push(...accepted.filter((t) => JUNK.test(t) || !keep.includes(t)));
      // What the normaliser took out is on record whenever the answer had a habit it undid.
      if (a.habits.includes('preamble')) expect(n.edits.map((e) => e.habit)).toContain('preamble');
    }
    expect(junk).toEqual([]);
    expect(kept / good).toBeGreaterThanOrEqual(0.9);
  });
});

describe('realistic chat answers: judge scores', () => {
  const stage = judgeStage('judge');
  it('reads the score a reader reads in at least 90% of the answers', () => {
    let right = 0;
    for (const a of JUDGE_ANSWERS) {
      const text = stage.normalise ? stage.normalise(a.text, { instruction: 'x', output: 'y' }).text : a.text;
      if (stage.parse(text, 'stop', { instruction: 'x', output: 'y' }).score === a.keep) right++;
    }
    expect(right / JUDGE_ANSWERS.length).toBeGreaterThanOrEqual(0.9);
  });
});

describe('realistic chat answers: classification and Alpaca tasks', () => {
  it('reads every yes and no as a reader does', async () => {
    const { classify } = await import('../../src/methods/self-instruct/stages.js');
    const { CLASSIFY_ANSWERS } = await import('./classify-and-alpaca.js');
    const input = { instruction: 'Decide whether the review is positive.' };
    const read = CLASSIFY_ANSWERS.map((a) => classify.parse(classify.normalise ? classify.normalise(a.text, input).text : a.text, 'stop', input));
    expect(read).toEqual(CLASSIFY_ANSWERS.map((a) => a.keep));
  });

  it('keeps at least 90% of Alpaca tasks, with no chatter in them', async () => {
    const { generateTasks } = await import('../../src/methods/alpaca/stages.js');
    const { ALPACA_ANSWERS } = await import('./classify-and-alpaca.js');
    const input = { demos: [{ instruction: 'a', input: '', output: 'b' }, { instruction: 'c', input: '', output: 'd' }, { instruction: 'e', input: '', output: 'f' }] };
    let good = 0;
    let kept = 0;
    const junk: string[] = [];
    for (const a of ALPACA_ANSWERS) {
      const text = generateTasks.normalise ? generateTasks.normalise(a.text, input).text : a.text;
      const tasks = generateTasks.parse(text, 'stop', input).filter((c) => c.ok) as { instruction: string; input: string; output: string }[];
      good += a.keep.length;
      kept += a.keep.filter((k) => tasks.some((t) => t.instruction === k)).length;
      junk.push(...tasks.flatMap((t) => [t.instruction, t.input, t.output]).filter((f) => /\*\*|i hope|^sure|^none$/i.test(f)));
    }
    expect(junk).toEqual([]);
    expect(kept / good).toBeGreaterThanOrEqual(0.9);
  });
});
