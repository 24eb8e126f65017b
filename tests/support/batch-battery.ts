/**
 * Batch mode's end-to-end battery, run against every provider batch API Distillery speaks (OpenAI's
 * Batch API, Anthropic's Message Batches) on the fake server: the same run in batch mode gives the
 * online dataset at batch prices, expired and failed lines alone are sent again, SIGKILL and Ctrl-C
 * while a job runs leave it to the resumed run, a cost cap ends with no job left running.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../../src/fake-server/index.js';
import { openDb } from '../../src/store/db.js';
import { spawnCli } from './child.js';
import type { SuiteFakeServer } from './fake-server.js';
import { datasetOf, pipeline, run } from './runs.js';
import { tempDir } from './tmp.js';

export interface BatchProvider {
  name: 'openai' | 'anthropic';
  /** The run's teacher keys (and what the provider needs of the recipe, e.g. no penalties). */
  config: Record<string, unknown>;
  /** The model its runs name (prices are keyed by it). */
  model: string;
  env(server: FakeServer): NodeJS.ProcessEnv;
  /** Requests the server took on the provider's online endpoint. */
  online(server: FakeServer): number;
  /** The same keys as CLI arguments. */
  cli: string[];
}

const base = { target: 12, 'params.wave_size': 4, 'params.wave_depth': 2, 'limits.concurrency': 4 };
const batch = { 'teacher.batch': true, 'teacher.batch_poll_seconds': 0.05 };

interface JobRow {
  provider_job_id: string | null;
  status: string;
  lines: number;
}

function query<T>(db: string, sql: string): T[] {
  const h = openDb(db, { readonly: true });
  try {
    return h.prepare(sql).all() as T[];
  } finally {
    h.close();
  }
}

const jobsOf = (db: string) => query<JobRow>(db, `SELECT j.provider_job_id, j.status, (SELECT COUNT(*) FROM batch_lines l WHERE l.job_id = j.id) AS lines FROM batch_jobs j ORDER BY j.id`);
const customIds = (db: string) => query<{ custom_id: string }>(db, `SELECT DISTINCT custom_id FROM batch_lines ORDER BY custom_id`).map((r) => r.custom_id);

function expectEachOnce(server: FakeServer, db: string): void {
  for (const [id, n] of server.batches.submissions) expect(n, id).toBe(1);
  expect(server.batches.submissions.size).toBe(customIds(db).length);
}

