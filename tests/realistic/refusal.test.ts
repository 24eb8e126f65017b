/**
 * Refusals, read in chat mode: the reference keeps a refusal without "sorry" in it as a dataset
 * output (Evol-Instruct's rule 2 looks for the word) and backtranslation keeps any as an
 * instruction. Measured on tests/realistic/evol-answer-corpus.ts (22 answers, 8 refusals):
 * the reference rules alone reject 2 of the 8 refusals; with the refusal reading 8 of 8, and no
 * answer a reader keeps is lost (14 of 14).
 */
import { describe, expect, it } from 'vitest';
import { instructionRefusalVerdict, opensWithRefusal, refusalVerdict } from '../../src/chat/refusal.js';
import { sorryShortVerdict, stopwordsOnlyVerdict } from '../../src/filters/evol-elimination.js';
import { answer } from '../../src/methods/evol-instruct/stages.js';
import { EVOL_ANSWERS } from './evol-answer-corpus.js';

const passesReference = (t: string) => sorryShortVerdict(t).passed && stopwordsOnlyVerdict(t).passed;

describe('refusals in Evol-Instruct answers', () => {
  it('the answer stage keeps every answer as written: no normaliser touches the dataset\'s output', () => {
    expect(answer.normalise).toBeUndefined();
    for (const a of EVOL_ANSWERS) expect(answer.parse(a.text, 'stop', 'x')).toBe(a.text.trim());
  });

  it('keeps every answer a reader keeps and rejects every refusal, where the reference rules let most through', () => {
    const refusals = EVOL_ANSWERS.filter((a) => !a.keep);
    const good = EVOL_ANSWERS.filter((a) => a.keep);
    expect(refusals.length).toBeGreaterThanOrEqual(8);
    expect(good.length).toBeGreaterThanOrEqual(12);
    const referenceRejects = refusals.filter((a) => !passesReference(a.text)).length;
    expect(referenceRejects).toBeLessThan(refusals.length / 2);
    const kept = (a: { text: string }) => passesReference(a.text) && refusalVerdict(a.text).passed;
    expect(refusals.filter(kept)).toEqual([]);
    expect(good.filter((a) => !kept(a))).toEqual([]);
  });

  it('reads only the opening, and only of a short answer', () => {
    expect(opensWithRefusal("I can't stress enough how useful this is.")).toBe(false);
    expect(opensWithRefusal('Here is why I cannot recommend it: ...')).toBe(false);
    const long = `I cannot provide a single answer, but ${'here is a long and useful explanation '.repeat(20)}`;
    expect(refusalVerdict(long).passed).toBe(true);
    expect(refusalVerdict('I cannot provide that.')).toMatchObject({ filter: 'refusal', passed: false });
  });
});

describe('refusals as backtranslated instructions', () => {
  it('rejects a model declining the task, never a user request that opens the same way', () => {
    for (const t of ["I'm sorry, but I can't determine the instruction from this passage.", 'I cannot infer what the user asked from the text provided.', 'As an AI, I am unable to identify a clear instruction for this response.']) {
      expect(instructionRefusalVerdict(t).passed, t).toBe(false);
    }
    for (const t of ["I'm unable to log in to my bank's app after the update. What should I try?", "I can't help my son with fractions homework; how do I explain common denominators?", "I'm sorry to bother you, but how long should I boil an egg?"]) {
      expect(instructionRefusalVerdict(t).passed, t).toBe(true);
    }
  });
});
