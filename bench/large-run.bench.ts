/**
 * npm run bench:large
 * The read commands and `resume` on a large run, each as a whole process (wall time, and peak RSS
 * from /usr/bin/time -v when it is there), against the targets of issue 21 item 10:
 *   - `status`, the first dashboard page and `plan` under 1 s and 300 MB;
 *   - `resume` reaching its first new request within 2 s.
 * Two databases of BENCH_LARGE_SAMPLES (300000) samples: an Evol-Instruct-shaped run with calls,
 * verdicts and lineage (tests/audit/synth.ts) for status, dashboard and plan (planned by simulation:
 * a new small run on that database), and a Self-Instruct run of accepted instructions with their
 * calls and waves for `resume` and Self-Instruct's own `plan`.
 * BENCH_LARGE_DIR keeps the databases between runs (built once per size); otherwise a temporary folder.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { Store } from '../src/store/index.js';
import { createRun } from '../src/store/runs.js';
import { parsePipeline } from '../src/app/pipeline.js';
import { canonicalJson, hashJson } from '../src/util/hash.js';
import { writeSynthRun } from '../tests/audit/synth.js';
import { REPO, table } from './support.js';
import { buildLargeSelfInstructRun } from './large-self-instruct.js';

const N = Number(process.env.BENCH_LARGE_SAMPLES ?? 300_000);
const keep = process.env.BENCH_LARGE_DIR;
const dir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'distillery-bench-large-'));
mkdirSync(dir, { recursive: true });
const BIN = resolve(REPO, 'src/cli/bin.js');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** Builds a database once (under a temporary name, renamed when complete). */
function once(path: string, build: (tmp: string) => void): number {
  if (existsSync(path)) return 0;
  const t0 = performance.now();
  const tmp = `${path}.building`;
  rmSync(tmp, { force: true });
  build(tmp);
  for (const ext of ['-wal', '-shm']) rmSync(`${tmp}${ext}`, { force: true });
  renameSync(tmp, path);
  return (performance.now() - t0) / 1000;
}

function buildSynth(path: string): void {
  const store = Store.open(path);
  writeSynthRun(store, { samples: 2_000, name: 'small-before', seed: 3 });
  writeSynthRun(store, { samples: N, name: 'big' });
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
}


interface Measure {
  secs: number;
  peakMb: number | null;
  code: number | null;
  stderr: string;
}

/**
 * Runs a process to its end (or until `stopWhen` resolves, then kills it); wall time from spawn,
 * peak RSS of the measured process from GNU time.
 */
