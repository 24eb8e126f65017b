import OpenAI, { toFile } from 'openai';
import { describe, expect, it } from 'vitest';
import { startFakeServer } from '../../src/fake-server/index.js';
import { OpenAITeacher } from '../../src/teacher/openai.js';
import type { TeacherRequest } from '../../src/teacher/types.js';
import { useFakeServer } from '../support/fake-server.js';

const STAGE = 'self-instruct/generate-instructions';
const body = (i: number) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Write task number ${i}.` }], temperature: 0.7, max_tokens: 200, seed: i });
const jsonl = (lines: object[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
const line = (i: number, id = `call-${i}|${STAGE}`) => ({ custom_id: id, method: 'POST', url: '/v1/chat/completions', body: body(i) });

async function until(client: OpenAI, id: string, final: string[]): Promise<{ states: string[]; batch: OpenAI.Batch }> {
  const states: string[] = [];
  for (;;) {
    const b = await client.batches.retrieve(id);
    if (states.at(-1) !== b.status) states.push(b.status);
    if (final.includes(b.status)) return { states, batch: b };
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function lines(client: OpenAI, fileId: string | null | undefined): Promise<Record<string, unknown>[]> {
  if (!fileId) return [];
  const text = await (await client.files.content(fileId)).text();
  return text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('fake server: the Batch API through the openai client', () => {
  const fake = useFakeServer({ batch: { delayMs: 150 } });
  const client = () => new OpenAI({ apiKey: 'test-key', baseURL: fake.server.url, maxRetries: 0 });

  it('walks a job through its states and answers each line as the online endpoint answers its body', async () => {
    const c = client();
    const file = await c.files.create({ file: await toFile(Buffer.from(jsonl([line(1), line(2), line(3)])), 'in.jsonl'), purpose: 'batch' });
    expect(file.purpose).toBe('batch');
    const job = await c.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h', metadata: { distillery_job: '1' } });
    expect(job.status).toBe('validating');
    expect(job.metadata).toEqual({ distillery_job: '1' });
    const { states, batch } = await until(c, job.id, ['completed']);
    // Polls on a loaded machine may miss the short phases, so the walk is checked for order, not for every stop.
    const walk = ['validating', 'in_progress', 'finalizing', 'completed'];
    const seen = [job.status, ...states].filter((s, i, all) => s !== all[i - 1]).map((s) => walk.indexOf(s));
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(3);
    expect(seen.every((k, i) => i === 0 || k > seen[i - 1]!)).toBe(true);
    expect(batch.request_counts).toEqual({ total: 3, completed: 3, failed: 0 });
    expect(batch.error_file_id).toBeNull();
    const out = await lines(c, batch.output_file_id);
    expect(out.map((l) => l.custom_id).sort()).toEqual([1, 2, 3].map((i) => `call-${i}|${STAGE}`));
    for (const l of out) {
      const i = Number(/call-(\d)/.exec(String(l.custom_id))![1]);
      const res = l.response as { status_code: number; body: OpenAI.ChatCompletion };
      expect(res.status_code).toBe(200);
      const online = await c.chat.completions.create(body(i) as OpenAI.ChatCompletionCreateParamsNonStreaming, { headers: { 'x-distillery-stage': STAGE } });
      expect(res.body.choices[0]!.message.content).toBe(online.choices[0]!.message.content);
      expect(res.body.usage).toEqual(online.usage);
    }
    expect([...fake.server.batches.submissions.values()]).toEqual([1, 1, 1]);
  });

  it('refuses a bad input file, a duplicate custom id, an unknown job and file', async () => {
    const c = client();
    const dup = await c.files.create({ file: await toFile(Buffer.from(jsonl([line(1, 'a'), line(2, 'a')])), 'd.jsonl'), purpose: 'batch' });
    await expect(c.batches.create({ input_file_id: dup.id, endpoint: '/v1/chat/completions', completion_window: '24h' })).rejects.toThrow(/custom_id a is used twice/);
    const wrong = await c.files.create({ file: await toFile(Buffer.from(jsonl([{ ...line(1), url: '/v1/completions' }])), 'w.jsonl'), purpose: 'batch' });
    await expect(c.batches.create({ input_file_id: wrong.id, endpoint: '/v1/chat/completions', completion_window: '24h' })).rejects.toThrow(/line 1: needs custom_id/);
    await expect(c.batches.retrieve('batch_nope')).rejects.toMatchObject({ status: 404 });
    await expect(c.files.content('file-nope')).rejects.toMatchObject({ status: 404 });
    expect((await fetch(`${fake.server.url}/batches/${dup.id}`)).status).toBe(401);
  });

  it('a cancelled job keeps what it answered; the rest are batch_cancelled lines in the error file', async () => {
    const c = client();
    fake.server.setBatchDelay(400);
    const file = await c.files.create({ file: await toFile(Buffer.from(jsonl(Array.from({ length: 10 }, (_, i) => line(i)))), 'c.jsonl'), purpose: 'batch' });
    const job = await c.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
    await new Promise((r) => setTimeout(r, 200));
    const cancelling = await c.batches.cancel(job.id);
    expect(cancelling.status).toBe('cancelling');
    const { batch } = await until(c, job.id, ['cancelled']);
    const done = await lines(c, batch.output_file_id);
    const errors = await lines(c, batch.error_file_id);
    expect(done.length).toBeGreaterThan(0);
    expect(done.length).toBeLessThan(10);
    expect(done.length + errors.length).toBe(10);
    expect(errors.every((l) => (l.error as { code: string }).code === 'batch_cancelled')).toBe(true);
    expect(fake.server.batches.cancelled).toBeGreaterThan(0);
    fake.server.setBatchDelay(150);
  });

  it('expired jobs answer their first half; failing lines go to the error file with their status', async () => {
    const server = await startFakeServer({ batch: { delayMs: 20, expireJobs: [1], failLine: (id) => id === 'call-1' } });
    try {
      const c = new OpenAI({ apiKey: 'k', baseURL: server.url, maxRetries: 0 });
      const submit = async () => {
        const f = await c.files.create({ file: await toFile(Buffer.from(jsonl([0, 1, 2, 3].map((i) => line(i, `call-${i}`)))), 'e.jsonl'), purpose: 'batch' });
        return c.batches.create({ input_file_id: f.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
      };
      const expired = (await until(c, (await submit()).id, ['completed', 'expired'])).batch;
      expect(expired.status).toBe('expired');
      const errs = await lines(c, expired.error_file_id);
      expect(errs.map((l) => [l.custom_id, (l.error as { code?: string } | null)?.code ?? (l.response as { status_code: number }).status_code])).toEqual([
        ['call-1', 500],
        ['call-2', 'batch_expired'],
        ['call-3', 'batch_expired'],
      ]);
      expect((await lines(c, expired.output_file_id)).map((l) => l.custom_id)).toEqual(['call-0']);
      const second = (await until(c, (await submit()).id, ['completed', 'expired'])).batch;
      expect(second.status).toBe('completed');
      expect(second.request_counts).toEqual({ total: 4, completed: 3, failed: 1 });
      expect(server.batches.submissions.get('call-2')).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('the OpenAI teacher’s batch API gives the online teacher’s answer for each request, matched by custom id', async () => {
    const teacher = new OpenAITeacher({ model: 'gpt-4o-mini', apiKey: 'test-key', baseURL: fake.server.url, timeoutMs: 10_000 });
    const requests: TeacherRequest[] = [0, 1, 2].map((i) => ({ mode: 'chat', model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Write task number ${i}.` }], params: { temperature: 0.7, max_tokens: 200, seed: i } }));
    const api = teacher.batchApi;
    const ids = requests.map((_, i) => `call-${10 + i}|${STAGE}`);
    const sub = await api.submit(requests.map((request, i) => ({ customId: ids[i]!, request })), { distillery_job: 'tok-1' });
    // Found again by the token in its metadata (a create call whose answer was lost).
    expect(await api.find!('tok-1')).toEqual({ jobId: sub.jobId, inputFileId: sub.inputFileId, state: expect.any(String) });
    expect(await api.find!('tok-none')).toBeNull();
    let status = await api.retrieve(sub.jobId);
    while (status.state !== 'completed') {
      await new Promise((r) => setTimeout(r, 5));
      status = await api.retrieve(sub.jobId);
    }
    const results = await api.results(status, new Map(ids.map((id, i) => [id, requests[i]!])));
    for (const [i, id] of ids.entries()) {
      const r = results.get(id)!;
      expect(r.ok).toBe(true);
      const online = await teacher.complete(requests[i]!, { stage: { id: STAGE } });
      if (r.ok) {
        expect(r.response.text).toBe(online.text);
        expect(r.response.finishReason).toBe(online.finishReason);
        expect(r.response.usage).toEqual(online.usage);
      }
    }
  });
});
