import { describe, expect, it } from 'vitest';
import { planCompletions, PrincipleWeightsSchema } from '../../src/methods/preference/completions.js';
import { spinPair, spinPrompt } from '../../src/methods/preference/spin.js';
import { rateWithReask } from '../../src/methods/preference/reask.js';

const pool = ['gpt-a', 'gpt-b', 'llama-c', 'mistral-d', 'qwen-e'];

describe('completions from several named teachers', () => {
  it('draws k distinct teachers per prompt, seeded and repeatable', () => {
    const a = planCompletions(3, 'p1', pool, 4, undefined);
    expect(planCompletions(3, 'p1', pool, 4, undefined)).toEqual(a);
    expect(new Set(a.teachers).size).toBe(4);
    expect(a.principles).toEqual([undefined, undefined, undefined, undefined]);
    const differs = Array.from({ length: 20 }, (_, i) => planCompletions(3, `p${i}`, pool, 4, undefined).teachers.join());
    expect(new Set(differs).size).toBeGreaterThan(1);
  });
  it('draws principles by weight (a zero weight is never drawn)', () => {
    const w = PrincipleWeightsSchema.parse({ helpfulness: 60, truthfulness: 20, honesty: 20, verbalized_calibration: 0 });
    const counts: Record<string, number> = {};
    for (let i = 0; i < 200; i++) for (const p of planCompletions(1, `q${i}`, pool, 2, w).principles) counts[p!] = (counts[p!] ?? 0) + 1;
    expect(counts.verbalized_calibration).toBeUndefined();
    expect(counts.helpfulness!).toBeGreaterThan(counts.honesty!);
    expect(() => PrincipleWeightsSchema.parse({ honesty: 0 })).toThrow();
  });
  it('refuses a pool smaller than k', () => {
    expect(() => planCompletions(1, 'p', pool.slice(0, 2), 3, undefined)).toThrow(/pool has 2/);
  });
});

describe('SPIN', () => {
  it('uses the instruction/response template and pairs reference vs generation', () => {
    expect(spinPrompt('Add 2 and 3.')).toBe('### Instruction: Add 2 and 3.\n\n### Response: ');
    expect(spinPair('Add', ' 5 ', '6')).toEqual({ ok: true, prompt: 'Add', chosen: '5', rejected: '6' });
    expect(spinPair('Add', '5', ' 5\n')).toEqual({ ok: false, reason: 'same-as-reference' });
    expect(spinPair('Add', '', '5')).toEqual({ ok: false, reason: 'empty-reference' });
  });
});

describe('re-asking the judge on a format error', () => {
  it('re-asks until a well-formed answer, up to the limit, recording each attempt', async () => {
    const answers = ['Both are fine.', 'Answer 1\nRating: 9', 'Answer 1\nRating: 4\nRationale: ok\nAnswer 2\nRating: 2\nRationale: no'];
    const asked: number[] = [];
    const r = await rateWithReask(async (i) => (asked.push(i), answers[i]!), 2, 10);
    expect(asked).toEqual([0, 1, 2]);
    expect(r.ratings?.map((x) => x.rating)).toEqual([4, 2]);
    expect(r.attempts.map((a) => a.ok)).toEqual([false, false, true]);
    const gaveUp = await rateWithReask(async () => 'no idea', 2, 3);
    expect(gaveUp.ratings).toBeUndefined();
    expect(gaveUp.attempts).toHaveLength(3);
  });
});
