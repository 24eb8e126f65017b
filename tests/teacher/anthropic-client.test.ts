/**
 * The real @anthropic-ai/sdk client against the fake server's Messages API: what goes on the wire,
 * how answers, stop reasons and usage are read, and how each error is sorted for the journal.
 */
import { describe, expect, it } from 'vitest';
import { AnthropicTeacher } from '../../src/teacher/anthropic/teacher.js';
import { ContextLengthError } from '../../src/teacher/context-length.js';
import { TeacherError, type TeacherRequest } from '../../src/teacher/types.js';
import { startFakeServer } from '../../src/fake-server/index.js';
import { SimTeacher } from '../../src/teacher/sim/index.js';
import { useFakeServer } from '../support/fake-server.js';

const KEY = 'sk-ant-api03-test-secret-0123456789abcdef';
const MODEL = 'claude-3-5-haiku-latest';

interface Sent {
  url: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** A teacher whose fetch records each request before sending it. */
function teacher(baseURL: string, sent: Sent[] = [], timeoutMs = 5000): AnthropicTeacher {
  const recording: typeof fetch = async (input, init) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    sent.push({ url: String(input), headers, body: JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown> });
    return fetch(input, init);
  };
  return new AnthropicTeacher({ model: MODEL, apiKey: KEY, baseURL, timeoutMs, endpoint: baseURL, keyIdentity: `anthropic@${baseURL}`, billed: false, fetch: recording });
}

const request = (params: TeacherRequest['params'] = {}, system = 'You write numbered lists of tasks.'): TeacherRequest => ({
  mode: 'chat',
  model: MODEL,
  messages: [
    ...(system ? [{ role: 'system' as const, content: system }] : []),
    { role: 'user', content: 'Come up with a series of tasks:\n1. Write a haiku about rain.\n2.' },
  ],
  params,
});

async function failure(p: Promise<unknown>): Promise<TeacherError> {
  try {
    await p;
  } catch (e) {
    return e as TeacherError;
  }
  throw new Error('expected a failure');
}

