import { describe, expect, it } from 'vitest';
import { queryVerdicts, responseVerdict } from '../../src/methods/magpie/filters.js';
import { MagpieParamsSchema } from '../../src/methods/magpie/params.js';
import { parseMagpieTurn, queryKey } from '../../src/methods/magpie/parse.js';
import { responsePrompt } from '../../src/methods/magpie/prompts.js';
import { firstFailure } from '../../src/filters/heuristics.js';
import { MAGPIE_QUERY_CASES, MAGPIE_RESPONSE_CASES } from '../realistic/magpie-answers.js';

const specials = MagpieParamsSchema.parse({}).template.special_tokens;
const rules = { minWords: 3, maxWords: 400, dropColonEndings: true };

describe('Magpie completions as real models write them', () => {
  for (const c of [...MAGPIE_QUERY_CASES, ...MAGPIE_RESPONSE_CASES]) {
    it(c.name, () => {
      const r = parseMagpieTurn(c.text, c.finish, specials);
      if (c.query === null) {
        expect(r).toMatchObject({ ok: false, reason: c.reason });
      } else {
        expect(r).toMatchObject({ ok: true, text: c.query });
      }
    });
  }
});

describe('Magpie release filters (no reward model)', () => {
  it('drops a query ending with ":" and keeps one with a colon inside', () => {
    expect(firstFailure(queryVerdicts('Rewrite the following paragraph to make it more concise:', rules, new Map()))).toBe('ends-with-colon');
    expect(firstFailure(queryVerdicts('Rewrite this: the cat sat on the mat, the dog too.', rules, new Map()))).toBeUndefined();
    expect(firstFailure(queryVerdicts('Rewrite the following paragraph:', { ...rules, dropColonEndings: false }, new Map()))).toBeUndefined();
  });

  it('drops a duplicate up to case and whitespace, naming the first row', () => {
    const seen = new Map([[queryKey('What is the capital of  Australia?'), 17]]);
    const v = queryVerdicts('what is the capital of Australia?\n', rules, seen);
    expect(firstFailure(v)).toBe('duplicate');
    expect(v.find((x) => x.filter === 'duplicate')!.detail).toEqual({ first_sample: 17 });
    expect(firstFailure(queryVerdicts('What is the capital of Austria?', rules, seen))).toBeUndefined();
  });

  it('bounds query length in words and rejects an empty or too short response', () => {
    expect(firstFailure(queryVerdicts('Hi', rules, new Map()))).toBe('word-count');
    expect(responseVerdict('', 0).passed).toBe(false);
    expect(responseVerdict('Canberra.', 1).passed).toBe(true);
    expect(responseVerdict('Canberra.', 5).passed).toBe(false);
  });

  it('puts the query between the template parts as data (placeholders in it are not expanded)', () => {
    expect(responsePrompt('<U>', 'Explain {{snippet}} please', '<A>')).toBe('<U>Explain {{snippet}} please<A>');
  });
});
