/**
 * npm run bench:utilization
 * Each recipe's shipped pipeline, with only the concurrency changed (256), against the fake server
 * in its own process at a fixed 500 ms latency; prints the average requests in flight ÷ concurrency.
 * In flight is read from the journal: the sum of the sent calls' latencies over the run's time.
 * Self-Instruct runs to 1,000 instructions (the default pipeline, only --concurrency changed); the other
 * recipes to targets (and, where the shipped seed files are small, inputs from ../shared/data) that need
 * hundreds of requests or more.
 * Env: BENCH_LATENCY_MS (500), BENCH_CONCURRENCY (256), BENCH_SMALL=1 (small targets, to check the bench works),
 *      BENCH_RECIPES (comma list of pipeline names, default all), BENCH_SET (JSON of dotted-key overrides
 *      for every run, e.g. '{"params.wave_size":32,"params.wave_depth":4}', to try other sizes).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * Inputs large enough to keep 256 slots busy, built from ../shared/data (real public data; the
 * shipped seed files hold a few dozen rows): Code Alpaca's instructions as Orca queries and
 * preference prompts and its rows as Evol-Instruct inputs, its outputs as an OSS-Instruct code
 * corpus, CNN articles as the backtranslation corpus.
 */
function buildInputs(dir: string): Record<string, string> {
  const shared = resolve(REPO, '..', 'shared', 'data');
  if (!existsSync(shared)) throw new Error(`${shared} is missing: the utilization bench builds its inputs from ../shared/data`);
  const code = JSON.parse(readFileSync(join(shared, 'codealpaca_2k.json'), 'utf8')) as { instruction: string; input: string; output: string }[];
  const lines = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const files = {
    queries: join(dir, 'queries.jsonl'),
    prompts: join(dir, 'prompts.jsonl'),
    code: join(dir, 'code.jsonl'),
  };
  writeFileSync(files.queries, lines(code.map((c) => ({ instruction: c.instruction, input: c.input }))));
  writeFileSync(files.prompts, lines(code.map((c) => ({ prompt: c.input ? `${c.instruction}\n\n${c.input}` : c.instruction }))));
  writeFileSync(files.code, lines(code.filter((c) => c.output.split('\n').length >= 3).map((c) => ({ content: c.output }))));
  return { ...files, articles: join(shared, 'cnn_articles_200.jsonl'), codeAlpaca: join(shared, 'codealpaca_2k.json') };
}

/** Per pipeline: the overrides of the measured run (target and inputs only), and of a quick check. */
function runs(inputs: Record<string, string>): [string, string, Record<string, unknown>, Record<string, unknown>][] {
  return [
    ['self-instruct', 'self-instruct', { target: 1000 }, { target: 60 }],
    ['alpaca', 'alpaca', { target: 2000 }, { target: 20 }],
    // Evol-Instruct evolves a dataset: 500 Code Alpaca rows (a round is one wave of every live row).
    ['evol-instruct', 'evol-instruct', { target: 1000, 'params.inputs.path': inputs.codeAlpaca!, 'params.inputs.limit': 500 }, { target: 20, 'params.inputs.limit': 10, 'params.rounds': 2 }],
    ['backtranslation', 'backtranslation', { target: 200, 'params.corpus.paths': [inputs.articles!] }, { target: 20 }],
    ['self-chat', 'self-chat', { target: 300, 'params.passes': 5 }, { target: 8 }],
    ['magpie', 'magpie', { target: 1000 }, { target: 20 }],
    ['oss-instruct', 'oss-instruct', { target: 1000, 'params.corpus': [inputs.code!] }, { target: 10 }],
    ['orca', 'orca', { target: 1000, 'params.queries.path': inputs.queries! }, { target: 20 }],
    ['unnatural', 'unnatural', { target: 400 }, { target: 10 }],
    ['ultrafeedback', 'ultrafeedback', { target: 200, 'params.inputs.path': inputs.prompts! }, { target: 4 }],
  ];
}

async function main(): Promise<void> {
  const server = await startServerProcess(['--latency-ms', String(latency)]);
  const dir = mkdtempSync(join(tmpdir(), 'distillery-util-'));
  const rows: (string | number)[][] = [['pipeline', 'status', 'requests', 'seconds', 'avg in flight', `÷ ${concurrency}`]];
  try {
    for (const [name, file, full, quick] of runs(buildInputs(dir))) {
      if (only && !only.includes(name)) continue;
      const path = resolve(REPO, 'pipelines', `${file}.yaml`);
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
