/**
 * npm run bench:capacity
 * Orchestrator capacity: completed requests per second through the whole request path (the real
 * openai client, the limiter, the journal writing every request and answer to SQLite) against the
 * fake server at zero latency in another process. Distillery runs in a child process pinned to one
 * core and the fake server to the other (taskset, when present), so the figure is one core's.
 * Env: BENCH_REQUESTS (20000), BENCH_CONCURRENCY (256), BENCH_ENDPOINTS (1: replicas behind one
 *      teacher, each its own fake server process), BENCH_FETCH (global: the client's default fetch instead of the lean one), BENCH_CPU_PROF (a folder: the child writes a
 *      --cpu-prof profile there).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LimitsSchema } from '../src/config/common.js';
import { Store } from '../src/store/index.js';
import { createRun } from '../src/store/runs.js';
import { Journal } from '../src/teacher/journal.js';
import { OpenAITeacher } from '../src/teacher/openai.js';
import { EndpointPool } from '../src/teacher/endpoints/pool.js';
import type { Teacher } from '../src/teacher/types.js';
import { leanFetch } from '../src/teacher/http-fetch.js';
import { REPO, startServerProcess, table } from './support.js';

const requests = Number(process.env.BENCH_REQUESTS ?? 20_000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 256);
const endpoints = Number(process.env.BENCH_ENDPOINTS ?? 1);
const TASKSET = ['/usr/bin/taskset', '/bin/taskset'].find((p) => existsSync(p));

interface Result {
  requests: number;
  ok: number;
  seconds: number;
  perSecond: number;
  shares: number[];
}

/** The measured part, in the pinned child: one teacher, one journal, one database file. */
async function measure(urls: string[]): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'distillery-capacity-'));
  try {
    const store = Store.open(join(dir, 'capacity.db'));
    const run = createRun(store.db, { name: 'capacity', method: 'self-instruct', configJson: '{}', configHash: 'h', configFile: null, seed: 1, provider: 'openai', model: 'bench', simulated: false, target: 1, toolVersion: 'bench' });
    // As providers.ts builds it (the lean fetch); BENCH_FETCH=global measures the openai client's default fetch.
    const lean = process.env.BENCH_FETCH === 'global' ? undefined : leanFetch();
    const client = (url: string) => new OpenAITeacher({ model: 'bench', apiKey: 'bench-key', baseURL: url, timeoutMs: 60_000, endpoint: urls[0]!, ...(lean ? { fetch: lean } : {}) });
    const teacher: Teacher = urls.length === 1 ? client(urls[0]!) : new EndpointPool(urls.map((url) => ({ url, weight: 1, teacher: client(url) })), { maxConcurrency: 4096 });
    const journal = new Journal({ store, runId: run.id, teacher, limits: LimitsSchema.parse({ concurrency }), budget: {}, prices: {}, sendSeed: true, random: Math.random });
    const make = (n: number, tag: string) =>
      Array.from({ length: n }, (_, i) => ({ mode: 'chat' as const, model: 'bench', messages: [{ role: 'user' as const, content: `Answer briefly: what is ${i} plus ${i}? (${tag})` }], params: { temperature: 0.7, max_tokens: 64 } }));
    // Warm the connections and the JIT, then measure the steady state.
    await journal.callAll(journal.prepare('warm', 0, make(Math.min(2000, requests), 'warm')));
    const t0 = performance.now();
    const out = await journal.callAll(journal.prepare('bench', 1, make(requests, 'bench')));
    const seconds = (performance.now() - t0) / 1000;
    const shares = teacher instanceof EndpointPool ? teacher.shares().map((s) => s.share) : [1];
    store.close();
    return { requests, ok: out.filter((o) => o.ok).length, seconds, perSecond: requests / seconds, shares };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function parent(): Promise<void> {
  const servers = await Promise.all(Array.from({ length: endpoints }, () => startServerProcess([])));
  // The fake servers move to the other core; Distillery gets core 0 alone.
  if (TASKSET) for (const s of servers) spawn(TASKSET, ['-a', '-p', '-c', '1', String(s.proc.pid)], { stdio: 'ignore' });
  try {
    const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', resolve(process.env.BENCH_CPU_PROF)] : [];
    const node = [process.execPath, ...prof, '--import', 'tsx', fileURLToPath(import.meta.url)];
    const [cmd, ...args] = TASKSET ? [TASKSET, '-c', '0', ...node] : node;
    const child = spawn(cmd!, args, { cwd: REPO, env: { ...process.env, CAPACITY_CHILD_URLS: servers.map((s) => s.url).join(',') }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    if (code !== 0) throw new Error(`capacity child exited ${code}`);
    const r = JSON.parse(out.trim().split('\n').pop()!) as Result;
    console.log(`orchestrator capacity at zero latency, full journaling, concurrency ${concurrency}, ${endpoints} endpoint(s), ${TASKSET ? 'Distillery pinned to core 0, fake server(s) to core 1' : 'not pinned (no taskset)'}`);
    console.log(table([
      ['requests', 'ok', 'seconds', 'completed req/s', 'endpoint shares'],
      [r.requests, r.ok, r.seconds.toFixed(2), Math.round(r.perSecond), r.shares.map((s) => `${(100 * s).toFixed(1)}%`).join(' / ')],
    ]));
    if (r.ok !== r.requests) process.exitCode = 1;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

if (process.env.CAPACITY_CHILD_URLS) {
  measure(process.env.CAPACITY_CHILD_URLS.split(',')).then((r) => process.stdout.write(`${JSON.stringify(r)}\n`));
} else {
  await parent();
}
