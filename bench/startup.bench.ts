/**
 * npx tsx bench/startup.bench.ts
 * Whole-process cost of the real CLI (src/cli/bin.js, as a user runs it): for `--help`, `--version`,
 * `runs`, `status` (on a small database of its own) and `dedup` of a 1,000-row JSON Lines file,
 * the median wall time and peak RSS of BENCH_STARTUP_RUNS (7) starts, next to bare `node -e 0`.
 * Peak RSS comes from /usr/bin/time -v when it exists, else from the child's own
 * process.resourceUsage() written at exit by a preloaded hook (BENCH_STARTUP_RSS=self forces that).
 * The first start of each command is a warm-up (it also rebuilds the CLI bundle when a source is
 * newer) and is not counted; then the commands take turns, so load on the machine hits all alike.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO, table } from './support.js';

const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 7);
const TIME = '/usr/bin/time';
const useTime = process.env.BENCH_STARTUP_RSS !== 'self' && existsSync(TIME) && spawnSync(TIME, ['-v', 'true'], { stdio: 'ignore' }).status === 0;
/** BENCH_STARTUP_BIN: another checkout's src/cli/bin.js, to compare before and after. */
const BIN = resolve(process.env.BENCH_STARTUP_BIN ?? resolve(REPO, 'src/cli/bin.js'));
/** The database is written by the store of the checkout measured, so its schema is the one that CLI reads. */
const SRC = resolve(dirname(BIN), '..');
const load = <T>(path: string): Promise<T> => import(pathToFileURL(join(SRC, path)).href) as Promise<T>;
const { Store } = await load<typeof import('../src/store/index.js')>('store/index.ts');
const { createRun, setRunStatus } = await load<typeof import('../src/store/runs.js')>('store/runs.ts');
const { sha256 } = await load<typeof import('../src/util/hash.js')>('util/hash.ts');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** A small run written through the store: 200 samples, half with verdicts. */
function writeDatabase(path: string): void {
  const store = Store.open(path);
  const run = createRun(store.db, {
    name: 'bench-startup',
    method: 'self-instruct',
    configJson: '{}',
    configHash: 'bench',
    configFile: null,
    seed: 1,
    provider: 'sim',
    model: 'distillery-sim-1',
    simulated: true,
    target: 200,
    toolVersion: 'bench',
  });
  store.transaction(() => {
    for (let i = 0; i < 200; i++) {
      const rejected = i % 4 === 3;
      store.samples.insert({
        runId: run.id,
        kind: 'instance',
        stage: 'generate',
        wave: Math.floor(i / 20),
        instruction: `Write a short note about topic number ${i}.`,
        output: `A note about topic ${i}.`,
        status: rejected ? 'rejected' : 'accepted',
        reason: rejected ? 'rouge-l' : null,
        contentHash: sha256(`bench-${i}`),
        verdicts: i % 2 ? [{ filter: 'rouge-l', passed: !rejected, score: rejected ? 0.8 : 0.2 }] : [],
      });
    }
  });
  setRunStatus(store.db, run.id, 'completed');
  store.close();
}

/** 1,000 instructions, a few of them near-duplicates of earlier ones. */
function writeRows(path: string): void {
  const verbs = ['Write', 'Explain', 'List', 'Describe', 'Summarize', 'Classify', 'Translate', 'Give', 'Create', 'Rewrite'];
  const things = ['poem', 'story', 'email', 'recipe', 'plan', 'table', 'letter', 'review', 'summary', 'riddle'];
  const topics = ['the ocean', 'a city garden', 'solar power', 'chess openings', 'bread baking', 'river trips', 'old maps', 'tea', 'trains', 'winter birds'];
  const lines: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const instruction =
      i % 10 === 9
        ? `${verbs[(i - 1) % 10]} a ${things[Math.floor((i - 1) / 10) % 10]} about ${topics[Math.floor((i - 1) / 100) % 10]} for reader ${i - 1}.`
        : `${verbs[i % 10]} a ${things[Math.floor(i / 10) % 10]} about ${topics[Math.floor(i / 100) % 10]} for reader ${i}, in ${3 + (i % 7)} sentences.`;
    lines.push(JSON.stringify({ instruction, output: `Output ${i}.` }));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

interface Sample {
  ms: number;
  rssMb: number;
}

const RSS_HOOK = `data:text/javascript,${encodeURIComponent(
  "import { writeFileSync } from 'node:fs'; process.on('exit', () => { try { writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)); } catch {} });",
)}`;

/** One start of `node args`: wall time and peak RSS of the whole process. */
function once(args: string[], cwd: string, rssFile: string): Sample {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.NODE_OPTIONS; // tsx's loader must not ride along into the measured process
  delete env.DISTILLERY_NO_BUNDLE;
  let cmd = process.execPath;
  let argv = args;
  if (useTime) {
    cmd = TIME;
    argv = ['-v', process.execPath, ...args];
  } else {
    env.NODE_OPTIONS = `--import ${RSS_HOOK}`;
    env.BENCH_RSS_FILE = rssFile;
  }
  const t = performance.now();
  const r = spawnSync(cmd, argv, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status ?? r.signal}: ${r.stderr}`);
  let kb: number;
  if (useTime) {
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
    if (!m) throw new Error(`no peak RSS in the output of ${TIME} -v:\n${r.stderr}`);
    kb = Number(m[1]);
  } else kb = Number(readFileSync(rssFile, 'utf8'));
  return { ms, rssMb: kb / 1024 };
}

const dir = mkdtempSync(join(tmpdir(), 'distillery-bench-startup-'));
try {
  const db = join(dir, 'startup.db');
  const rows = join(dir, 'rows.jsonl');
  writeDatabase(db);
  writeRows(rows);
  const rssFile = join(dir, 'rss');
  const cases: [string, string[]][] = [
    ['node -e 0 (reference)', ['-e', '0']],
    ['--help', [BIN, '--help']],
    ['--version', [BIN, '--version']],
    ['runs', [BIN, 'runs', '--db', db]],
    ['status', [BIN, 'status', '--db', db]],
    ['dedup (1,000 rows)', [BIN, 'dedup', rows, '--out', join(dir, 'kept.jsonl'), '--rejected', join(dir, 'rejected.jsonl')]],
  ];
  process.stdout.write(`${BIN}: ${RUNS} starts each after one warm-up; peak RSS from ${useTime ? `${TIME} -v` : 'process.resourceUsage() of the child'}\n\n`);
  const out: (string | number)[][] = [['command', 'median ms', 'min ms', 'max ms', 'peak RSS MB', 'vs node ms', 'vs node MB']];
  for (const [, args] of cases) once(args, dir, rssFile); // warm-up: page cache, and a fresh bundle if the sources changed
  // Round-robin, so a busy moment of the machine weighs on every command alike, the reference too.
  const samples: Sample[][] = cases.map(() => []);
  for (let i = 0; i < RUNS; i++) cases.forEach(([, args], c) => samples[c]!.push(once(args, dir, rssFile)));
  let ref: { ms: number; mb: number } | undefined;
  for (const [c, [label]] of cases.entries()) {
    const ms = median(samples[c]!.map((s) => s.ms));
    const mb = median(samples[c]!.map((s) => s.rssMb));
    const times = samples[c]!.map((s) => s.ms);
    const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(0)}`;
    out.push([label, ms.toFixed(0), Math.min(...times).toFixed(0), Math.max(...times).toFixed(0), mb.toFixed(0), ref === undefined ? '' : signed(ms - ref.ms), ref === undefined ? '' : signed(mb - ref.mb)]);
    ref ??= { ms, mb };
  }
  process.stdout.write(`${table(out)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
