import { describe, expect, it } from 'vitest';
import { SIM_MODEL, SimTeacher, applyLimits, estimateTokens, simulate } from '../../src/teacher/sim/index.js';
import { SEED_DEMOS, chat, completion, numbered } from './helpers.js';

const listPrompt = `Come up with a series of tasks:\n${numbered(SEED_DEMOS)}\n9.`;

describe('simulate: determinism', () => {
  it('gives the same text for the same request', () => {
    const a = simulate(completion(listPrompt, { seed: 3 }));
    const b = simulate(completion(listPrompt, { seed: 3 }));
    expect(a).toEqual(b);
    expect(a.text.length).toBeGreaterThan(50);
  });

  it('gives different text for a different params.seed', () => {
    const texts = new Set([1, 2, 3, 4, 5].map((seed) => simulate(completion(listPrompt, { seed })).text));
    expect(texts.size).toBe(5);
    const chats = new Set([1, 2, 3].map((seed) => simulate(chat('Explain how tides work.', { seed })).text));
    expect(chats.size).toBe(3);
  });

  it('does not depend on the model name or on sampling parameters other than seed', () => {
    const base = simulate(completion(listPrompt, { seed: 9 }));
    const other = simulate({ ...completion(listPrompt, { seed: 9, temperature: 1.3, top_p: 0.2, presence_penalty: 2 }), model: 'gpt-4o' });
    expect(other.text).toBe(base.text);
    expect(other.model).toBe(SIM_MODEL);
  });

  it('depends on the prompt and on the mode', () => {
    const a = simulate(completion('Explain how tides work.', { seed: 1 })).text;
    const b = simulate(completion('Explain how rainbows form.', { seed: 1 })).text;
    const c = simulate(chat('Explain how tides work.', { seed: 1 })).text;
    expect(a).not.toBe(b);
    expect(a).not.toBe(c);
  });

  it('labels every response as simulated', () => {
    const r = simulate(chat('Hello there, what can you do?'));
    expect(r.simulated).toBe(true);
    expect(r.model).toBe('distillery-sim-1');
    expect(r.finishReason).toBe('stop');
  });

  it('never starts a chat answer with whitespace', () => {
    for (let seed = 0; seed < 20; seed++) {
      expect(simulate(chat(listPrompt, { seed })).text).toMatch(/^\S/);
    }
  });
});

describe('simulate: stop and max_tokens', () => {
  it('cuts at the earliest stop string and finishes with stop', () => {
    const full = simulate(completion(listPrompt, { seed: 4 })).text;
    expect(full).toContain('\n12.');
    const cut = simulate(completion(listPrompt, { seed: 4, stop: ['\n13', '\n12'] }));
    expect(cut.finishReason).toBe('stop');
    expect(cut.text).toBe(full.slice(0, full.indexOf('\n12')));
  });

  it('honours the Self-Instruct stops: items 9 to 15 at most', () => {
    for (let seed = 0; seed < 30; seed++) {
      const r = simulate(completion(listPrompt, { seed, stop: ['\n\n', '\n16', '16.', '16 .'], max_tokens: 1024 }));
      expect(r.text).not.toMatch(/\n1[6-9]\./);
      expect(r.text).toMatch(/\n15\. \S/);
      expect(r.finishReason).toBe('stop');
    }
  });

  it('truncates to max_tokens*4 characters with finish length', () => {
    const full = simulate(completion(listPrompt, { seed: 5 })).text;
    const r = simulate(completion(listPrompt, { seed: 5, max_tokens: 10 }));
    expect(r.finishReason).toBe('length');
    expect(r.text).toBe(full.slice(0, 40));
    expect(r.usage.completionTokens).toBe(10);
  });

  it('leaves text within max_tokens alone', () => {
    const full = simulate(completion(listPrompt, { seed: 5 }));
    const r = simulate(completion(listPrompt, { seed: 5, max_tokens: estimateTokens(full.text) }));
    expect(r.finishReason).toBe('stop');
    expect(r.text).toBe(full.text);
  });

  it('applies stops before the token budget', () => {
    expect(applyLimits('abc STOP defghijkl', ['STOP'], 1)).toEqual({ text: 'abc ', finishReason: 'stop' });
    expect(applyLimits('abcdefgh STOP', ['STOP'], 1)).toEqual({ text: 'abcd', finishReason: 'length' });
    expect(applyLimits('abc', [''], undefined)).toEqual({ text: 'abc', finishReason: 'stop' });
  });

  it('counts usage as ceil(chars / 4)', () => {
    const req = chat('Explain how tides work.', { seed: 2 }, 'You are a helpful assistant.');
    const r = simulate(req);
    expect(r.usage.promptTokens).toBe(Math.ceil(('You are a helpful assistant.'.length + 'Explain how tides work.'.length) / 4));
    expect(r.usage.completionTokens).toBe(Math.ceil(r.text.length / 4));
    expect(r.usage.cachedPromptTokens).toBe(0);
  });
});

describe('SimTeacher', () => {
  it('implements Teacher with simulate()', async () => {
    const t = new SimTeacher();
    expect(t.provider).toBe('sim');
    expect(t.model).toBe('distillery-sim-1');
    expect(t.simulated).toBe(true);
    const req = completion(listPrompt, { seed: 8 });
    await expect(t.complete(req)).resolves.toEqual(simulate(req));
    expect(new SimTeacher('my-model').model).toBe('my-model');
  });

  it('rejects when the signal is already aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(new SimTeacher().complete(completion('hi'), { signal: ac.signal })).rejects.toThrow();
  });
});
