import { describe, expect, it } from 'vitest';
import { firstFailure, instructionVerdicts } from '../../src/filters/heuristics.js';
import { SelfInstructParamsSchema } from '../../src/methods/self-instruct/params.js';

const rules = (() => {
  const p = SelfInstructParamsSchema.parse({});
  return { minWords: p.min_words, maxWords: p.max_words, blocklist: p.blocklist };
})();
const reason = (text: string) => firstFailure(instructionVerdicts(text, rules));

describe('instruction heuristics (methods.md 1a)', () => {
  it('accepts an ordinary instruction', () => {
    expect(reason('Suggest three ways to keep a sourdough starter alive while travelling.')).toBeUndefined();
  });
  it('rejects 3 words or fewer and more than 150', () => {
    expect(reason('Summarize this article.')).toBe('word-count');
    expect(reason('Summarize this news article.')).toBeUndefined();
    expect(reason(Array.from({ length: 151 }, () => 'word').join(' '))).toBe('word-count');
    expect(reason(Array.from({ length: 150 }, () => 'word').join(' '))).toBeUndefined();
  });
  it('rejects blocklisted words as whole words, case-insensitively', () => {
    expect(reason('Describe the IMAGE shown above in detail.')).toBe('blocklist');
    expect(reason('Give directions to go to the station.')).toBe('blocklist');
    expect(reason('Explain what a mapping between two sets is.')).toBeUndefined();
    expect(reason('Name the profile settings you would change first.')).toBeUndefined();
  });
  it('rejects "Write a program", punctuation and non-ASCII first characters', () => {
    expect(reason('Write a program that sorts a list of names.')).toBe('write-a-program');
    expect(reason('"Quote" the best line of this poem please.')).toBe('punctuation-start');
    expect(reason('¿Cómo se dice hello en francés, por favor?')).toBe('non-ascii-start');
  });
  it('records every rule, so an audit shows each verdict', () => {
    const v = instructionVerdicts('Plot a graph.', rules);
    expect(v.filter((x) => !x.passed).map((x) => x.filter)).toEqual(['word-count', 'blocklist']);
  });
});
