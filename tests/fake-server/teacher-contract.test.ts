/**
 * The promise the fake server exists for: the project's OpenAI teacher, through the real `openai`
 * client against the fake server, returns the same text as the in-process sim teacher.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../../src/fake-server/index.js';
import { OpenAITeacher } from '../../src/teacher/openai.js';
import { SimTeacher } from '../../src/teacher/sim/index.js';
import type { TeacherRequest } from '../../src/teacher/types.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(async () => {
  await server.close();
});

const requests: TeacherRequest[] = [
  {
    mode: 'completion',
    model: 'davinci-002',
    prompt: 'Come up with a series of tasks:\n1. Explain tides.\n2. Write a haiku about rain.\n3.',
    params: { temperature: 0.7, top_p: 0.5, max_tokens: 1024, presence_penalty: 2, frequency_penalty: 0, stop: ['\n\n', '\n16', '16.', '16 .'], seed: 42 },
  },
  {
    mode: 'chat',
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: 'Rate the answer on a 5-point scale and end with "Score: n".\nInstruction: Hi\nAnswer: Hello' },
    ],
    params: { temperature: 0, seed: 3 },
  },
  { mode: 'chat', model: 'x', messages: [{ role: 'user', content: 'Explain compound interest.' }], params: { max_tokens: 5 } },
];

describe('OpenAITeacher against the fake server', () => {
  it('returns the sim teacher\'s text, finish reason and usage', async () => {
    const http = new OpenAITeacher({ model: 'ignored', apiKey: 'test-key', baseURL: server.url, timeoutMs: 10_000 });
    const sim = new SimTeacher();
    for (const req of requests) {
      const [a, b] = await Promise.all([http.complete(req), sim.complete(req)]);
      expect(a.text).toBe(b.text);
      expect(a.finishReason).toBe(b.finishReason);
      expect(a.usage.promptTokens).toBe(b.usage.promptTokens);
      expect(a.usage.completionTokens).toBe(b.usage.completionTokens);
      expect(a.model).toBe(req.model);
    }
    expect(server.stats.completed).toBe(requests.length);
  });
});
