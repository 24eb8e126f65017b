import { describe, expect, it } from 'vitest';
import { callIdOf, customIdOf, parseBatchOutput } from '../../src/teacher/batch-lines.js';
import { batchCallCost, callCost } from '../../src/teacher/cost.js';
import { formatPlan, planCost, type Plan } from '../../src/engine/plan.js';
import type { TeacherResponse } from '../../src/teacher/types.js';

const read = (body: unknown): TeacherResponse => {
  const b = body as { choices: { message: { content: string } }[]; model: string };
  return { text: b.choices[0]!.message.content, finishReason: 'stop', usage: { promptTokens: 1, completionTokens: 1, cachedPromptTokens: 0 }, model: b.model, simulated: false };
};
const ok = (id: string, text: string) =>
  JSON.stringify({ id: `batch_req_${id}`, custom_id: id, response: { status_code: 200, request_id: 'r', body: { model: 'm', choices: [{ message: { content: text } }] } }, error: null });

describe('batch output lines', () => {
  it('custom ids carry the call id and the stage id, and give the call id back', () => {
    expect(customIdOf(42, 'self-instruct/generate-instructions')).toBe('call-42|self-instruct/generate-instructions');
    expect(callIdOf('call-42|self-instruct/generate-instructions')).toBe(42);
    expect(callIdOf(customIdOf(7, undefined))).toBe(7);
    expect(callIdOf('request-1')).toBeUndefined();
    expect(callIdOf('call-12x')).toBeUndefined();
  });

  it('matches answers by custom id whatever their order, with errors and blank or broken lines among them', () => {
    const output = ['', ok('call-3', 'third'), ok('call-1', 'first'), '{not json', '   ', ok('call-2', 'second')].join('\n');
    const errors = [
      JSON.stringify({ id: 'x', custom_id: 'call-4', response: null, error: { code: 'batch_expired', message: 'not run in the window' } }),
      JSON.stringify({ id: 'y', custom_id: 'call-5', response: { status_code: 500, body: { error: { message: 'boom' } } }, error: null }),
      JSON.stringify({ id: 'z', custom_id: 'call-6', response: { status_code: 400, body: { error: { message: 'bad max_tokens' } } }, error: null }),
      JSON.stringify({ id: 'w', custom_id: 'call-1', response: null, error: { code: 'batch_cancelled' } }),
    ].join('\n');
    const out = parseBatchOutput(`${output}\n${errors}`, read);
    expect([...out.keys()].sort()).toEqual(['call-1', 'call-2', 'call-3', 'call-4', 'call-5', 'call-6']);
    const text = (id: string) => {
      const r = out.get(id)!;
      return r.ok ? r.response.text : `error ${r.error.kind}: ${r.error.message}`;
    };
    // An answer is kept whatever else mentions its custom id.
    expect(text('call-1')).toBe('first');
    expect(text('call-2')).toBe('second');
    expect(text('call-3')).toBe('third');
    expect(text('call-4')).toBe('error server: batch line batch_expired: not run in the window');
    expect(text('call-5')).toBe('error server: batch line HTTP 500: boom');
    // A 400 is the request's own fault: not retryable.
    const bad = out.get('call-6')!;
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.retryable).toBe(false);
      expect(bad.error.status).toBe(400);
    }
  });

  it('a 200 body the reader cannot read, or for a custom id it does not know, is a failed line', () => {
    const out = parseBatchOutput([ok('call-1', 'x'), ok('call-9', 'y')].join('\n'), (body, id) => {
      if (id === 'call-9') return null;
      throw new Error(`no choices in ${JSON.stringify(body).length} bytes`);
    });
    expect(out.get('call-1')!.ok).toBe(false);
    expect(out.get('call-9')!.ok).toBe(false);
  });
});

describe('batch prices', () => {
  const usage = { promptTokens: 1000, completionTokens: 500, cachedPromptTokens: 200 };
  it('default to half the online prices, or the configured batch rates', () => {
    const prices = { m: { input: 2, output: 8, cached_input: 1 } };
    expect(batchCallCost(prices, 'm', usage)).toBeCloseTo((800 * 1 + 200 * 0.5 + 500 * 4) / 1e6, 15);
    expect(batchCallCost(prices, 'm', usage)).toBeLessThan(callCost(prices, 'm', usage));
    expect(batchCallCost({ m: { input: 2, output: 8, batch_input: 1.5, batch_output: 5 } }, 'm', usage)).toBeCloseTo((800 * 1.5 + 200 * 1 + 500 * 5) / 1e6, 15);
    expect(batchCallCost(prices, 'other', usage)).toBe(0);
  });

  it('plan prices a batch run at the batch rate and says so', () => {
    const plan: Plan = {
      run: 'r', existing: false, method: 'self-instruct', model: 'm', progress: '0/10', assumptions: [],
      stages: [{ stage: 'generate', requests: 10, cached: 0, promptTokens: 1_000_000, completionTokens: 100_000, completionIsBound: false }],
    } as unknown as Plan;
    const prices = { m: { input: 2, output: 8 } };
    expect(planCost(plan, prices, true)).toBeCloseTo(planCost(plan, prices)! / 2, 12);
    expect(formatPlan(plan, prices, false, true)).toMatch(/\$1\.4000 at the batch rate \(teacher\.batch/);
    expect(formatPlan(plan, prices, false)).not.toMatch(/batch/);
  });
});
