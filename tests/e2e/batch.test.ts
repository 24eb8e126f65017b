/** Batch mode end to end through OpenAI's Batch API on the fake server: the battery (tests/support/batch-battery.ts), and the refusals. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchBattery, type BatchProvider } from '../support/batch-battery.js';
import { useFakeServer } from '../support/fake-server.js';
import { pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';

/** A model with no built-in price, so the battery's prices are the only ones. */
const MODEL = 'distillery-sim-1';
const openai: BatchProvider = {
  name: 'openai',
  config: { 'teacher.provider': 'openai', 'teacher.model': MODEL },
  model: MODEL,
  env: (server) => ({ OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: server.url }),
  online: (server) => server.stats.byEndpoint.chat.received + server.stats.byEndpoint.completions.received,
  cli: ['--set', `teacher.model=${MODEL}`],
};

const base = { target: 12, 'params.wave_size': 4, 'params.wave_depth': 2, 'limits.concurrency': 4, 'teacher.provider': 'openai' };
const batch = { 'teacher.batch': true, 'teacher.batch_poll_seconds': 0.05 };

describe('batch mode end to end (OpenAI Batch API on the fake server)', () => {
  const fake = useFakeServer({ batch: { delayMs: 300 } });
  batchBattery(openai, fake);

  it('refuses batch mode for a teacher without a batch API, and for several replicas, before the first call', async () => {
    const dir = tempDir();
    await expect(run(pipeline('self-instruct.yaml', { ...base, ...batch, 'teacher.provider': 'sim', name: 's' }), join(dir, 's.db'))).rejects.toThrow(/key "teacher.batch": provider "sim" has no batch API/);
    const endpoints = [{ base_url: fake.server.url }, { base_url: fake.server.url.replace('127.0.0.1', 'localhost') }];
    fake.server.reset();
    await expect(run(pipeline('self-instruct.yaml', { ...base, ...batch, 'teacher.endpoints': endpoints, name: 'r' }), join(dir, 'r.db'), { OPENAI_API_KEY: 'k' })).rejects.toThrow(/key "teacher.batch": batch mode submits jobs to one base_url/);
    expect(fake.server.stats.received + fake.server.batches.jobs).toBe(0);
  });
});