/** The battery's tests, inside a describe block that owns `fake` (started with `batch: { delayMs: 300 }`). */
export function batchBattery(p: BatchProvider, fake: SuiteFakeServer): void {
  const cfg = (extra: Record<string, unknown>) => ({ ...base, ...p.config, ...extra });
  const env = () => p.env(fake.server);

  it('a Self-Instruct run in batch mode reaches its target with the online run’s dataset, each line submitted once, priced at batch rates', async () => {
    const dir = tempDir();
    const online = await run(pipeline('self-instruct.yaml', cfg({ name: 'b' })), join(dir, 'online.db'), env());
    expect(online.status).toBe('completed');
    fake.server.reset();
    const prices = { 'teacher.billing': 'prices', [`prices.${p.model}.input`]: 2, [`prices.${p.model}.output`]: 8, [`prices.${p.model}.batch_output`]: 3 };
    const batched = await run(pipeline('self-instruct.yaml', cfg({ ...batch, ...prices, name: 'b' })), join(dir, 'batch.db'), env());
    expect(batched.status, batched.detail).toBe('completed');
    // Nothing went through the online endpoint; every request went in a job.
    expect(p.online(fake.server)).toBe(0);
    expect(fake.server.batches.jobs).toBeGreaterThan(0);
    const jobs = jobsOf(join(dir, 'batch.db'));
    expect(jobs.every((j) => j.status === 'collected' && j.provider_job_id !== null)).toBe(true);
    expectEachOnce(fake.server, join(dir, 'batch.db'));
    expect(datasetOf(join(dir, 'batch.db'), 'b')).toEqual(datasetOf(join(dir, 'online.db'), 'b'));
    // Each call costs its tokens at the batch rates: batch_input defaults to half of input (1), batch_output is 3.
    const rows = query<{ p: number; c: number; cost: number }>(join(dir, 'batch.db'), `SELECT prompt_tokens p, completion_tokens c, cost FROM calls WHERE status = 'ok'`);
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
    const ref = await run(pipeline('self-instruct.yaml', cfg({ name: 'e' })), join(dir, 'ref.db'), env());
    expect(ref.status).toBe('completed');
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
      const db = join(dir, 'e.db');
      const r = await run(pipeline('self-instruct.yaml', cfg({ ...batch, name: 'e' })), db, p.env(server));
      expect(r.status, r.detail).toBe('completed');
      expect(datasetOf(db, 'e')).toEqual(datasetOf(join(dir, 'ref.db'), 'e'));
      const subs = server.batches.submissions;
      const twice = [...subs].filter(([, n]) => n === 2).map(([id]) => id);
      expect([...subs.values()].every((n) => n <= 2)).toBe(true);
      // Resubmitted: exactly the lines of the first job past its first half (expired) and the lines that failed.
      const first = query<{ custom_id: string }>(db, `SELECT custom_id FROM batch_lines WHERE job_id = (SELECT MIN(id) FROM batch_jobs) ORDER BY rowid`).map((l) => l.custom_id);
      const expired = query<{ n: number }>(db, `SELECT COUNT(*) n FROM batch_lines WHERE outcome LIKE '%expired%'`)[0]!;
      expect(expired.n).toBe(first.length - Math.floor(first.length / 2));
      expect(new Set(twice)).toEqual(new Set([...first.slice(Math.floor(first.length / 2)), ...failing]));
      expect(failing.size).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  }, 60_000);

  const cliArgs = (db: string, name: string, poll: string) => [
    'run', 'pipelines/self-instruct.yaml', '--teacher', p.name, '--db', db, '--target', '12', '--name', name, '--concurrency', '4', '--batch',
    '--set', 'params.wave_size=4', '--set', 'params.wave_depth=2', '--set', `teacher.batch_poll_seconds=${poll}`, ...p.cli,
  ];

  it('SIGKILL while a job is in progress, then resume: the job is polled, no line is submitted twice, nothing is lost', async () => {
    const dir = tempDir();
    const ref = join(dir, 'ref.db');
    expect((await run(pipeline('self-instruct.yaml', cfg({ name: 'k' })), ref, env())).status).toBe('completed');
    fake.server.reset();
    fake.server.setBatchDelay(1500);
    const db = join(dir, 'k.db');
    let kills = 0;
    for (let attempt = 0; attempt < 3; attempt++) {
      const child = spawnCli(cliArgs(db, 'k', '0.05'), env());
      // Killed once the job is at the provider: its id is in the journal and it is in progress.
      await child.waitFor(/batch job \S+: in_progress/, 30_000);
      child.proc.kill('SIGKILL');
      if ((await child.exited).signal === 'SIGKILL') kills++;
      expect(jobsOf(db).some((j) => j.provider_job_id !== null && j.status !== 'collected')).toBe(true);
    }
    expect(kills).toBe(3);
    fake.server.setBatchDelay(200);
    const last = spawnCli(cliArgs(db, 'k', '0.05'), env());
    expect((await last.exited).code, last.stderr()).toBe(0);
    expect(datasetOf(db, 'k')).toEqual(datasetOf(ref, 'k'));
    expectEachOnce(fake.server, db);
    expect(p.online(fake.server)).toBe(0);
    fake.server.setBatchDelay(300);
  }, 120_000);

  it('Ctrl-C during a long poll interval stops at once and leaves the job to the resumed run', async () => {
    const dir = tempDir();
    const ref = join(dir, 'ref.db');
    expect((await run(pipeline('self-instruct.yaml', cfg({ name: 'i' })), ref, env())).status).toBe('completed');
    fake.server.reset();
    fake.server.setBatchDelay(1000);
    const db = join(dir, 'i.db');
    const child = spawnCli(cliArgs(db, 'i', '60'), env());
    // OpenAI's jobs start validating, Anthropic's in progress.
    await child.waitFor(/batch job \S+: (validating|in_progress)/, 30_000);
    const t0 = Date.now();
    child.proc.kill('SIGINT');
    expect((await child.exited).code).toBe(130);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(jobsOf(db).some((j) => j.provider_job_id !== null && j.status !== 'collected')).toBe(true);
    fake.server.setBatchDelay(200);
    const last = spawnCli(cliArgs(db, 'i', '0.05'), env());
    expect((await last.exited).code, last.stderr()).toBe(0);
    expect(datasetOf(db, 'i')).toEqual(datasetOf(ref, 'i'));
    for (const [id, n] of fake.server.batches.submissions) expect(n, id).toBe(1);
    fake.server.setBatchDelay(300);
  }, 60_000);

  it('a cost cap reached by a job’s answers stops the run with no job left running; resume completes it with the same dataset', async () => {
    const dir = tempDir();
    const priced = { 'teacher.billing': 'prices', [`prices.${p.model}.input`]: 1000, [`prices.${p.model}.output`]: 1000 };
    const ref = await run(pipeline('self-instruct.yaml', cfg({ ...priced, name: 'c' })), join(dir, 'ref.db'), env());
    expect(ref.status).toBe('completed');
    fake.server.reset();
    fake.server.setBatchDelay(300);
    const db = join(dir, 'c.db');
    const capped = await run(pipeline('self-instruct.yaml', cfg({ ...batch, ...priced, name: 'c', 'budget.max_cost': 0.5 })), db, env());
    expect(capped.status).toBe('paused');
    expect(capped.detail).toMatch(/budget reached/);
    // Every job submitted was seen to its end and its answers stored: nothing is left running at the provider.
    expect(query<{ n: number }>(db, `SELECT COUNT(*) n FROM batch_jobs WHERE provider_job_id IS NOT NULL AND status != 'collected'`)[0]!.n).toBe(0);
    const resumed = await run(pipeline('self-instruct.yaml', cfg({ ...batch, ...priced, name: 'c' })), db, env());
    expect(resumed.status, resumed.detail).toBe('completed');
    expect(datasetOf(db, 'c')).toEqual(datasetOf(join(dir, 'ref.db'), 'c'));
    // Submitted twice only if a job was cancelled before its line ran.
    const cancelled = new Set(query<{ custom_id: string }>(db, `SELECT custom_id FROM batch_lines WHERE outcome LIKE '%cancel%'`).map((r) => r.custom_id));
    for (const [id, n] of fake.server.batches.submissions) expect(n, id).toBe(cancelled.has(id) ? 2 : 1);
  }, 60_000);
}
