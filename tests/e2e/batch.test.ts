import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { spawnCli } from '../support/child.js';
import { useFakeServer } from '../support/fake-server.js';
import { datasetOf, pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';

const base = { target: 12, 'params.wave_size': 4, 'params.wave_depth': 2, 'limits.concurrency': 4, 'teacher.provider': 'openai' };
const batch = { 'teacher.batch': true, 'teacher.batch_poll_seconds': 0.05 };

interface JobRow {
  provider_job_id: string | null;
  status: string;
  lines: number;
}

function jobsOf(db: string): JobRow[] {
  const h = openDb(db, { readonly: true });
  try {
    return h.prepare(`SELECT j.provider_job_id, j.status, (SELECT COUNT(*) FROM batch_lines l WHERE l.job_id = j.id) AS lines FROM batch_jobs j ORDER BY j.id`).all() as JobRow[];
  } finally {
    h.close();
  }
}

function customIds(db: string): string[] {
  const h = openDb(db, { readonly: true });
  try {
    return (h.prepare(`SELECT DISTINCT custom_id FROM batch_lines ORDER BY custom_id`).all() as { custom_id: string }[]).map((r) => r.custom_id);
  } finally {
    h.close();
  }
}

describe('batch mode end to end (OpenAI Batch API on the fake server)', () => {
  const fake = useFakeServer({ batch: { delayMs: 300 } });

  it('a Self-Instruct run in batch mode reaches its target with the online run’s dataset, each line submitted once, priced at batch rates', async () => {
    const dir = tempDir();
    const online = await run(pipeline('self-instruct.yaml', { ...base, name: 'b' }), join(dir, 'online.db'), fake.env());
    expect(online.status).toBe('completed');
    fake.server.reset();
    const prices = { 'teacher.billing': 'prices', 'prices.distillery-sim-1.input': 2, 'prices.distillery-sim-1.output': 8, 'prices.distillery-sim-1.batch_output': 3 };
    const batched = await run(pipeline('self-instruct.yaml', { ...base, ...batch, ...prices, 'teacher.model': 'distillery-sim-1', name: 'b' }), join(dir, 'batch.db'), fake.env());
    expect(batched.status, batched.detail).toBe('completed');
    // Nothing went through the online endpoint; every request went in a job.
    expect(fake.server.stats.byEndpoint.chat.received).toBe(0);
    expect(fake.server.batches.jobs).toBeGreaterThan(0);
    const jobs = jobsOf(join(dir, 'batch.db'));
    expect(jobs.every((j) => j.status === 'collected' && j.provider_job_id !== null)).toBe(true);
    for (const [id, n] of fake.server.batches.submissions) expect(n, id).toBe(1);
    expect(fake.server.batches.submissions.size).toBe(customIds(join(dir, 'batch.db')).length);
    // The model name differs from the online run's default: compare the datasets of the same model.
    const onlineSame = await run(pipeline('self-instruct.yaml', { ...base, 'teacher.model': 'distillery-sim-1', name: 'b' }), join(dir, 'online2.db'), fake.env());
    expect(onlineSame.status).toBe('completed');
    expect(datasetOf(join(dir, 'batch.db'), 'b')).toEqual(datasetOf(join(dir, 'online2.db'), 'b'));
    // Each call costs its tokens at the batch rates: batch_input defaults to half of input (1), batch_output is 3.
    const h = openDb(join(dir, 'batch.db'), { readonly: true });
    const rows = h.prepare(`SELECT prompt_tokens p, completion_tokens c, cost FROM calls WHERE status = 'ok'`).all() as { p: number; c: number; cost: number }[];
    h.close();
    expect(rows.length).toBeGreaterThan(0);
    let total = 0;
    for (const r of rows) {
      expect(r.cost).toBeCloseTo((r.p * 1 + r.c * 3) / 1e6, 12);
      total += r.cost;
    }
    expect(batched.stats.cost).toBeCloseTo(total, 12);
  }, 60_000);

  it('expired jobs and failed lines: only the missing lines are submitted again, and the run completes with the same dataset', async () => {
    const dir = tempDir();
    const ref = await run(pipeline('self-instruct.yaml', { ...base, name: 'e' }), join(dir, 'ref.db'), fake.env());
    expect(ref.status).toBe('completed');
    const { startFakeServer } = await import('../../src/fake-server/index.js');
    const failing = new Set<string>();
    const server = await startFakeServer({
      batch: {
        delayMs: 100,
        expireJobs: [1],
        // The first submission of every third line fails with a 500.
        failLine: (id, nth) => {
          if (nth > 1 || Number(/call-(\d+)/.exec(id)![1]) % 3 !== 0) return false;
          failing.add(id);
          return true;
        },
      },
    });
    try {
      const r = await run(pipeline('self-instruct.yaml', { ...base, ...batch, name: 'e' }), join(dir, 'e.db'), { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: server.url });
      expect(r.status, r.detail).toBe('completed');
      expect(datasetOf(join(dir, 'e.db'), 'e')).toEqual(datasetOf(join(dir, 'ref.db'), 'e'));
      const subs = server.batches.submissions;
      const twice = [...subs].filter(([, n]) => n === 2).map(([id]) => id);
      expect([...subs.values()].every((n) => n <= 2)).toBe(true);
      // Resubmitted: exactly the lines of the first job past its first half (expired) and the lines that failed.
      const h = openDb(join(dir, 'e.db'), { readonly: true });
      const first = (h.prepare(`SELECT custom_id FROM batch_lines WHERE job_id = (SELECT MIN(id) FROM batch_jobs) ORDER BY rowid`).all() as { custom_id: string }[]).map((l) => l.custom_id);
      const expired = h.prepare(`SELECT COUNT(*) n FROM batch_lines WHERE outcome LIKE '%batch_expired%'`).get() as { n: number };
      h.close();
      expect(expired.n).toBe(first.length - Math.floor(first.length / 2));
      const expected = new Set([...first.slice(Math.floor(first.length / 2)), ...failing]);
      expect(new Set(twice)).toEqual(expected);
      expect(failing.size).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('SIGKILL while a job is in progress, then resume: the job is polled, no line is submitted twice, nothing is lost', async () => {
    const dir = tempDir();
    const env = fake.env();
    const ref = join(dir, 'ref.db');
    const r = await run(pipeline('self-instruct.yaml', { ...base, name: 'k' }), ref, env);
    expect(r.status).toBe('completed');
    fake.server.reset();
    fake.server.setBatchDelay(1500);
    const db = join(dir, 'k.db');
    const args = ['run', 'pipelines/self-instruct.yaml', '--teacher', 'openai', '--db', db, '--target', '12', '--name', 'k', '--concurrency', '4',
      '--batch', '--set', 'params.wave_size=4', '--set', 'params.wave_depth=2', '--set', 'teacher.batch_poll_seconds=0.05'];
    let kills = 0;
    for (let attempt = 0; attempt < 3; attempt++) {
      const child = spawnCli(args, env);
      // Killed once the job is at the provider: its id is in the journal and it is in progress.
      await child.waitFor(/batch job \S+: in_progress/, 30_000);
      child.proc.kill('SIGKILL');
      if ((await child.exited).signal === 'SIGKILL') kills++;
      const jobs = jobsOf(db);
      expect(jobs.some((j) => j.provider_job_id !== null && j.status !== 'collected')).toBe(true);
    }
    expect(kills).toBe(3);
    fake.server.setBatchDelay(200);
    const last = spawnCli(args, env);
    const { code } = await last.exited;
    expect(code, last.stderr()).toBe(0);
    expect(datasetOf(db, 'k')).toEqual(datasetOf(ref, 'k'));
    for (const [id, n] of fake.server.batches.submissions) expect(n, id).toBe(1);
    expect(fake.server.batches.submissions.size).toBe(customIds(db).length);
    expect(fake.server.stats.byEndpoint.chat.received).toBe(0);
  }, 120_000);

  it('Ctrl-C during a long poll interval stops at once and leaves the job to the resumed run', async () => {
    const dir = tempDir();
    const env = fake.env();
    const ref = join(dir, 'ref.db');
    expect((await run(pipeline('self-instruct.yaml', { ...base, name: 'i' }), ref, env)).status).toBe('completed');
    fake.server.reset();
    fake.server.setBatchDelay(1000);
    const db = join(dir, 'i.db');
    const args = (poll: string) => ['run', 'pipelines/self-instruct.yaml', '--teacher', 'openai', '--db', db, '--target', '12', '--name', 'i', '--concurrency', '4', '--batch',
      '--set', 'params.wave_size=4', '--set', 'params.wave_depth=2', '--set', `teacher.batch_poll_seconds=${poll}`];
    const child = spawnCli(args('60'), env);
    await child.waitFor(/batch job \S+: validating/, 30_000);
    const t0 = Date.now();
    child.proc.kill('SIGINT');
    const { code } = await child.exited;
    expect(code).toBe(130);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(jobsOf(db).some((j) => j.provider_job_id !== null && j.status !== 'collected')).toBe(true);
    fake.server.setBatchDelay(200);
    const last = spawnCli(args('0.05'), env);
    expect((await last.exited).code, last.stderr()).toBe(0);
    expect(datasetOf(db, 'i')).toEqual(datasetOf(ref, 'i'));
    for (const [id, n] of fake.server.batches.submissions) expect(n, id).toBe(1);
    fake.server.setBatchDelay(300);
  }, 60_000);

  it('a cost cap reached by a job’s answers stops the run with no job left running; resume completes it with the same dataset (a job cancelled by a cap: tests/teacher/batch-journal)', async () => {
    const dir = tempDir();
    const priced = { 'teacher.billing': 'prices', 'prices.gpt-4o-mini.input': 1000, 'prices.gpt-4o-mini.output': 1000 };
    const ref = await run(pipeline('self-instruct.yaml', { ...base, ...priced, name: 'c' }), join(dir, 'ref.db'), fake.env());
    expect(ref.status).toBe('completed');
    fake.server.reset();
    fake.server.setBatchDelay(300);
    const db = join(dir, 'c.db');
    const capped = await run(pipeline('self-instruct.yaml', { ...base, ...batch, ...priced, name: 'c', 'budget.max_cost': 0.5 }), db, fake.env());
    expect(capped.status).toBe('paused');
    expect(capped.detail).toMatch(/budget reached/);
    const h = openDb(db, { readonly: true });
    const open = h.prepare(`SELECT COUNT(*) n FROM batch_jobs WHERE provider_job_id IS NOT NULL AND status != 'collected'`).get() as { n: number };
    h.close();
    // Every job submitted was seen to its end and its answers stored: nothing is left running at the provider.
    expect(open.n).toBe(0);
    const resumed = await run(pipeline('self-instruct.yaml', { ...base, ...batch, ...priced, name: 'c' }), db, fake.env());
    expect(resumed.status, resumed.detail).toBe('completed');
    expect(datasetOf(db, 'c')).toEqual(datasetOf(join(dir, 'ref.db'), 'c'));
    // Submitted twice only if a job was cancelled before its line ran (here jobs run one after another, so none is).
    const h2 = openDb(db, { readonly: true });
    const cancelled = new Set((h2.prepare(`SELECT custom_id FROM batch_lines WHERE outcome LIKE '%batch_cancelled%'`).all() as { custom_id: string }[]).map((r) => r.custom_id));
    h2.close();
    for (const [id, n] of fake.server.batches.submissions) expect(n, id).toBe(cancelled.has(id) ? 2 : 1);
    fake.server.setBatchDelay(300);
  }, 60_000);

  it('refuses batch mode for a teacher without a batch API, and for several replicas, before the first call', async () => {
    const dir = tempDir();
    await expect(run(pipeline('self-instruct.yaml', { ...base, ...batch, 'teacher.provider': 'sim', name: 's' }), join(dir, 's.db'))).rejects.toThrow(/key "teacher.batch": provider "sim" has no batch API/);
    const endpoints = [{ base_url: fake.server.url }, { base_url: fake.server.url.replace('127.0.0.1', 'localhost') }];
    fake.server.reset();
    await expect(run(pipeline('self-instruct.yaml', { ...base, ...batch, 'teacher.endpoints': endpoints, name: 'r' }), join(dir, 'r.db'), { OPENAI_API_KEY: 'k' })).rejects.toThrow(/key "teacher.batch": batch mode submits jobs to one base_url/);
    expect(fake.server.stats.received + fake.server.batches.jobs).toBe(0);
  });
});