describe('AnthropicTeacher against the fake Messages API', () => {
  const fake = useFakeServer();

  it('sends the system prompt top-level, stop_sequences, max_tokens always, no penalties nor seed; the key and version in headers', async () => {
    const sent: Sent[] = [];
    const res = await teacher(fake.server.anthropicUrl, sent).complete(
      request({ temperature: 0.7, top_p: 0.5, max_tokens: 300, stop: ['\n\n', '16.'], presence_penalty: 2, frequency_penalty: 0, seed: 4 }),
      { stage: { id: 'self-instruct/generate' } },
    );
    expect(res.text.length).toBeGreaterThan(0);
    expect(sent).toHaveLength(1);
    const [s] = sent;
    expect(s!.url).toBe(`${fake.server.anthropicUrl}/v1/messages`);
    expect(s!.body).toEqual({
      model: MODEL,
      max_tokens: 300,
      system: 'You write numbered lists of tasks.',
      messages: [{ role: 'user', content: 'Come up with a series of tasks:\n1. Write a haiku about rain.\n2.' }],
      temperature: 0.7,
      top_p: 0.5,
      stop_sequences: ['\n\n', '16.'],
    });
    expect(s!.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(s!.headers['x-api-key'] ?? s!.headers.authorization).toMatch(new RegExp(`${KEY}$`));
    expect(s!.headers['x-distillery-stage']).toBe('self-instruct/generate');
    expect(s!.headers['x-stainless-retry-count']).toBe('0');
  });

  it('sends a default max_tokens when the stage sets none (the API requires one)', async () => {
    const sent: Sent[] = [];
    await teacher(fake.server.anthropicUrl, sent).complete(request({ temperature: 0 }, ''));
    expect(sent[0]!.body.max_tokens).toBe(4096);
    expect(sent[0]!.body).not.toHaveProperty('system');
  });

  it('reads usage and the stop sequence that ended the answer', async () => {
    const res = await teacher(fake.server.anthropicUrl).complete(request({ max_tokens: 500, stop: ['\n3.'] }));
    expect(res.finishReason).toBe('stop');
    expect(res.stopReason).toBe('\n3.');
    expect(res.text).not.toContain('\n3.');
    expect(res.usage.promptTokens).toBeGreaterThan(0);
    expect(res.usage.completionTokens).toBe(Math.ceil(res.text.length / 4));
    expect(res.usage.cachedPromptTokens).toBe(0);
    expect(res.id).toMatch(/^msg_/);
    expect(res.simulated).toBe(false);
  });

  it('maps max_tokens to length, refusal to content_filter, an empty answer to empty text', async () => {
    const t = teacher(fake.server.anthropicUrl);
    fake.server.setFaults([{ request: 1, kind: 'length' }, { request: 2, kind: 'content_filter' }, { request: 3, kind: 'empty' }]);
    try {
      const cut = await t.complete(request({ max_tokens: 500 }));
      expect(cut.finishReason).toBe('length');
      const refused = await t.complete(request({ max_tokens: 500 }));
      expect(refused).toMatchObject({ finishReason: 'content_filter', text: '' });
      const empty = await t.complete(request({ max_tokens: 500 }));
      expect(empty).toMatchObject({ finishReason: 'stop', text: '' });
    } finally {
      fake.server.setFaults(null);
    }
  });

  it('sorts errors as the journal needs: 429 and 529 and 5xx retried (retry-after honoured), 4xx not', async () => {
    const t = teacher(fake.server.anthropicUrl);
    const kinds = ['rate_limit', 'server_503', 'server_500', 'server_502', 'unauthorized', 'forbidden', 'not_found', 'insufficient_quota', 'context_length', 'malformed', 'drop'] as const;
    fake.server.setFaults(kinds.map((kind, i) => ({ request: i + 1, kind })));
    try {
      const got: TeacherError[] = [];
      for (const _ of kinds) got.push(await failure(t.complete(request({ max_tokens: 50 }))));
      const [rate, overloaded, e500, e502, e401, e403, e404, credit, ctx, malformed, drop] = got;
      expect(rate).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterMs: 1000, retryable: true });
      expect(rate!.message).toMatch(/^HTTP 429: rate_limit_error: /);
      expect(overloaded).toMatchObject({ kind: 'server', status: 529, retryable: true });
      expect(overloaded!.message).toBe('HTTP 529: overloaded_error: Overloaded (simulated).');
      expect(e500).toMatchObject({ kind: 'server', status: 500 });
      expect(e502).toMatchObject({ kind: 'server', status: 502 });
      expect(e401).toMatchObject({ kind: 'client', status: 401, retryable: false });
      expect(e401!.message).toMatch(/authentication_error/);
      expect(e403).toMatchObject({ kind: 'client', status: 403 });
      expect(e404).toMatchObject({ kind: 'client', status: 404 });
      expect(e404!.message).toMatch(/not_found_error: model: claude-3-5-haiku-latest/);
      expect(credit).toMatchObject({ kind: 'client', status: 400 });
      expect(ctx).toBeInstanceOf(ContextLengthError);
      expect((ctx as ContextLengthError).overflow.promptTokens).toBeGreaterThan(0);
      expect(malformed).toMatchObject({ kind: 'bad_response' });
      expect(drop).toMatchObject({ kind: 'connection', retryable: true });
    } finally {
      fake.server.setFaults(null);
    }
  });

  it('times out after teacher.timeout_seconds as kind timeout, with no retry of its own', async () => {
    const sent: Sent[] = [];
    fake.server.setFaults([{ request: 1, kind: 'timeout' }]);
    try {
      const e = await failure(teacher(fake.server.anthropicUrl, sent, 300).complete(request({ max_tokens: 5 })));
      expect(e).toMatchObject({ kind: 'timeout', retryable: true });
      expect(sent).toHaveLength(1);
    } finally {
      fake.server.setFaults(null);
    }
  });

  it('never lets the key through in an error message, even when the server quotes it', async () => {
    const echo = await startFakeServer({ echoCredentials: true, faults: [{ request: 1, kind: 'forbidden' }] });
    try {
      const e = await failure(teacher(echo.anthropicUrl).complete(request({ max_tokens: 5 })));
      expect(e.message).toMatch(/you sent: key/);
      expect(e.message).not.toContain(KEY);
      expect(e.message).not.toContain('0123456789abcdef');
    } finally {
      await echo.close();
    }
  });
});

