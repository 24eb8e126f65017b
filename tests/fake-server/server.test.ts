import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../../src/fake-server/index.js';
import { simulate } from '../../src/teacher/sim/index.js';
import type { TeacherRequest } from '../../src/teacher/types.js';

const listPrompt = 'Come up with a series of tasks:\n1. Explain how tides work.\n2. Write a haiku about rain.\n3. Classify the tweet as positive or negative.\n4.';

let server: FakeServer;
let client: OpenAI;

beforeAll(async () => {
  server = await startFakeServer();
  client = new OpenAI({ baseURL: server.url, apiKey: 'test-key', maxRetries: 0 });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.setFaults(null);
  server.reset();
});

const chatReq = (content: string, params: TeacherRequest['params'] = {}): TeacherRequest => ({
  mode: 'chat',
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content },
  ],
  params,
});

async function sendChat(req: TeacherRequest, opts: OpenAI.RequestOptions = {}) {
  const p = req.params;
  return client.chat.completions.create(
    {
      model: req.model,
      messages: req.messages ?? [],
      temperature: p.temperature,
      top_p: p.top_p,
      max_tokens: p.max_tokens,
      stop: p.stop,
      seed: p.seed,
    },
    opts,
  );
}

describe('fake server: answers', () => {
  it('serves chat completions with exactly simulate()\'s text', async () => {
    const req = chatReq('Explain how vaccines train the immune system.', { seed: 7, temperature: 1, top_p: 0.95, max_tokens: 2048 });
    const res = await sendChat(req);
    const sim = simulate(req);
    expect(res.object).toBe('chat.completion');
    expect(res.model).toBe('gpt-4o-mini');
    expect(res.id).toMatch(/^chatcmpl-/);
    expect(typeof res.created).toBe('number');
    expect(res.choices[0]?.message.role).toBe('assistant');
    expect(res.choices[0]?.message.content).toBe(sim.text);
    expect(res.choices[0]?.finish_reason).toBe(sim.finishReason);
    expect(res.usage).toEqual({
      prompt_tokens: sim.usage.promptTokens,
      completion_tokens: sim.usage.completionTokens,
      total_tokens: sim.usage.promptTokens + sim.usage.completionTokens,
    });
  });

  it('serves text completions with exactly simulate()\'s text, honouring stop and max_tokens', async () => {
    for (const params of [{ seed: 1, stop: ['\n\n', '\n16', '16.', '16 .'], max_tokens: 1024 }, { seed: 2, max_tokens: 12 }, { seed: 3, stop: ['\n7'] }]) {
      const req: TeacherRequest = { mode: 'completion', model: 'davinci-002', prompt: listPrompt, params };
      const res = await client.completions.create({ model: req.model, prompt: listPrompt, ...params });
      const sim = simulate(req);
      expect(res.object).toBe('text_completion');
      expect(res.model).toBe('davinci-002');
      expect(res.choices[0]?.text).toBe(sim.text);
      expect(res.choices[0]?.finish_reason).toBe(sim.finishReason);
    }
  });

  it('accepts stop as a string, max_completion_tokens, and a prompt array', async () => {
    const req: TeacherRequest = { mode: 'completion', model: 'm', prompt: listPrompt, params: { seed: 4, stop: ['\n6'] } };
    const res = await client.completions.create({ model: 'm', prompt: [listPrompt], stop: '\n6', seed: 4 });
    expect(res.choices[0]?.text).toBe(simulate(req).text);
    const chat = chatReq('Write a haiku about rain.', { seed: 5, max_tokens: 3 });
    const c = await client.chat.completions.create({ model: chat.model, messages: chat.messages!, seed: 5, max_completion_tokens: 3 });
    expect(c.choices[0]?.message.content).toBe(simulate(chat).text);
    expect(c.choices[0]?.finish_reason).toBe('length');
  });

  it('gives the same text whatever the model name', async () => {
    const a = await client.chat.completions.create({ model: 'model-a', messages: [{ role: 'user', content: 'Describe a lighthouse.' }], seed: 1 });
    const b = await client.chat.completions.create({ model: 'model-b', messages: [{ role: 'user', content: 'Describe a lighthouse.' }], seed: 1 });
    expect(a.choices[0]?.message.content).toBe(b.choices[0]?.message.content);
    expect(a.model).toBe('model-a');
  });

  it('lists models', async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toContain('distillery-sim-1');
  });
});

