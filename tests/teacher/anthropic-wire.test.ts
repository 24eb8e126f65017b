import { describe, expect, it } from 'vitest';
import { finishReasonOf, messagesBody, stopSequenceOf, textOf, usageOf } from '../../src/teacher/anthropic/wire.js';
import { DEFAULT_MAX_TOKENS, samplingExclusive } from '../../src/teacher/anthropic/models.js';
import { parseAnthropicOverflow } from '../../src/teacher/anthropic/errors.js';
import type { TeacherRequest } from '../../src/teacher/types.js';

const chat = (params: TeacherRequest['params'], messages: TeacherRequest['messages'] = [{ role: 'user', content: 'Hi' }]): TeacherRequest => ({ mode: 'chat', model: 'claude-3-5-haiku-latest', messages, params });

describe('Messages API wire body', () => {
  it('puts every system message in the top-level system field and keeps the turns in order', () => {
    const body = messagesBody(
      chat({ max_tokens: 64 }, [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Name a fruit.' },
        { role: 'assistant', content: 'Pear.' },
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'Another one.' },
      ]),
    );
    expect(body.system).toBe('You are terse.\n\nAnswer in French.');
    expect(body.messages).toEqual([
      { role: 'user', content: 'Name a fruit.' },
      { role: 'assistant', content: 'Pear.' },
      { role: 'user', content: 'Another one.' },
    ]);
    expect(body.messages.some((m) => (m.role as string) === 'system')).toBe(false);
  });

  it('has no system field when the request has no system message', () => {
    expect('system' in messagesBody(chat({ max_tokens: 5 }))).toBe(false);
  });

  it('always sends max_tokens (the API requires it), the default when a stage sets none', () => {
    expect(messagesBody(chat({})).max_tokens).toBe(DEFAULT_MAX_TOKENS);
    expect(messagesBody(chat({ max_tokens: 350 })).max_tokens).toBe(350);
  });

  it('sends stop as stop_sequences, and never penalties nor the seed', () => {
    const body = messagesBody(chat({ temperature: 0.7, top_p: 0.5, max_tokens: 10, stop: ['\n\n', '16.'], presence_penalty: 2, frequency_penalty: 0.5, seed: 3 }));
    expect(body).toEqual({ model: 'claude-3-5-haiku-latest', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }], temperature: 0.7, top_p: 0.5, stop_sequences: ['\n\n', '16.'] });
  });

  it('leaves out top_p 1 (the API default) and an empty stop list', () => {
    const body = messagesBody(chat({ temperature: 1, top_p: 1, stop: [] }));
    expect(body).not.toHaveProperty('top_p');
    expect(body).not.toHaveProperty('stop_sequences');
    expect(body.temperature).toBe(1);
  });

  it('leaves out top_p at temperature 0 (greedy: it changes nothing)', () => {
    expect(messagesBody(chat({ temperature: 0, top_p: 0, max_tokens: 3 }))).toEqual({ model: 'claude-3-5-haiku-latest', max_tokens: 3, messages: [{ role: 'user', content: 'Hi' }], temperature: 0 });
    expect(messagesBody(chat({ top_p: 0.9 })).top_p).toBe(0.9);
  });

  it('refuses a completion request', () => {
    expect(() => messagesBody({ mode: 'completion', model: 'm', prompt: 'x', params: {} })).toThrow(/completion/);
  });
});

describe('Messages API answers', () => {
  it('maps each stop_reason onto a finish reason', () => {
    expect(finishReasonOf('end_turn')).toBe('stop');
    expect(finishReasonOf('stop_sequence')).toBe('stop');
    expect(finishReasonOf('max_tokens')).toBe('length');
    expect(finishReasonOf('model_context_window_exceeded')).toBe('length');
    expect(finishReasonOf('refusal')).toBe('content_filter');
    expect(finishReasonOf('tool_use')).toBe('tool_calls');
    expect(finishReasonOf('pause_turn')).toBe('other');
    expect(finishReasonOf('something_new')).toBe('other');
    expect(finishReasonOf(null)).toBe('stop');
  });

  it('counts cache reads and writes in the prompt tokens, the reads as cached', () => {
    expect(usageOf({ input_tokens: 100, output_tokens: 20, cache_read_input_tokens: 300, cache_creation_input_tokens: 50 })).toEqual({ promptTokens: 450, completionTokens: 20, cachedPromptTokens: 300 });
    expect(usageOf({ input_tokens: 12, output_tokens: 3, cache_read_input_tokens: null })).toEqual({ promptTokens: 12, completionTokens: 3, cachedPromptTokens: 0 });
    expect(usageOf(undefined)).toEqual({ promptTokens: 0, completionTokens: 0, cachedPromptTokens: 0 });
  });

  it('reads the text blocks only, in order', () => {
    expect(textOf([{ type: 'thinking' }, { type: 'text', text: 'Sure! ' }, { type: 'tool_use' }, { type: 'text', text: 'Here it is.' }])).toBe('Sure! Here it is.');
    expect(textOf([])).toBe('');
  });

  it('keeps the stop sequence only when one ended the answer', () => {
    expect(stopSequenceOf('stop_sequence', '\n\n')).toBe('\n\n');
    expect(stopSequenceOf('end_turn', null)).toBeNull();
    expect(stopSequenceOf('max_tokens', 'x')).toBeNull();
  });

  it("reads the counts of Anthropic's prompt-too-long message", () => {
    expect(parseAnthropicOverflow('prompt is too long: 210000 tokens > 200000 maximum')).toEqual({ promptTokens: 210000, limit: 200000 });
    expect(parseAnthropicOverflow('max_tokens: Field required')).toBeUndefined();
  });
});

describe('models that take temperature or top_p, not both', () => {
  it('older families take both; 4.1 and later, and unknown names, take one', () => {
    for (const m of ['claude-3-5-haiku-latest', 'claude-3-7-sonnet-20250219', 'claude-3-opus-20240229', 'claude-sonnet-4-20250514', 'claude-opus-4-0', 'claude-2.1']) expect(samplingExclusive(m), m).toBe(false);
    for (const m of ['claude-opus-4-1-20250805', 'claude-sonnet-4-5', 'claude-haiku-4-5-20251001', 'claude-opus-4-6', 'my-gateway-alias']) expect(samplingExclusive(m), m).toBe(true);
  });
});
