import { describe, expect, it } from 'vitest';
import { planCompletions, PrincipleWeightsSchema } from '../../src/methods/preference/completions.js';
import { spinPair, spinPrompt } from '../../src/methods/preference/spin.js';
import { judgeWithReask } from '../../src/methods/preference/reask.js';
import { rateStage } from '../../src/methods/preference/stages.js';
import { parseTemplate } from '../../src/prompts/template.js';

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
  // A journal stand-in that answers each prompt from a script, by how many times it was asked.
  function scripted(answers: (prompt: string) => string) {
    const prompts: string[] = [];
    let id = 0;
    const journal = {
      model: 'judge',
      prepareEach: (_wave: number, items: { request: { messages?: { content: string }[]; prompt?: string } }[]) => items.map((i) => ({ request: i.request })),
      callAll: async (calls: { request: { messages?: { content: string }[]; prompt?: string } }[]) =>
        calls.map((c) => {
          const text = c.request.messages?.at(-1)?.content ?? c.request.prompt ?? '';
          prompts.push(text);
          return { ok: true, callId: ++id, text: answers(text), finishReason: 'stop', checks: [] };
        }),
    };
    const actx = { journal, config: { teacher: { mode: 'chat', chat: { normalise: true, stops: 'safe' }, structured_outputs: false } } } as never;
    return { actx, prompts };
  }
  const template = parseTemplate('rate.txt', 'Rate {{count}} answers.\n{{instruction}}{{context}}\n{{answers}}');
  const input = { instruction: 'Add 2 and 3.', answers: '[Answer 1]\n5\n\n[Answer 2]\n6', count: 2 };
  const good = 'Answer 1\nRating: 5\nRationale: right\n\nAnswer 2\nRating: 1\nRationale: wrong';

  it('asks again, with the error in the prompt, until an answer reads, and records every attempt', async () => {
    const { actx, prompts } = scripted((p) => (p.includes('Attempt 3') ? good : p.includes('Attempt 2') ? 'Answer 1\nRating: 9' : 'Both are fine.'));
    const [r] = await judgeWithReask(actx, 1, rateStage, [input], { template, sampling: { temperature: 0, top_p: 0.6, max_tokens: 500 }, limit: 10 });
    expect(prompts).toHaveLength(3);
    expect(prompts[1]).toContain('no rating for answer 1');
    expect(prompts[2]).toContain('rating 9 is not an integer from 1 to 5');
    expect(r!.value?.ratings.map((x) => x.rating)).toEqual([5, 1]);
    expect(r!.attempts.map((a) => a.ok)).toEqual([false, false, true]);
    expect(new Set(r!.attempts.map((a) => a.callId)).size).toBe(3);
  });
  it('gives up after the limit, and batches only the items still unread', async () => {
    const { actx, prompts } = scripted((p) => (p.includes('Add 2 and 3.') ? good : 'no idea'));
    const other = { ...input, instruction: 'Name a planet.' };
    const [a, b] = await judgeWithReask(actx, 1, rateStage, [input, other], { template, sampling: { temperature: 0, top_p: 0.6, max_tokens: 500 }, limit: 3 });
    expect(a!.attempts).toHaveLength(1);
    expect(b!.value).toBeUndefined();
    expect(b!.attempts).toHaveLength(3);
    expect(prompts).toHaveLength(4);
  });
});