async function measure(args: string[], opts: { env?: NodeJS.ProcessEnv; stopWhen?: Promise<number> } = {}): Promise<Measure> {
  const cmd = TIME ? TIME : args[0]!;
  const argv = TIME ? ['-v', ...args] : args.slice(1);
  const started = performance.now();
  const child = spawn(cmd, argv, { cwd: REPO, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  let secs: number;
  if (opts.stopWhen) {
    const first = await Promise.race([opts.stopWhen, exited.then(() => -1)]);
    secs = first < 0 ? NaN : (first - started) / 1000;
    // GNU time reports on its child's death: kill the child (the node process), not time itself.
    spawn('pkill', ['-KILL', '-P', String(child.pid)]);
    if (!TIME) child.kill('SIGKILL');
  }
  const code = await exited;
  if (!opts.stopWhen) secs = (performance.now() - started) / 1000;
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  return { secs: secs!, peakMb: m ? Number(m[1]) / 1024 : null, code, stderr };
}

const node = process.execPath;

/**
 * The first dashboard page as `serve` gives it, in a process of its own: the viewer started on a
 * free port, its start-up work done (the verb tagger loaded right after it listens), then one GET
 * over HTTP, timed. The start-up is timed apart.
 */
function dashboardScript(dbPath: string): string {
  const file = join(dir, 'dashboard-probe.mts');
  writeFileSync(
    file,
    `import { startViewer } from ${JSON.stringify(resolve(REPO, 'src/web/server.ts'))};
import { openForAudit } from ${JSON.stringify(resolve(REPO, 'src/audit/open.ts'))};
const probe = openForAudit(${JSON.stringify(dbPath)});
const id = (probe.prepare("SELECT id FROM runs WHERE name = 'big'").get() as { id: number }).id;
probe.close();
const s0 = performance.now();
const viewer = await startViewer({ dbPath: ${JSON.stringify(dbPath)}, port: 0 });
await viewer.ready;
const startMs = performance.now() - s0;
const t0 = performance.now();
const res = await fetch(viewer.url + '/runs/' + id);
const body = await res.text();
const ms = performance.now() - t0;
if (res.status !== 200) throw new Error('dashboard: HTTP ' + res.status);
process.stderr.write('DASHBOARD_MS ' + ms.toFixed(0) + ' ' + body.length + ' START_MS ' + startMs.toFixed(0) + '\\n');
await viewer.close();
`,
  );
  return file;
}

async function resumeToFirstRequest(dbPath: string): Promise<Measure> {
  let resolveFirst!: (t: number) => void;
  const first = new Promise<number>((r) => (resolveFirst = r));
  const server = createServer((_req, res) => {
    resolveFirst(performance.now());
    res.writeHead(503, { 'content-type': 'application/json' });
    res.end('{"error":{"message":"bench"}}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  // On a copy: resume writes (it takes the lease, marks the run running).
  const copy = join(dir, 'resume-copy.db');
  rmSync(copy, { force: true });
  writeFileSync(copy, readFileSync(dbPath));
  try {
    return await measure([node, BIN, 'resume', 'big', '--db', copy], { env: { OPENAI_API_KEY: 'bench', OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` }, stopWhen: first });
  } finally {
    server.close();
    for (const ext of ['', '-wal', '-shm']) rmSync(`${copy}${ext}`, { force: true });
  }
}

try {
  const synth = join(dir, `synth-${N}.db`);
  const si = join(dir, `self-instruct-${N}.db`);
  const b1 = once(synth, buildSynth);
  const b2 = once(si, (p) => buildLargeSelfInstructRun(p, N));
  process.stdout.write(`databases of ${N} samples in ${dir}${b1 || b2 ? ` (built in ${(b1 + b2).toFixed(0)} s)` : ' (reused)'}\n`);
  // A database built by an older version gets this version's migrations (as its next run would apply them).
  for (const p of [synth, si]) Store.open(p).close();
  // Warm the CLI build (and the page cache) so the first measure is not the build's.
  await measure([node, BIN, 'runs', '--db', synth]);

  const rows: (string | number)[][] = [['measure (whole process)', 'seconds', 'peak RSS MB', 'target', 'ok']];
  const add = (label: string, m: Measure, target: { secs: number; mb?: number }, secs = m.secs) => {
    const ok = m.code !== null && m.code !== 0 && !label.startsWith('resume') ? 'FAILED' : secs <= target.secs && (target.mb === undefined || (m.peakMb ?? 0) <= target.mb) ? 'yes' : 'NO';
    rows.push([label, Number.isFinite(secs) ? secs.toFixed(2) : 'n/a', m.peakMb === null ? 'n/a' : m.peakMb.toFixed(0), `< ${target.secs} s${target.mb ? `, < ${target.mb} MB` : ''}`, ok]);
    if (ok === 'FAILED') process.stderr.write(`${label}: exit ${m.code}\n${m.stderr.split('\n').slice(0, 20).join('\n')}\n`);
  };
  add('status big (evol-instruct run)', await measure([node, BIN, 'status', 'big', '--db', synth]), { secs: 1, mb: 300 });
  add('status --json big', await measure([node, BIN, 'status', 'big', '--db', synth, '--json']), { secs: 1, mb: 300 });
  const probe = dashboardScript(synth);
  const d = await measure([node, '--import', 'tsx', probe]);
  const dms = /DASHBOARD_MS (\d+) \d+ START_MS (\d+)/.exec(d.stderr);
  add('first dashboard page: GET /runs/:id over HTTP (after start-up)', d, { secs: 1, mb: 300 }, dms ? Number(dms[1]) / 1000 : NaN);
  rows.push(['  (viewer start-up: open, listen, load the tagger)', dms ? (Number(dms[2]) / 1000).toFixed(2) : 'n/a', '', '', '']);
  rows.push(['  (that process whole, with tsx start)', d.secs.toFixed(2), '', '', '']);
  add('plan evol-instruct, a new run on that database', await measure([node, BIN, 'plan', 'pipelines/evol-instruct.yaml', '--name', 'planned', '--teacher', 'sim', '--target', '20', '--db', synth]), { secs: 1, mb: 300 });
  add('plan self-instruct of the big run', await measure([node, BIN, 'plan', 'pipelines/self-instruct.yaml', '--name', 'big', '--db', si], { env: { OPENAI_API_KEY: 'bench' } }), { secs: 1, mb: 300 });
  add('resume big: start to first new request', await resumeToFirstRequest(si), { secs: 2 });
  process.stdout.write(`\n${table(rows)}\n`);
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
