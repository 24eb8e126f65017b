/**
 * The fake server's Message Batches API through the real @anthropic-ai/sdk, checked against the
 * API's documented rules (custom id pattern, counts `processing` until the end, results only once
 * ended, not in request order, delete only after the end), and the Anthropic teacher's batch API on it.
 */
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { startFakeServer } from '../../src/fake-server/index.js';
import { AnthropicTeacher } from '../../src/teacher/anthropic/teacher.js';
import { anthropicCustomId } from '../../src/teacher/anthropic/batch-ids.js';
import type { TeacherRequest } from '../../src/teacher/types.js';
import { useFakeServer } from '../support/fake-server.js';

const MODEL = 'claude-3-5-haiku-latest';
const STAGE = 'self-instruct/generate-instructions';
const params = (i: number) => ({ model: MODEL, max_tokens: 200, temperature: 0.7, messages: [{ role: 'user' as const, content: `Write task number ${i}.` }] });

async function ended(c: Anthropic, id: string): Promise<{ states: string[]; batch: Anthropic.Messages.MessageBatch }> {
  const states: string[] = [];
  for (;;) {
    const b = await c.messages.batches.retrieve(id);
    if (states.at(-1) !== b.processing_status) states.push(b.processing_status);
    if (b.processing_status === 'ended') return { states, batch: b };
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function resultsOf(c: Anthropic, id: string): Promise<Anthropic.Messages.MessageBatchIndividualResponse[]> {
  const out: Anthropic.Messages.MessageBatchIndividualResponse[] = [];
  for await (const l of await c.messages.batches.results(id)) out.push(l);
  return out;
}

describe('fake server: Message Batches through the Anthropic SDK', () => {
  const fake = useFakeServer({ batch: { delayMs: 100 } });
  const client = () => new Anthropic({ apiKey: 'sk-ant-test', baseURL: fake.server.anthropicUrl, maxRetries: 0 });

  it('runs a batch to ended, counts processing until then, and answers each request as POST /v1/messages answers its params', async () => {
    const c = client();
    const ids = [1, 2, 3].map((i) => anthropicCustomId(i, STAGE));
    const b = await c.messages.batches.create({ requests: ids.map((custom_id, i) => ({ custom_id, params: params(i) })) });
    expect(b.processing_status).toBe('in_progress');
    expect(b.request_counts).toEqual({ processing: 3, succeeded: 0, errored: 0, canceled: 0, expired: 0 });
    expect(b.results_url).toBeNull();
    // Results are refused before the end (the SDK says the batch has no results_url yet).
    await expect(c.messages.batches.results(b.id)).rejects.toThrow(/results_url/);
    const { batch } = await ended(c, b.id);
    expect(batch.request_counts).toEqual({ processing: 0, succeeded: 3, errored: 0, canceled: 0, expired: 0 });
    expect(batch.ended_at).not.toBeNull();
    expect(batch.results_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/messages\/batches\/.+\/results$/);
    const lines = await resultsOf(c, b.id);
    expect(lines.map((l) => l.custom_id).sort()).toEqual([...ids].sort());
    for (const l of lines) {
      expect(l.result.type).toBe('succeeded');
      const i = ids.indexOf(l.custom_id);
      const online = await c.messages.create(params(i), { headers: { 'x-distillery-stage': STAGE } });
      if (l.result.type === 'succeeded') {
        expect(l.result.message.content).toEqual(online.content);
        expect(l.result.message.usage).toEqual(online.usage);
        expect(l.result.message.stop_reason).toBe(online.stop_reason);
      }
    }
    expect(ids.map((id) => fake.server.batches.submissions.get(id))).toEqual([1, 1, 1]);
    expect(fake.server.stats.byEndpoint.messages.received).toBe(3);
    await c.messages.batches.delete(b.id);
    await expect(c.messages.batches.retrieve(b.id)).rejects.toMatchObject({ status: 404 });
  });

  it('refuses custom ids outside the API’s pattern, duplicates, an empty batch, a missing key, and deleting a batch in progress', async () => {
    const c = client();
    await expect(c.messages.batches.create({ requests: [{ custom_id: 'call-1|stage', params: params(1) }] })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/custom_id/) });
    await expect(c.messages.batches.create({ requests: [{ custom_id: 'x'.repeat(65), params: params(1) }] })).rejects.toMatchObject({ status: 400 });
    await expect(c.messages.batches.create({ requests: [{ custom_id: 'a', params: params(1) }, { custom_id: 'a', params: params(2) }] })).rejects.toThrow(/Duplicate custom_id/);
    await expect(c.messages.batches.create({ requests: [] })).rejects.toMatchObject({ status: 400 });
    const noKey = await fetch(`${fake.server.anthropicUrl}/v1/messages/batches`, { headers: { 'anthropic-version': '2023-06-01' } });
    expect(noKey.status).toBe(401);
    expect(((await noKey.json()) as { error: { type: string } }).error.type).toBe('authentication_error');
    fake.server.setBatchDelay(2000);
    const b = await c.messages.batches.create({ requests: [{ custom_id: 'busy', params: params(1) }] });
    await expect(c.messages.batches.delete(b.id)).rejects.toMatchObject({ status: 400 });
    await c.messages.batches.cancel(b.id);
    fake.server.setBatchDelay(100);
  });

  it('a request the Messages API refuses is an errored line; a canceled batch keeps what ran and says canceled for the rest', async () => {
    const c = client();
    const bad = await c.messages.batches.create({ requests: [{ custom_id: 'ok', params: params(1) }, { custom_id: 'hot', params: { ...params(2), temperature: 1.5 } }] });
    const lines = await resultsOf(c, (await ended(c, bad.id)).batch.id);
    const byId = Object.fromEntries(lines.map((l) => [l.custom_id, l.result]));
    expect(byId.ok!.type).toBe('succeeded');
    expect(byId.hot).toMatchObject({ type: 'errored', error: { type: 'error', error: { type: 'invalid_request_error' } } });
    fake.server.setBatchDelay(400);
    const big = await c.messages.batches.create({ requests: Array.from({ length: 10 }, (_, i) => ({ custom_id: `r${i}`, params: params(i) })) });
    await new Promise((r) => setTimeout(r, 200));
    const canceling = await c.messages.batches.cancel(big.id);
    expect(canceling.processing_status).toBe('canceling');
    expect(canceling.cancel_initiated_at).not.toBeNull();
    const { batch } = await ended(c, big.id);
    const all = await resultsOf(c, batch.id);
    const done = all.filter((l) => l.result.type === 'succeeded').length;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(10);
    expect(all.filter((l) => l.result.type === 'canceled').length).toBe(10 - done);
    expect(batch.request_counts).toMatchObject({ processing: 0, succeeded: done, canceled: 10 - done });
    fake.server.setBatchDelay(100);
  });

  it('expired batches answer their first half; failing requests are errored lines (shared options with the Batch API)', async () => {
    const server = await startFakeServer({ batch: { delayMs: 20, expireJobs: [1], failLine: (id) => id === 'c1' } });
    try {
      const c = new Anthropic({ apiKey: 'k', baseURL: server.anthropicUrl, maxRetries: 0 });
      const submit = () => c.messages.batches.create({ requests: [0, 1, 2, 3].map((i) => ({ custom_id: `c${i}`, params: params(i) })) });
      const first = await resultsOf(c, (await ended(c, (await submit()).id)).batch.id);
      expect(Object.fromEntries(first.map((l) => [l.custom_id, l.result.type]))).toEqual({ c0: 'succeeded', c1: 'errored', c2: 'expired', c3: 'expired' });
      const second = (await ended(c, (await submit()).id)).batch;
      expect(second.request_counts).toMatchObject({ succeeded: 3, errored: 1, expired: 0 });
      expect(server.batches.submissions.get('c2')).toBe(2);
      expect(server.batches.jobs).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('the Anthropic teacher’s batch API gives the online teacher’s answer for each request, matched by custom id', async () => {
    const base = fake.server.anthropicUrl;
    const teacher = new AnthropicTeacher({ model: MODEL, apiKey: 'sk-ant-test', baseURL: base, timeoutMs: 10_000, endpoint: base, keyIdentity: `anthropic@${base}`, billed: false });
    const requests: TeacherRequest[] = [0, 1, 2].map((i) => ({
      mode: 'chat', model: MODEL, messages: [{ role: 'system', content: 'You write tasks.' }, { role: 'user', content: `Write task number ${i}.` }], params: { temperature: 0.7, max_tokens: 200, stop: ['\n\n'] },
    }));
    const api = teacher.batchApi;
    expect(api.endpoint('chat')).toBe('/v1/messages/batches');
    const ids = requests.map((_, i) => api.customId(20 + i, STAGE));
    const sub = await api.submit(requests.map((request, i) => ({ customId: ids[i]!, request })), {});
    let status = await api.retrieve(sub.jobId);
    expect(status).toMatchObject({ state: 'in_progress', total: 3, completed: 0, failed: 0, outputFileId: null });
    while (status.state !== 'completed') {
      await new Promise((r) => setTimeout(r, 5));
      status = await api.retrieve(sub.jobId);
    }
    expect(status).toMatchObject({ total: 3, completed: 3, failed: 0 });
    const results = await api.results(status, new Map(ids.map((id, i) => [id, requests[i]!])));
    expect(results.size).toBe(3);
    for (const [i, id] of ids.entries()) {
      const r = results.get(id)!;
      const online = await teacher.complete(requests[i]!, { stage: { id: STAGE } });
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.response.text).toBe(online.text);
        expect(r.response.finishReason).toBe(online.finishReason);
        expect(r.response.stopReason).toBe(online.stopReason);
        expect(r.response.usage).toEqual(online.usage);
      }
    }
  });
});
