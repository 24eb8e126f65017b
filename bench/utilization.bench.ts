/**
 * npm run bench:utilization
 * Each recipe's shipped pipeline, with only the concurrency changed (256), against the fake server
 * in its own process at a fixed 500 ms latency; prints the average requests in flight ÷ concurrency.
 * In flight is read from the journal: the sum of the sent calls' latencies over the run's time.
 * Self-Instruct runs to 1,000 instructions; the other recipes to their shipped targets.
 * Env: BENCH_LATENCY_MS (500), BENCH_CONCURRENCY (256), BENCH_SMALL=1 (small targets, to check the bench works),
 *      BENCH_RECIPES (comma list of pipeline names, default all), BENCH_SET (JSON of dotted-key overrides
 *      for every run, e.g. '{"params.wave_size":32,"params.wave_depth":4}', to try other sizes).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parsePipeline } from '../src/app/pipeline.js';
import { executeRun } from '../src/app/run.js';
import { openDb } from '../src/store/db.js';
import { REPO, startServerProcess, table } from './support.js';

const latency = Number(process.env.BENCH_LATENCY_MS ?? 500);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 256);
const small = process.env.BENCH_SMALL === '1';
const only = process.env.BENCH_RECIPES?.split(',');
const extra = JSON.parse(process.env.BENCH_SET ?? '{}') as Record<string, unknown>;

/** Per pipeline: the overrides of the measured run (the target only; small: a quick check). */
const RUNS: [string, Record<string, unknown>, Record<string, unknown>][] = [
  ['self-instruct', { target: 1000 }, { target: 60 }],
  ['alpaca', {}, { target: 20 }],
  ['evol-instruct', {}, { target: 20, 'params.inputs.limit': 10, 'params.rounds': 2 }],
  ['backtranslation', {}, { target: 20 }],
  ['self-chat', {}, { target: 8 }],
];

async function main(): Promise<void> {
  const server = await startServerProcess(['--latency-ms', String(latency)]);
  const dir = mkdtempSync(join(tmpdir(), 'distillery-util-'));
  const rows: (string | number)[][] = [['pipeline', 'status', 'requests', 'seconds', 'avg in flight', `÷ ${concurrency}`]];
  try {
    for (const [name, full, quick] of RUNS) {
      if (only && !only.includes(name)) continue;
      const path = resolve(REPO, 'pipelines', `${name}.yaml`);
      const config = parsePipeline(readFileSync(path, 'utf8'), path, { ...(small ? quick : full), ...extra, 'teacher.provider': 'openai', 'limits.concurrency': concurrency, name });
      const db = join(dir, `${name}.db`);
      const env = { OPENAI_API_KEY: 'bench-key', OPENAI_BASE_URL: server.url };
      const r = await executeRun({ config, configFile: path, dbPath: db, root: REPO, env, progress: { wave: () => {} } });
      const h = openDb(db, { readonly: true });
      const { n, busy } = h.prepare(`SELECT COUNT(*) AS n, COALESCE(SUM(latency_ms), 0) AS busy FROM calls WHERE reused_from IS NULL AND attempts > 0`).get() as { n: number; busy: number };
      h.close();
      const inFlight = busy / 1000 / r.seconds;
      rows.push([name, r.status, n, r.seconds.toFixed(1), inFlight.toFixed(1), `${((100 * inFlight) / concurrency).toFixed(0)}%`]);
      console.error(`${name}: ${r.status} (${r.detail})`);
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\naverage requests in flight at ${latency} ms latency, concurrency ${concurrency}${small ? ' (small targets)' : ''}`);
  console.log(table(rows));
}

await main();
