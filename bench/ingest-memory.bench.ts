/**
 * npm run bench:ingest
 * Whole-process peak RSS and wall time of ingesting a generated corpus with the real CLI
 * (src/cli/bin.js run pipelines/backtranslation.yaml, sim teacher, `target` above the corpus's
 * passages so every passage is read and stored; `budget.max_calls=1` stops the run right after
 * ingestion, at its first self-augmentation call).
 * BENCH_INGEST_MB (200): corpus size, half Markdown, half JSON Lines, 16 MiB files of distinct
 *   generated prose (a folder under the temp dir, kept between runs: BENCH_INGEST_DIR picks it).
 * BENCH_INGEST_NEAR_DUP (1, off): params.corpus.near_dup_threshold; 0.7, the default, adds the
 *   ROUGE-L near-duplicate index, whose time and memory grow with the passages kept.
 * BENCH_INGEST_BIN: another checkout's src/cli/bin.js, to compare before and after.
 * Peak RSS comes from /usr/bin/time -v (Linux); without it only the time is shown.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REPO, table } from './support.js';

const MB = Number(process.env.BENCH_INGEST_MB ?? 200);
const NEAR = process.env.BENCH_INGEST_NEAR_DUP ?? '1';
const BIN = resolve(process.env.BENCH_INGEST_BIN ?? resolve(REPO, 'src/cli/bin.js'));
const DIR = process.env.BENCH_INGEST_DIR ?? join(tmpdir(), `distillery-ingest-${MB}mb`);
const TIME = '/usr/bin/time';
const useTime = existsSync(TIME) && spawnSync(TIME, ['-v', 'true'], { stdio: 'ignore' }).status === 0;

/** Distinct prose from an 8,000-word made-up vocabulary (xorshift), so no two passages are near duplicates. */
function generate(dir: string, megabytes: number): void {
  mkdirSync(dir, { recursive: true });
  let s = 0x9e3779b9;
  const rnd = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
  const syl = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'shi', 'po', 'ven', 'dar', 'el', 'ost', 'qua', 'ri', 'bel', 'tor', 'im', 'sa', 'gu', 'fen'];
  const vocab = Array.from({ length: 8000 }, () => Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => syl[Math.floor(rnd() * syl.length)]).join(''));
  const sentence = () => {
    const w = Array.from({ length: 6 + Math.floor(rnd() * 14) }, () => vocab[Math.floor(rnd() * vocab.length)]!);
    w[0] = w[0]![0]!.toUpperCase() + w[0]!.slice(1);
    return w.join(' ') + '.';
  };
  const paragraph = () => Array.from({ length: 3 + Math.floor(rnd() * 5) }, sentence).join(' ');
  const total = megabytes * 2 ** 20;
  const FILE = 16 * 2 ** 20;
  for (let written = 0, k = 0; written < total; k++) {
    const jsonl = k % 2 === 1;
    const fd = openSync(join(dir, `part-${String(k).padStart(4, '0')}.${jsonl ? 'jsonl' : 'md'}`), 'w');
    const limit = Math.min(FILE, total - written);
    for (let fw = 0, rec = 0; fw < limit; ) {
      const chunk = jsonl
        ? JSON.stringify({ id: `${k}-${rec++}`, text: Array.from({ length: 2 + Math.floor(rnd() * 6) }, paragraph).join('\n\n') }) + '\n'
        : (rnd() < 0.1 ? `## ${sentence()}\n\n` : '') + paragraph() + '\n\n';
      const b = Buffer.from(chunk);
      writeSync(fd, b);
      fw += b.length;
      written += b.length;
    }
    closeSync(fd);
  }
}

const size = () => (existsSync(DIR) ? readdirSync(DIR).reduce((n, f) => n + statSync(join(DIR, f)).size, 0) : 0);
if (Math.abs(size() - MB * 2 ** 20) > 2 ** 20) {
  rmSync(DIR, { recursive: true, force: true });
  generate(DIR, MB);
}
const db = join(tmpdir(), `distillery-ingest-bench-${process.pid}.db`);
const args = [
  BIN, 'run', resolve(REPO, 'pipelines/backtranslation.yaml'), '--teacher', 'sim', '--db', db, '--target', '1000000000',
  '--set', `params.corpus.paths=[${DIR}]`, '--set', `params.corpus.near_dup_threshold=${NEAR}`, '--set', 'budget.max_calls=1',
];
const t0 = performance.now();
const r = useTime ? spawnSync(TIME, ['-v', process.execPath, ...args], { cwd: REPO, encoding: 'utf8' }) : spawnSync(process.execPath, args, { cwd: REPO, encoding: 'utf8' });
const seconds = (performance.now() - t0) / 1000;
const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '');
const passages = /from (\d+) passages/.exec(r.stdout ?? '')?.[1] ?? '?';
for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
// 3: paused at the budget (max_calls 1), right after ingestion, as intended.
if (r.status !== 0 && r.status !== 3) {
  console.error(r.stdout, r.stderr);
  throw new Error(`the run exited with ${r.status ?? r.signal}`);
}
console.log(`ingest of ${(size() / 2 ** 20).toFixed(0)} MB (${DIR}), near_dup_threshold ${NEAR}, ${BIN}`);
console.log(
  table([
    ['corpus MB', 'seconds', 'peak RSS MB', 'exit'],
    [MB, seconds.toFixed(1), rss ? (Number(rss[1]) / 1024).toFixed(0) : 'n/a', String(r.status)],
  ]),
);
