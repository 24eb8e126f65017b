import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { parseAlpacaAnswer } from '../../src/methods/alpaca/parse.js';
import { ALPACA_BLOCKLIST, AlpacaParamsSchema } from '../../src/methods/alpaca/params.js';
import { instructionVerdicts, firstFailure } from '../../src/filters/heuristics.js';
import { loadTemplate } from '../../src/prompts/template.js';
import { REPO } from '../support/paths.js';

// The prompt and parser cases on real Code Alpaca records (CC BY-NC 4.0) are in
// tests/shared-data/alpaca/parse.test.ts (npm run test:data).
const template = loadTemplate('prompts/alpaca/instructions-v1.txt', REPO);

describe('parseAlpacaAnswer', () => {
  it('reads <NoInput> in any case, and does not split on "14. Output:" inside item 4', () => {
    const chunks = parseAlpacaAnswer(' List two primes.\n4. Input:\n<NoInput>\n4. Output:\n2 and 3; see 14. Output: section\n', 3, 'stop');
    expect(chunks).toEqual([
      { ok: true, index: 0, number: 4, raw: expect.any(String), instruction: 'List two primes.', input: '', output: '2 and 3; see 14. Output: section' },
    ]);
  });
});

describe('Alpaca filters', () => {
  const p = AlpacaParamsSchema.parse({});
  const rules = { minWords: p.min_words, maxWords: p.max_words, blocklist: p.blocklist };
  const reason = (s: string) => firstFailure(instructionVerdicts(s, rules));

  it('uses the reference defaults: 18 blocked words, 3 demos, the stop strings', () => {
    expect(ALPACA_BLOCKLIST).toHaveLength(18);
    expect(new Set(ALPACA_BLOCKLIST).size).toBe(18);
    expect(p.demos).toBe(3);
    expect(p.generation).toMatchObject({ temperature: 1, top_p: 1, max_tokens: 3072, stop: ['\n20', '20.'] });
  });

  it('rejects by the named rule', () => {
    expect(reason('Draw a flowchart of the login process.')).toBe('blocklist');
    expect(reason('Suggest some music for a rainy afternoon.')).toBe('blocklist');
    expect(reason('Describe the diagram below in detail.')).toBe('blocklist');
    expect(reason('Write a program that sorts a list.')).toBe('write-a-program');
    expect(reason('Sort three numbers.')).toBe('word-count');
    expect(reason('"Quote" the following sentence properly.')).toBe('punctuation-start');
    expect(reason('Écris une phrase sur la mer.')).toBe('non-ascii-start');
    // Whole words only: "profile" holds "file", "audition" is not "audio".
    expect(reason('Summarize the profile of the audition candidate.')).toBeUndefined();
  });
});

it('the shipped template has no placeholders', () => {
  expect(template.placeholders).toEqual([]);
  expect(resolve(REPO, template.path)).toContain('alpaca');
});
