/**
 * Backtranslation yield on realistic chat answers (tests/realistic/backtranslation-answers.ts).
 * Measured (this file's counts; run `npx vitest run tests/realistic/backtranslation-yield.test.ts`):
 * - self-augment: reference parser alone keeps 26/58 instructions a careful reader keeps and accepts
 *   31 with chatter, labels or markup in them; with the chat normaliser 58/58, none with junk.
 * - curation (5-point rubric): reference parser alone reads 38/42 scores (3 missing, 1 wrong: a rubric
 *   level mentioned after a score given first); with the judge's chat normaliser 42/42, none wrong.
 * The last 14 self-augment and 10 curation answers were written after the normalisers, as a check:
 * at first 13/14 (reference alone 6/14) and 10/10 (reference alone 10/10).
 */
import { describe, expect, it } from 'vitest';
import { judgeStage } from '../../src/engine/judge-stage.js';
import { firstFailure } from '../../src/filters/heuristics.js';
import { instructionVerdicts } from '../../src/methods/backtranslation/parse.js';
import { selfAugment } from '../../src/methods/backtranslation/stages.js';
import type { Habit } from '../../src/chat/edits.js';
import { CURATION_ANSWERS, SELF_AUGMENT_ANSWERS } from './backtranslation-answers.js';
import { habitShare } from './corpus.js';

const input = { demos: [], passage: 'A response.' };
/** What no accepted instruction may hold: an opener, a label, markup, quotes around it, a remark after it. */
const JUNK = /^(?:sure|certainly|okay|here(?:'s| is) (?:a |an |the |what )?(?:possible|likely|instruction)|the user|a likely|based on|one possible|i think|instruction|possible instruction|user:)|\*\*|^#|^["“]|["”]$|\n|i hope|let me know|this instruction|explanation:/i;

function accepted(text: string): string | undefined {
  const instruction = selfAugment.parse(text, 'stop', input);
  return firstFailure(instructionVerdicts(instruction, 'stop', { min: 10, max: 800 })) ? undefined : instruction;
}

function measureAugment(normalise: boolean): { kept: number; junk: string[] } {
  let kept = 0;
  const junk: string[] = [];
  for (const a of SELF_AUGMENT_ANSWERS) {
    const got = accepted(normalise ? selfAugment.normalise!(a.text, input).text : a.text);
    if (got === a.keep) kept++;
    else if (got !== undefined) junk.push(got);
  }
  return { kept, junk };
}

describe('realistic chat answers: backtranslation self-augment', () => {
  it('is a corpus of at least 20 answers with habits in about half of them', () => {
    expect(SELF_AUGMENT_ANSWERS.length).toBeGreaterThanOrEqual(20);
    expect(habitShare(SELF_AUGMENT_ANSWERS)).toBeGreaterThanOrEqual(0.4);
    expect(habitShare(SELF_AUGMENT_ANSWERS)).toBeLessThanOrEqual(0.7);
  });

  it('keeps at least 90% of the instructions a reader keeps and accepts nothing else', () => {
    const after = measureAugment(true);
    expect(after.junk).toEqual([]);
    expect(after.kept / SELF_AUGMENT_ANSWERS.length).toBeGreaterThanOrEqual(0.9);
  });

  it('does better than the reference parser alone, which keeps chatter (the figures in the header)', () => {
    const before = measureAugment(false);
    const after = measureAugment(true);
    expect(before.junk.length).toBeGreaterThan(0);
    expect(before.junk.some((j) => JUNK.test(j))).toBe(true);
    expect(after.kept).toBeGreaterThan(before.kept);
  });

  it('records an edit for each habit an answer shows, and none for a clean answer', () => {
    for (const a of SELF_AUGMENT_ANSWERS) {
      const habits = selfAugment.normalise!(a.text, input).edits.map((e) => e.habit);
      for (const h of a.habits as Habit[]) expect(habits, a.text).toContain(h);
      if (a.habits.length === 0) expect(habits.filter((h) => h !== 'frame-label'), a.text).toEqual([]);
    }
  });

  it('never changes a clean answer the reference already reads right', () => {
    for (const a of SELF_AUGMENT_ANSWERS.filter((x) => x.habits.length === 0)) {
      expect(accepted(selfAugment.normalise!(a.text, input).text)).toBe(accepted(a.text));
    }
  });
});

describe('realistic chat answers: backtranslation curation (5-point rubric)', () => {
  const stage = judgeStage('curate-iter1');
  const item = { instruction: 'An instruction.', output: 'An answer.' };
  const read = (text: string): number | null => stage.parse(text, 'stop', item).score;

  it('is a corpus of at least 20 answers with habits in about half of them', () => {
    expect(CURATION_ANSWERS.length).toBeGreaterThanOrEqual(20);
    expect(habitShare(CURATION_ANSWERS)).toBeGreaterThanOrEqual(0.4);
    expect(habitShare(CURATION_ANSWERS)).toBeLessThanOrEqual(0.7);
  });

  it('reads the score a reader reads in at least 90% of the answers, and never a wrong one', () => {
    const scores = CURATION_ANSWERS.map((a) => read(stage.normalise!(a.text, item).text));
    const wrong = CURATION_ANSWERS.filter((a, i) => scores[i] !== null && scores[i] !== a.keep).map((a) => a.text);
    expect(wrong).toEqual([]);
    expect(CURATION_ANSWERS.filter((a, i) => scores[i] === a.keep).length / CURATION_ANSWERS.length).toBeGreaterThanOrEqual(0.9);
  });

  it('reads more than the reference parser alone, which misses scores given in points or with their object named', () => {
    const before = CURATION_ANSWERS.filter((a) => read(a.text) === a.keep).length;
    const after = CURATION_ANSWERS.filter((a) => read(stage.normalise!(a.text, item).text) === a.keep).length;
    expect(after).toBeGreaterThan(before);
  });
});