describe('AnthropicTeacher and the in-process sim teacher', () => {
  const fake = useFakeServer();
  const requests: TeacherRequest[] = [
    request({ temperature: 0.7, top_p: 0.5, max_tokens: 1024, stop: ['\n\n', '\n16', '16.', '16 .'] }),
    { mode: 'chat', model: MODEL, messages: [{ role: 'system', content: 'You are a judge.' }, { role: 'user', content: 'Rate the answer on a 5-point scale and end with "Score: n".\nInstruction: Hi\nAnswer: Hello' }], params: { temperature: 0 } },
    {
      mode: 'chat',
      model: MODEL,
      messages: [
        { role: 'user', content: 'How do I keep basil alive indoors?' },
        { role: 'assistant', content: 'Give it a sunny window and water when the top of the soil is dry.' },
        { role: 'user', content: 'And how often should I prune it?' },
      ],
      params: { max_tokens: 5 },
    },
  ];

  it("return the same text, finish reason and usage (a seedless request: the Messages API has no seed)", async () => {
    const http = teacher(fake.server.anthropicUrl);
    const sim = new SimTeacher();
    for (const req of requests) {
      const [a, b] = await Promise.all([http.complete(req), sim.complete(req)]);
      expect(a.text).toBe(b.text);
      expect(a.finishReason).toBe(b.finishReason);
      expect(a.usage.promptTokens).toBe(b.usage.promptTokens);
      expect(a.usage.completionTokens).toBe(b.usage.completionTokens);
    }
    expect(fake.server.stats.byEndpoint.messages.completed).toBe(requests.length);
  });

  it('a seed is not sent, so the sim behind the fake answers as to the seedless request', async () => {
    const seeded = { ...requests[0]!, params: { ...requests[0]!.params, seed: 7 } };
    const http = await teacher(fake.server.anthropicUrl).complete(seeded);
    expect(http.text).toBe((await new SimTeacher().complete(requests[0]!)).text);
    expect(http.text).not.toBe((await new SimTeacher().complete(seeded)).text);
  });
});

describe("the fake Messages API refuses what Anthropic's API refuses", () => {
  const fake = useFakeServer();
  const post = async (body: unknown, headers: Record<string, string> = { 'x-api-key': 'k-test', 'anthropic-version': '2023-06-01' }) => {
    const r = await fetch(`${fake.server.anthropicUrl}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { status: r.status, json: (await r.json()) as { type: string; error?: { type: string; message: string }; content?: { text: string }[]; stop_reason?: string } };
  };
  const ok = { model: MODEL, max_tokens: 20, messages: [{ role: 'user', content: 'Hello' }] };

  it('answers in the Messages shape with x-api-key and anthropic-version', async () => {
    const { status, json } = await post({ ...ok, system: [{ type: 'text', text: 'Be kind.' }] });
    expect(status).toBe(200);
    expect(json).toMatchObject({ type: 'message', role: 'assistant', model: MODEL, content: [{ type: 'text' }], stop_sequence: null, usage: { input_tokens: expect.any(Number), output_tokens: expect.any(Number) } });
    expect(['end_turn', 'max_tokens']).toContain(json.stop_reason);
  });

  it.each([
    ['no key', ok, { 'anthropic-version': '2023-06-01' }, 401, 'authentication_error', /x-api-key/],
    ['no anthropic-version', ok, { 'x-api-key': 'k' }, 400, 'invalid_request_error', /anthropic-version/],
    ['no max_tokens', { model: MODEL, messages: ok.messages }, undefined, 400, 'invalid_request_error', /max_tokens: Field required/],
    ['a penalty', { ...ok, presence_penalty: 1 }, undefined, 400, 'invalid_request_error', /presence_penalty: Extra inputs are not permitted/],
    ['temperature 1.5', { ...ok, temperature: 1.5 }, undefined, 400, 'invalid_request_error', /less than or equal to 1/],
    ['temperature with top_p on claude-sonnet-4-5', { ...ok, model: 'claude-sonnet-4-5', temperature: 0.5, top_p: 0.9 }, undefined, 400, 'invalid_request_error', /cannot both be specified/],
    ['a system role in messages', { ...ok, messages: [{ role: 'system', content: 'x' }, ...ok.messages] }, undefined, 400, 'invalid_request_error', /messages\.0\.role/],
  ] as const)('refuses %s', async (_name, body, headers, status, type, message) => {
    const r = await post(body, headers as Record<string, string> | undefined);
    expect(r.status).toBe(status);
    expect(r.json.type).toBe('error');
    expect(r.json.error!.type).toBe(type);
    expect(r.json.error!.message).toMatch(message);
  });

  it('takes temperature with top_p on the models that accept both', async () => {
    expect((await post({ ...ok, temperature: 0.5, top_p: 0.9 })).status).toBe(200);
  });
});