describe('fake server: request errors', () => {
  it('rejects a missing bearer token with 401', async () => {
    const res = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { message: string; type: string; code: string } };
    expect(body.error.code).toBe('invalid_api_key');
    expect(server.stats.rejected).toBe(1);
  });

  it('rejects a bad body with an OpenAI-style 400', async () => {
    const post = (body: string) =>
      fetch(`${server.url}/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer k', 'content-type': 'application/json' }, body });
    const notJson = await post('{"model": ');
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
    const noMessages = await post(JSON.stringify({ model: 'm' }));
    expect(noMessages.status).toBe(400);
    expect(((await noMessages.json()) as { error: { message: string } }).error.message).toMatch(/messages/);
    await expect(client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }], temperature: 3 })).rejects.toMatchObject({ status: 400 });
  });

  it('answers 404 for unknown routes and 405 for wrong methods', async () => {
    const auth = { authorization: 'Bearer k' };
    expect((await fetch(`${server.url}/embeddings`, { method: 'POST', headers: auth, body: '{}' })).status).toBe(404);
    expect((await fetch(`${server.url}/chat/completions`, { headers: auth })).status).toBe(405);
  });
});

describe('fake server: faults seen from the client', () => {
  const ask = (opts: OpenAI.RequestOptions = {}) => sendChat(chatReq('Explain how tides work.', { seed: 1 }), opts);

  it('rate_limit: 429 with retry-after headers', async () => {
    server.setFaults({ script: { 1: 'rate_limit' } });
    const err = await ask().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIError);
    expect((err as APIError).status).toBe(429);
    expect((err as APIError).headers?.get('retry-after')).toBe('1');
    expect((err as APIError).headers?.get('retry-after-ms')).toBe('1000');
    // Request 2 is not scripted: it succeeds.
    await expect(ask()).resolves.toBeTruthy();
    expect(server.stats.faults.rate_limit).toBe(1);
  });

  it('server_500/502/503: 5xx errors', async () => {
    server.setFaults({ script: [{ request: 1, kind: 'server_500' }, { request: 2, kind: 'server_502' }, { request: 3, kind: 'server_503' }] });
    for (const status of [500, 502, 503]) await expect(ask()).rejects.toMatchObject({ status });
    expect(server.stats.faults).toMatchObject({ server_500: 1, server_502: 1, server_503: 1 });
  });

  it('timeout: the server never answers; a short client timeout fires', async () => {
    server.setFaults({ script: { 1: 'timeout' } });
    await expect(ask({ timeout: 300 })).rejects.toBeInstanceOf(APIConnectionTimeoutError);
    expect(server.stats.faults.timeout).toBe(1);
    expect(server.stats.completed).toBe(0);
  });

  it('drop: the connection is cut, the client sees a connection error', async () => {
    server.setFaults({ script: { 1: 'drop' } });
    const err = await ask().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIConnectionError);
    expect(err).not.toBeInstanceOf(APIConnectionTimeoutError);
    expect(server.stats.faults.drop).toBe(1);
  });

  it('length: a truncated answer with finish_reason length', async () => {
    const req = chatReq('Explain how tides work.', { seed: 1 });
    server.setFaults({ script: { 1: 'length' } });
    const res = await sendChat(req);
    const full = simulate(req).text;
    const text = res.choices[0]?.message.content ?? '';
    expect(res.choices[0]?.finish_reason).toBe('length');
    expect(text.length).toBeLessThan(full.length);
    expect(full.startsWith(text)).toBe(true);
    expect(server.stats.degraded).toBe(1);
    expect(server.stats.completed).toBe(0);
  });

  it('empty: content ""', async () => {
    server.setFaults({ script: { 1: 'empty' } });
    const res = await ask();
    expect(res.choices[0]?.message.content).toBe('');
  });

  it('malformed: HTTP 200 whose body is not JSON makes the client throw', async () => {
    server.setFaults({ script: { 1: 'malformed' } });
    await expect(ask()).rejects.toThrow();
    expect(server.stats.faults.malformed).toBe(1);
  });

  it('content_filter: finish_reason content_filter with null content (chat) or "" (completions)', async () => {
    server.setFaults({ script: { 1: 'content_filter', 2: 'content_filter' } });
    const res = await ask();
    expect(res.choices[0]?.finish_reason).toBe('content_filter');
    expect(res.choices[0]?.message.content).toBeNull();
    const c = await client.completions.create({ model: 'm', prompt: listPrompt });
    expect(c.choices[0]?.finish_reason).toBe('content_filter');
    expect(c.choices[0]?.text).toBe('');
  });

  it('random faults are deterministic in (seed, request number)', async () => {
    const pattern = async () => {
      server.reset();
      server.setFaults({ rate: 0.4, kinds: ['server_500', 'rate_limit', 'empty'], seed: 11 });
      const out: string[] = [];
      for (let i = 0; i < 30; i++) {
        try {
          const r = await sendChat(chatReq(`Question ${i}`, { seed: i }));
          out.push(r.choices[0]?.message.content === '' ? 'empty' : 'ok');
        } catch (e) {
          out.push(String((e as APIError).status));
        }
      }
      return out;
    };
    const a = await pattern();
    const faults = a.filter((x) => x !== 'ok').length;
    expect(faults).toBeGreaterThan(3);
    expect(faults).toBeLessThan(22);
    expect(new Set(a)).toEqual(new Set(['ok', '500', '429', 'empty']));
    expect(await pattern()).toEqual(a);
    const s = server.stats.faults;
    expect(s.server_500 + s.rate_limit + s.empty).toBe(faults);
  });

  it('validates fault plans', () => {
    expect(() => server.setFaults({ rate: 0.5, kinds: [] })).toThrow();
    expect(() => server.setFaults({ rate: 2, kinds: ['drop'] })).toThrow();
    expect(() => server.setFaults({ script: { 1: 'nope' as 'drop' } })).toThrow();
  });
});

describe('fake server: stats', () => {
  it('counts requests, completions and contents; a resent completed request is visible', async () => {
    const a = chatReq('Explain photosynthesis.', { seed: 1 });
    const b = chatReq('Explain photosynthesis.', { seed: 2 });
    await sendChat(a);
    await sendChat(b);
    await client.completions.create({ model: 'm', prompt: listPrompt, seed: 3 });
    expect(server.stats.received).toBe(3);
    expect(server.stats.completed).toBe(3);
    expect(server.stats.byEndpoint.chat).toEqual({ received: 2, completed: 2 });
    expect(server.stats.byEndpoint.completions).toEqual({ received: 1, completed: 1 });
    expect(server.stats.byContent.size).toBe(3);
    for (const [, c] of server.stats.byContent) expect(c).toMatchObject({ received: 1, completed: 1, receivedAfterCompleted: 0 });
    await sendChat(a);
    const resent = [...server.stats.byContent.values()].filter((c) => c.receivedAfterCompleted > 0);
    expect(resent).toHaveLength(1);
    expect(resent[0]).toMatchObject({ received: 2, completed: 2 });
  });

  it('a request that failed and was retried is not a resent completed request', async () => {
    server.setFaults({ script: { 1: 'server_503' } });
    const req = chatReq('Explain tides.', { seed: 1 });
    await expect(sendChat(req)).rejects.toMatchObject({ status: 503 });
    await sendChat(req);
    const [entry] = [...server.stats.byContent.values()];
    expect(entry).toEqual({ received: 2, completed: 1, degraded: 0, receivedAfterCompleted: 0 });
  });

  it('lists the response ids issued for a request content', async () => {
    const req = chatReq('Explain tides.', { seed: 9 });
    server.setFaults({ script: { 2: 'server_500', 3: 'length' } });
    const first = await sendChat(req);
    await expect(sendChat(req)).rejects.toMatchObject({ status: 500 });
    const third = await sendChat(req);
    const other = await sendChat(chatReq('Explain tides.', { seed: 10 }));
    expect(server.issuedFor(first.id)).toEqual([first.id, third.id]);
    expect(server.issuedFor(third.id)).toEqual([first.id, third.id]);
    expect(server.issuedFor(other.id)).toEqual([other.id]);
    expect(server.issuedFor('chatcmpl-unknown')).toBeUndefined();
    server.reset();
    expect(server.issuedFor(first.id)).toBeUndefined();
  });

  it('serves /__stats and /__reset', async () => {
    await sendChat(chatReq('Hello', { seed: 1 }));
    const root = server.url.replace(/\/v1$/, '');
    const snap = (await (await fetch(`${root}/__stats`)).json()) as Record<string, unknown>;
    expect(snap).toMatchObject({ received: 1, completed: 1, distinctContents: 1 });
    expect((await fetch(`${root}/__reset`, { method: 'POST' })).status).toBe(200);
    expect(server.stats.received).toBe(0);
    expect(server.stats.byContent.size).toBe(0);
  });
});

describe('fake server: latency and concurrency', () => {
  it('answers 128 concurrent requests with latency', async () => {
    const slow = await startFakeServer({ latencyMs: 100 });
    try {
      const c = new OpenAI({ baseURL: slow.url, apiKey: 'k', maxRetries: 0 });
      const reqs = Array.from({ length: 128 }, (_, i) => chatReq(`Explain topic number ${i}.`, { seed: i }));
      const results = await Promise.all(reqs.map((r) => c.chat.completions.create({ model: r.model, messages: r.messages!, seed: r.params.seed })));
      results.forEach((res, i) => expect(res.choices[0]?.message.content).toBe(simulate(reqs[i]!).text));
      expect(slow.stats.completed).toBe(128);
      expect(slow.stats.inFlight).toBe(0);
    } finally {
      await slow.close();
    }
  });

  it('closes promptly even with requests held by timeouts and latency', async () => {
    const s = await startFakeServer({ latencyMs: 5_000, faults: { script: { 1: 'timeout' } } });
    const c = new OpenAI({ baseURL: s.url, apiKey: 'k', maxRetries: 0 });
    const pending = [0, 1].map((i) => c.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: `q${i}` }] }).catch((e: unknown) => e));
    while (s.stats.received < 2) await new Promise((r) => setTimeout(r, 10));
    await s.close();
    const errors = await Promise.all(pending);
    for (const e of errors) expect(e).toBeInstanceOf(APIConnectionError);
  });
});
