import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MARKER_PHRASES,
  equalityVerdict,
  markerLeakVerdict,
  parseEqualityAnswer,
  sameText,
  sorryShortVerdict,
  stopwordsOnlyVerdict,
} from '../../src/filters/evol-elimination.js';
import { ENGLISH_STOPWORDS, isOnlyStopwords, wordTokens } from '../../src/filters/stopwords.js';
import { equalityPrompt } from '../../src/methods/evol-instruct/prompts.js';
import { parseTemplate } from '../../src/prompts/template.js';
import { simulate } from '../../src/teacher/sim/simulate.js';
import { bundledData } from '../support/paths.js';

/** Real evolved prompts and answers of an Evol-Instruct reimplementation (h2oai/h2o-wizardlm, Apache-2.0). */
const H2O = JSON.parse(readFileSync(bundledData('evol_instruct_sample_h2o_wizardlm.json'), 'utf8')) as { input: string; output: string }[];

describe('elimination rules on real texts (h2o-wizardlm sample)', () => {
  it('the sample is the 61 records SOURCES.md describes', () => {
    expect(H2O).toHaveLength(61);
    expect(H2O.filter((r) => r.output === '')).toHaveLength(6);
  });

  it('rule 3 (stop words only) fires on exactly the six empty answers', () => {
    const fired = H2O.map((r, i) => [i, stopwordsOnlyVerdict(r.output).passed] as const).filter(([, passed]) => !passed).map(([i]) => i);
    expect(fired).toEqual(H2O.flatMap((r, i) => (r.output === '' ? [i] : [])));
  });

  it('rule 3 fires on punctuation and stop words, and not when one content word is left', () => {
    // Built from the short real answer "Sure, I can help you with that. What time zone are you in?"
    const real = H2O[13]!.output;
    expect(real).toMatch(/^Sure, I can help you with that\./);
    expect(stopwordsOnlyVerdict(real).passed).toBe(true); // "sure", "help", "time", "zone" are content words
    expect(stopwordsOnlyVerdict('I can ... with that. What are you in?').passed).toBe(false);
    expect(stopwordsOnlyVerdict(' ?!... -- ;').passed).toBe(false);
    expect(stopwordsOnlyVerdict("It's what it is, and that's all.").passed).toBe(false);
    expect(stopwordsOnlyVerdict('It is 42.').passed).toBe(true);
  });

  it('rule 2 (sorry and under 80 words) fires on no real answer, but on a short apology', () => {
    expect(H2O.filter((r) => !sorryShortVerdict(r.output).passed)).toEqual([]);
    // The shortest real answers pass because they do not apologise ...
    const short = H2O.filter((r) => r.output !== '' && r.output.split(/\s+/).length < 80);
    expect(short.length).toBeGreaterThan(3);
    for (const r of short) expect(sorryShortVerdict(r.output).passed).toBe(true);
    // ... and fail once they do.
    const apology = `I'm sorry, but ${H2O[28]!.output.charAt(0).toLowerCase()}${H2O[28]!.output.slice(1)}`;
    const v = sorryShortVerdict(apology);
    expect(v.passed).toBe(false);
    expect(v.detail).toMatchObject({ contains_sorry: true, max_words: 80 });
    expect(sorryShortVerdict('SORRY. I cannot help with that.').passed).toBe(false);
  });

  it('rule 2 spares a long real answer that happens to contain "sorry"', () => {
    const long = H2O.find((r) => r.output.split(/\s+/).length > 120)!;
    expect(sorryShortVerdict(`Sorry for the wait. ${long.output}`).passed).toBe(true);
    // the boundary: 79 words fail, 80 pass
    const words = (n: number) => ['sorry', ...Array.from({ length: n - 1 }, () => 'word')].join(' ');
    expect(sorryShortVerdict(words(79)).passed).toBe(false);
    expect(sorryShortVerdict(words(80)).passed).toBe(true);
  });

  it('rule 4 (marker words) fires on no real evolved prompt, even those that talk about prompts', () => {
    expect(H2O.filter((r) => !markerLeakVerdict(r.input).passed)).toEqual([]);
    expect(H2O[9]!.input).toMatch(/create a prompt/); // a prompt about prompts is fine
  });

  it('rule 4 fires when a rewrite copies the evolving prompt, whatever the case', () => {
    const real = H2O[1]!.input;
    for (const leaked of [
      `#Rewritten Prompt#: ${real}`,
      `Here is the rewritten prompt:\n${real}`,
      `${real}\n#The Given Prompt# asked for less.`,
      `#CREATED PROMPT#\n${real}`,
      `The created prompt is: ${real}`,
    ]) {
      const v = markerLeakVerdict(leaked);
      expect(v.passed, leaked.slice(0, 40)).toBe(false);
      expect((v.detail as { phrases: string[] }).phrases.length).toBeGreaterThan(0);
    }
    expect(DEFAULT_MARKER_PHRASES).toContain('given prompt');
  });

  it('rule 1 reads "Equal" / "Not Equal" answers and treats identical text as equal', () => {
    expect(parseEqualityAnswer('Equal')).toBe('equal');
    expect(parseEqualityAnswer('"Equal".')).toBe('equal');
    expect(parseEqualityAnswer('Not Equal')).toBe('not-equal');
    expect(parseEqualityAnswer('not equal.')).toBe('not-equal');
    expect(parseEqualityAnswer('NOT-EQUAL')).toBe('not-equal');
    expect(parseEqualityAnswer('They differ in depth.')).toBe('unclear');
    expect(equalityVerdict('Equal').passed).toBe(false);
    expect(equalityVerdict('Not Equal').passed).toBe(true);
    expect(equalityVerdict('I cannot tell').passed).toBe(true); // the paper rejects on "Equal" only
    expect(equalityVerdict(null)).toMatchObject({ passed: false, detail: { judged_by: 'identical-text' } });
    const real = H2O[2]!.input;
    expect(sameText(real, `  ${real.replace(/ /g, '  ')}\n`)).toBe(true);
    expect(sameText(real, `${real} Answer in French.`)).toBe(false);
  });

  it('rule 1 through the sim teacher: a real prompt and its case-changed copy are judged Equal', () => {
    const t = parseTemplate('equality-v1.txt', readFileSync(new URL('../../prompts/evol-instruct/equality-v1.txt', import.meta.url), 'utf8'));
    for (const r of H2O.slice(0, 10)) {
      const prompt = equalityPrompt(t, r.input, r.input.toUpperCase());
      const answer = simulate({ mode: 'chat', model: 'm', messages: [{ role: 'user', content: prompt }], params: { temperature: 0, max_tokens: 8 } });
      expect(equalityVerdict(answer.text).passed).toBe(false);
    }
  });
});

describe('stop words', () => {
  it('is our own list of about 200 lower-case English function words', () => {
    expect(ENGLISH_STOPWORDS.size).toBeGreaterThan(140);
    expect(ENGLISH_STOPWORDS.size).toBeLessThan(230);
    for (const w of ENGLISH_STOPWORDS) expect(w).toBe(w.toLowerCase());
    for (const content of ['help', 'time', 'sorry', 'quantum', 'answer']) expect(ENGLISH_STOPWORDS.has(content)).toBe(false);
  });

  it('tokenises words with inner apostrophes (straight or curly) and digits', () => {
    expect(wordTokens("Don\u2019t stop: it's 3 o'clock!")).toEqual(["don't", 'stop', "it's", '3', "o'clock"]);
    expect(isOnlyStopwords('')).toBe(true);
    expect(isOnlyStopwords('Well... I don\u2019t.')).toBe(true);
  });
});
