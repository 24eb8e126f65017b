/**
 * npm run bench:throughput
 * (a) Requests per second through the whole request path (journal writes to SQLite, limiter,
 *     the real openai client) against the fake server in another process with a fixed 100 ms
 *     latency, at concurrency 32, 64 and 128, against the ceiling concurrency / latency.
 * (b) Time from `distillery resume` of a run holding 50K samples to its first new request.
 * Env: BENCH_LATENCY_MS (100), BENCH_ROUNDS (20 latency periods per level), BENCH_REPEATS (3, medians
 *      reported), BENCH_RESUME_SAMPLES (50000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { LimitsSchema } from '../src/config/common.js';
import { Store } from '../src/store/index.js';
import { createRun } from '../src/store/runs.js';
import { Journal } from '../src/teacher/journal.js';
import { OpenAITeacher } from '../src/teacher/openai.js';
import { parsePipeline } from '../src/app/pipeline.js';
import { readFileSync } from 'node:fs';
import { canonicalJson, hashJson } from '../src/util/hash.js';
import { median, REPO, startServerProcess, table } from './support.js';
import { buildLargeSelfInstructRun } from './large-self-instruct.js';

const latency = Number(process.env.BENCH_LATENCY_MS ?? 100);
const rounds = Number(process.env.BENCH_ROUNDS ?? 20);
const repeats = Number(process.env.BENCH_REPEATS ?? 3);

const resumeSamples = Number(process.env.BENCH_RESUME_SAMPLES ?? 50_000);

async function throughput(): Promise<void> {
  const server = await startServerProcess(['--latency-ms', String(latency)]);
  const dir = mkdtempSync(join(tmpdir(), 'distillery-bench-'));
  const rows: (string | number)[][] = [['concurrency', 'client', 'requests', 'median s', 'req/s', 'ceiling req/s', '% of ceiling', '% of reference']];
  try {
    for (const concurrency of [32, 64, 128]) {
      const store = Store.open(join(dir, `t${concurrency}.db`));
      const run = createRun(store.db, { name: `t${concurrency}`, method: 'self-instruct', configJson: '{}', configHash: 'h', configFile: null, seed: 1, provider: 'openai', model: 'bench', simulated: false, target: 1, toolVersion: 'bench' });
      const teacher = new OpenAITeacher({ model: 'bench', apiKey: 'bench-key', baseURL: server.url, timeoutMs: 30_000 });
      const journal = new Journal({ store, runId: run.id, teacher, limits: LimitsSchema.parse({ concurrency }), budget: {}, prices: {}, sendSeed: true, random: Math.random });
      const n = concurrency * rounds;
      const requests = Array.from({ length: n }, (_, i) => ({
        mode: 'chat' as const,
        model: 'bench',
        messages: [{ role: 'user' as const, content: `Answer briefly: what is ${i} plus ${i}?` }],
        params: { temperature: 0.7, max_tokens: 64 },
      }));
      // Warm the connection pool so the measure is the steady state.
      await journal.callAll(journal.prepare('warm', 0, requests.slice(0, concurrency).map((r) => ({ ...r, params: { ...r.params, temperature: 0.1 } }))));
      const ours: number[] = [];
      const refs: number[] = [];
      let ok = 0;
      // Alternate the two clients, each repeat with fresh prompts, and keep the medians: the machine is noisy.
      for (let rep = 0; rep < repeats; rep++) {
        refs.push(await rawFetch(server.url, concurrency, n, rep));
        const t0 = performance.now();
        const out = await journal.callAll(journal.prepare('bench', rep + 1, requests.map((r) => ({ ...r, messages: [{ role: 'user' as const, content: `${r.messages[0]!.content} (${rep})` }] }))));
        ours.push((performance.now() - t0) / 1000);
        ok = out.filter((o) => o.ok).length;
      }
      const secs = median(ours);
      const raw = median(refs);
      const ceiling = concurrency / (latency / 1000);
      rows.push([concurrency, 'raw fetch (reference)', n, raw.toFixed(2), (n / raw).toFixed(0), ceiling.toFixed(0), `${((n / raw / ceiling) * 100).toFixed(1)}%`, '']);
      rows.push([concurrency, 'distillery', ok, secs.toFixed(2), (ok / secs).toFixed(0), ceiling.toFixed(0), `${((ok / secs / ceiling) * 100).toFixed(1)}%`, `${((raw / secs) * 100).toFixed(1)}%`]);
      store.close();
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n(a) throughput: fake server with ${latency} ms latency in its own process; client = journal + limiter + openai client + SQLite writes`);
  console.log(table(rows));
}

/**
 * The reference: the same requests with bare fetch and no journal, limiter or SDK, `concurrency`
 * at a time, to separate the machine and server floor from Distillery's own overhead.
 */
async function rawFetch(url: string, concurrency: number, n: number, rep: number): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const res = await fetch(`${url}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer bench-key' },
        body: JSON.stringify({ model: 'bench', messages: [{ role: 'user', content: `Reference ${rep}: what is ${i} plus ${i}?` }], temperature: 0.7, max_tokens: 64, seed: 0 }),
      });
      await res.json();
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (performance.now() - t0) / 1000;
}


async function resumeLatency(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'distillery-bench-'));
  const dbPath = join(dir, 'big.db');
  const t0 = performance.now();
  buildLargeSelfInstructRun(dbPath, resumeSamples);
  const buildSecs = (performance.now() - t0) / 1000;
  // A tiny server in this process that notes the first request's arrival and answers nothing useful.
  let firstAt = 0;
  const server = createServer((req, res) => {
    if (!firstAt) firstAt = performance.now();
    res.writeHead(503, { 'content-type': 'application/json' });
    res.end('{"error":{"message":"bench"}}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const started = performance.now();
  const child = spawn(process.execPath, [resolve(REPO, 'src/cli/bin.js'), 'resume', 'big', '--db', dbPath], {
    cwd: REPO,
    env: { ...process.env, OPENAI_API_KEY: 'bench', OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` },
    stdio: 'ignore',
  });
  while (!firstAt && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
  const secs = (firstAt - started) / 1000;
  child.kill('SIGKILL');
  server.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(`\n(b) resume of a run holding ${resumeSamples} accepted instructions (+ calls, waves; built in ${buildSecs.toFixed(1)} s)`);
  console.log(table([['measure', 'seconds'], ['process start to first new request', firstAt ? secs.toFixed(2) : 'no request']]));
}

await throughput();
await resumeLatency();
