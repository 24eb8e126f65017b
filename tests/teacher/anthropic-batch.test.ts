/** Pure parts of Anthropic batch mode: custom ids within the API's pattern, states and counts, result lines. */
import { describe, expect, it } from 'vitest';
import { anthropicCustomId, stageOfAnthropicCustomId } from '../../src/teacher/anthropic/batch-ids.js';
import { resultOf, stateOf, statusOf } from '../../src/teacher/anthropic/batch.js';
import type { TeacherRequest } from '../../src/teacher/types.js';

const PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
const request: TeacherRequest = { mode: 'chat', model: 'claude-x', messages: [{ role: 'user', content: 'hi' }], params: {} };

describe('Anthropic batch custom ids', () => {
  it('carry the call id and the stage id within the API’s pattern, and give the stage back', () => {
    for (const stage of ['self-instruct/generate-instructions', 'custom/regex:instruction,output', 'evol_instruct/in-depth', 'ünïcode/stage', undefined]) {
      const id = anthropicCustomId(12345, stage);
      expect(id).toMatch(PATTERN);
      expect(id.startsWith('call-12345')).toBe(true);
      expect(stageOfAnthropicCustomId(id)).toBe(stage);
    }
    expect(anthropicCustomId(7, 'a/b')).toBe('call-7-s-a_2fb');
  });

  it('leave out a stage that would not fit in 64 characters, and read nothing from ids not ours', () => {
    const id = anthropicCustomId(1, `custom/${'x'.repeat(80)}`);
    expect(id).toBe('call-1');
    expect(stageOfAnthropicCustomId(id)).toBeUndefined();
    expect(stageOfAnthropicCustomId('req-1')).toBeUndefined();
    expect(stageOfAnthropicCustomId('call-1-s-bad_zz')).toBeUndefined();
  });
});

describe('Anthropic batch states and results', () => {
  const batch = (over: Record<string, unknown>) => ({
    id: 'msgbatch_1', type: 'message_batch', processing_status: 'in_progress', cancel_initiated_at: null, results_url: null, created_at: '', expires_at: '', ended_at: null, archived_at: null,
    request_counts: { processing: 4, succeeded: 0, errored: 0, canceled: 0, expired: 0 }, ...over,
  }) as never;

  it('maps processing status onto the journal’s states, ended with a cancel as cancelled', () => {
    expect(stateOf({ processing_status: 'in_progress', cancel_initiated_at: null })).toBe('in_progress');
    expect(stateOf({ processing_status: 'canceling', cancel_initiated_at: 'x' })).toBe('cancelling');
    expect(stateOf({ processing_status: 'ended', cancel_initiated_at: null })).toBe('completed');
    expect(stateOf({ processing_status: 'ended', cancel_initiated_at: 'x' })).toBe('cancelled');
  });

  it('counts every request in total, errored, canceled and expired as failed; results only once ended', () => {
    expect(statusOf(batch({}))).toMatchObject({ state: 'in_progress', total: 4, completed: 0, failed: 0, outputFileId: null });
    const done = statusOf(batch({ processing_status: 'ended', results_url: 'https://x/results', request_counts: { processing: 0, succeeded: 1, errored: 1, canceled: 1, expired: 1 } }));
    expect(done).toMatchObject({ state: 'completed', total: 4, completed: 1, failed: 3, outputFileId: 'https://x/results' });
  });

  it('reads a succeeded line as the online answer, and tells which failed lines are retried', () => {
    const ok = resultOf({
      type: 'succeeded',
      message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-x', content: [{ type: 'text', text: 'Task 2: ' }, { type: 'text', text: 'sort a list' }], stop_reason: 'stop_sequence', stop_sequence: '\n\n', usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 3 } },
    } as never, request);
    expect(ok).toEqual({ ok: true, response: { text: 'Task 2: sort a list', finishReason: 'stop', usage: { promptTokens: 13, completionTokens: 5, cachedPromptTokens: 3 }, model: 'claude-x', simulated: false, id: 'msg_1', stopReason: '\n\n' } });
    const cut = resultOf({ type: 'succeeded', message: { id: 'm', content: [{ type: 'text', text: 'half' }], stop_reason: 'max_tokens', usage: {} } } as never, request);
    expect(cut.ok && cut.response.finishReason).toBe('length');
    const refused = resultOf({ type: 'errored', error: { type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long' } } } as never, request);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.retryable).toBe(false);
      expect(refused.error.message).toMatch(/invalid_request_error: prompt is too long/);
    }
    // Sorted by the online policy (http-status.ts) through the status each type stands for: a request too large is the client's.
    for (const type of ['request_too_large', 'authentication_error', 'billing_error']) {
      const out = resultOf({ type: 'errored', error: { type: 'error', error: { type, message: 'no' } } } as never, request);
      expect(!out.ok && out.error.retryable, type).toBe(false);
    }
    const limited = resultOf({ type: 'errored', error: { type: 'error', error: { type: 'rate_limit_error', message: 'slow' } } } as never, request);
    expect(!limited.ok && limited.error.kind).toBe('rate_limit');
    for (const r of [{ type: 'errored', error: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } }, { type: 'errored', error: { type: 'error', error: { type: 'something_new', message: '?' } } }, { type: 'canceled' }, { type: 'expired' }]) {
      const out = resultOf(r as never, request);
      expect(out.ok).toBe(false);
      if (!out.ok) expect(out.error.retryable, JSON.stringify(r)).toBe(true);
    }
  });
});
