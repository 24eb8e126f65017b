import { describe, expect, it } from 'vitest';
import { alpacaRow } from '../../src/export/alpaca.js';
import { conversationMessages, isMultiTurn, singleTurnMessages, userTurn } from '../../src/export/chat.js';
import { safeConfig, configSystemPrompt } from '../../src/export/config.js';
import { shareGptRow } from '../../src/export/sharegpt.js';
import { openAiRow } from '../../src/export/openai.js';
import type { ExportRecord } from '../../src/export/types.js';
import { datasetKinds } from '../../src/export/kinds.js';

describe('single-turn samples as chat', () => {
  it('joins instruction and input with a blank line, and only when there is an input', () => {
    expect(userTurn('Sum these.', '1, 2')).toBe('Sum these.\n\n1, 2');
    expect(userTurn('Write a poem.', '')).toBe('Write a poem.');
    expect(userTurn('Write a poem.', '  \n')).toBe('Write a poem.');
  });

  it('adds a system message only when there is a system prompt', () => {
    expect(singleTurnMessages('I', '', 'O')).toEqual([
      { role: 'user', content: 'I' },
      { role: 'assistant', content: 'O' },
    ]);
    expect(singleTurnMessages('I', 'x', 'O', 'Be brief.')).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'I\n\nx' },
      { role: 'assistant', content: 'O' },
    ]);
  });
});

describe('stored conversations', () => {
  const conv = JSON.stringify([
    { role: 'user', content: 'Hi' },
    { role: 'assistant', content: 'Hello' },
    { role: 'user', content: 'More?' },
    { role: 'assistant', content: 'Sure.' },
  ]);

  it('are checked and keep their own system message', () => {
    const m = conversationMessages(conv, 5, 'SYS');
    expect(m[0]).toEqual({ role: 'system', content: 'SYS' });
    expect(isMultiTurn(m)).toBe(true);
    const own = JSON.stringify([{ role: 'system', content: 'own' }, { role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }]);
    const m2 = conversationMessages(own, 6, 'SYS');
    expect(m2.map((x) => x.content)).toEqual(['own', 'q', 'a']);
    expect(isMultiTurn(m2)).toBe(false);
  });

  it.each([
    ['not json', /not valid JSON/],
    ['{}', /non-empty list/],
    ['[]', /non-empty list/],
    ['[{"role":"human","content":"x"}]', /message 0 is not/],
    ['[{"role":"user","content":3}]', /message 0 is not/],
  ])('reject %s, naming the sample', (json, message) => {
    expect(() => conversationMessages(json, 42, undefined)).toThrow(/sample 42/);
    expect(() => conversationMessages(json, 42, undefined)).toThrow(message);
  });
});

describe('format rows', () => {
  const single: ExportRecord = {
    id: 1,
    single: { instruction: 'I', input: 'x', output: 'O' },
    messages: singleTurnMessages('I', 'x', 'O', 'S'),
    multiTurn: false,
  };
  const oneExchange: ExportRecord = { id: 2, single: null, messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }], multiTurn: false };
  const multi: ExportRecord = {
    id: 3,
    single: null,
    messages: [
      { role: 'user', content: 'q1' },
      { role: 'assistant', content: 'a1' },
      { role: 'user', content: 'q2' },
      { role: 'assistant', content: 'a2' },
    ],
    multiTurn: true,
  };

  it('alpaca: exactly instruction, input, output; a one-exchange conversation maps, a multi-turn one cannot', () => {
    expect(alpacaRow(single)).toEqual({ instruction: 'I', input: 'x', output: 'O' });
    expect(alpacaRow(oneExchange)).toEqual({ instruction: 'q', input: '', output: 'a' });
    expect(() => alpacaRow(multi)).toThrow(/no Alpaca form/);
  });

  it('sharegpt: from system/human/gpt in order', () => {
    expect(shareGptRow(single)).toEqual({
      conversations: [
        { from: 'system', value: 'S' },
        { from: 'human', value: 'I\n\nx' },
        { from: 'gpt', value: 'O' },
      ],
    });
    expect((shareGptRow(multi).conversations as { from: string }[]).map((c) => c.from)).toEqual(['human', 'gpt', 'human', 'gpt']);
  });

  it('openai: only messages unless provenance is asked for', () => {
    expect(Object.keys(openAiRow(multi))).toEqual(['messages']);
  });
});

describe('config in exports', () => {
  it('drops credential-like keys, strips URL credentials and masks key-shaped strings', () => {
    const safe = safeConfig({
      teacher: { api_key_env: 'OPENAI_API_KEY', apiKey: 'sk-abcdefghijklmnopqrstuvwx', base_url: 'https://user:pw@example.com/v1?key=zzz', model: 'm' },
      headers: { Authorization: 'Bearer abc' },
      params: { note: 'uses sk-abcdefghijklmnopqrstuvwx here', max_tokens: 5, secret_sauce: 1 },
      limits: { tokens_per_minute: 0 },
    });
    const text = JSON.stringify(safe);
    expect(text).not.toMatch(/api[-_]?key|sk-abc|pw@|secret|Authorization|zzz/i);
    expect(safe).toMatchObject({ teacher: { base_url: 'https://example.com/v1', model: 'm' }, params: { max_tokens: 5 }, limits: { tokens_per_minute: 0 } });
  });

  it('reads the system prompt from params first, then the teacher', () => {
    expect(configSystemPrompt({ teacher: { system_prompt: 'T' } })).toBe('T');
    expect(configSystemPrompt({ params: { system_prompt: 'P' }, teacher: { system_prompt: 'T' } })).toBe('P');
    expect(configSystemPrompt({ teacher: { system_prompt: '  ' } })).toBeUndefined();
    expect(configSystemPrompt(null)).toBeUndefined();
  });
});

describe('dataset kinds', () => {
  const present = [
    { kind: 'seed', n: 10, withContent: 10 },
    { kind: 'instruction', n: 50, withContent: 0 },
    { kind: 'instance', n: 80, withContent: 80 },
    { kind: 'passage', n: 5, withContent: 5 },
    { kind: 'alpaca', n: 3, withContent: 3 },
  ];

  it("take the method's dataset kind when the run has it", () => {
    expect(datasetKinds('self-instruct', present)).toEqual(['instance']);
    expect(datasetKinds('alpaca', present)).toEqual(['alpaca']);
  });

  it('fall back to every non-input kind with content for an unknown method or a missing kind', () => {
    expect(datasetKinds('magpie', present)).toEqual(['instance', 'alpaca']);
    expect(datasetKinds('self-chat', present)).toEqual(['instance', 'alpaca']);
    expect(datasetKinds('magpie', [{ kind: 'seed', n: 1, withContent: 1 }])).toEqual([]);
  });

  it('follow --kind when given', () => {
    expect(datasetKinds('self-instruct', present, ['instruction', 'instance', 'instruction'])).toEqual(['instruction', 'instance']);
  });
});
