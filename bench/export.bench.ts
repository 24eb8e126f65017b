/**
 * Export benchmark: seconds and peak RSS of `distillery export` to JSONL and Parquet at 100K and 1M
 * rows, to show that memory stays flat (rows stream from SQLite, Parquet row groups are written as
 * they fill).
 *
 *   npx tsx bench/export.bench.ts                       # 100K and 1M rows
 *   BENCH_EXPORT_SIZES=20000,200000 npx tsx bench/export.bench.ts
 *
 * Each export runs in a child process of its own that samples process.memoryUsage().rss every
 * 20 ms, so one measurement never inherits the heap of another (or of the data generation).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportRun } from '../src/export/export.js';
import type { Format } from '../src/export/types.js';
import { openDb } from '../src/store/db.js';
import { createRun } from '../src/store/runs.js';

const THIS_FILE = fileURLToPath(import.meta.url);
const FORMATS: Format[] = ['jsonl', 'parquet'];
const MB = 1024 * 1024;

interface ChildReport {
  format: Format;
  rows: number;
  seconds: number;
  baselineRssMb: number;
  peakRssMb: number;
  outputMb: number;
}

const WORDS = (
  'the a of to and in for on with by from about write explain list describe compare summarize give classify ' +
  'short poem ocean garden city river climate energy budget recipe travel health music history science code ' +
  'function sentence paragraph customer message review article story question answer reason example step plan'
).split(' ');

/** A tiny deterministic word generator (xorshift32), so every size gets the same kind of text. */
function textGenerator(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  return (minWords: number, maxWords: number) => {
    const n = minWords + (next() % (maxWords - minWords + 1));
    const words: string[] = [];
    for (let i = 0; i < n; i++) words.push(WORDS[next() % WORDS.length]!);
    return words.join(' ');
  };
}

/** `rows` accepted instances (plus one rejected per ten) in a fresh database, in one transaction. */
export function generateDb(path: string, rows: number): { seconds: number; sizeMb: number } {
  const started = performance.now();
  const db = openDb(path);
  const run = createRun(db, {
    name: 'bench',
    method: 'self-instruct',
    configJson: JSON.stringify({ name: 'bench', method: 'self-instruct', teacher: { provider: 'sim', model: 'bench' } }),
    configHash: 'bench',
    configFile: null,
    seed: 42,
    provider: 'sim',
    model: 'bench',
    simulated: true,
    target: rows,
    toolVersion: 'bench',
  });
  const insert = db.prepare(
    `INSERT INTO samples (run_id, kind, stage, wave, instruction, input, output, status, reason, content_hash, created_at)
     VALUES (?, 'instance', 'generate-instances', ?, ?, ?, ?, ?, ?, ?, '2026-01-01T00:00:00.000Z')`,
  );
  const words = textGenerator(rows);
  const total = rows + Math.floor(rows / 10);
  db.transaction(() => {
    for (let i = 0; i < total; i++) {
      const rejected = i % 11 === 10;
      insert.run(run.id, Math.floor(i / 100), words(6, 20), i % 2 ? words(4, 16) : '', words(20, 80), rejected ? 'rejected' : 'accepted', rejected ? 'bench' : null, `h${i}`);
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { seconds: (performance.now() - started) / 1000, sizeMb: statSync(path).size / MB };
}

/** In the child: export once while sampling RSS, print one JSON line. */
async function child(dbPath: string, format: Format, out: string): Promise<void> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  const result = await exportRun({ dbPath, run: 'bench', format, out });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const report: ChildReport = {
    format,
    rows: result.rows,
    seconds,
    baselineRssMb: baseline / MB,
    peakRssMb: peak / MB,
    outputMb: statSync(out).size / MB,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

function measure(dbPath: string, format: Format, out: string): ChildReport {
  const r = spawnSync(process.execPath, ['--import', 'tsx', THIS_FILE, '--child', dbPath, format, out], { encoding: 'utf8', maxBuffer: 16 * MB });
  if (r.status !== 0) throw new Error(`export child failed (${r.status}): ${r.stderr}`);
  const line = r.stdout.trim().split('\n').pop()!;
  return JSON.parse(line) as ChildReport;
}

export async function main(): Promise<void> {
  const sizes = (process.env.BENCH_EXPORT_SIZES ?? '100000,1000000')
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
  const dir = mkdtempSync(join(tmpdir(), 'distillery-export-bench-'));
  const reports: (ChildReport & { size: number })[] = [];
  try {
    console.log(`export bench: sizes ${sizes.join(', ')}; node ${process.version}`);
    for (const size of sizes) {
      const dbPath = join(dir, `bench-${size}.db`);
      const gen = generateDb(dbPath, size);
      console.log(`generated ${size} rows (+${Math.floor(size / 10)} rejected) in ${gen.seconds.toFixed(1)} s, database ${gen.sizeMb.toFixed(0)} MB`);
      for (const format of FORMATS) {
        const out = join(dir, `out-${size}.${format}`);
        const r = measure(dbPath, format, out);
        if (r.rows !== size) throw new Error(`${format} at ${size}: exported ${r.rows} rows`);
        reports.push({ ...r, size });
        console.log(
          `  ${format.padEnd(8)} ${String(size).padStart(8)} rows  ${r.seconds.toFixed(2).padStart(6)} s  ${Math.round(size / r.seconds).toLocaleString('en-US').padStart(9)} rows/s  ` +
            `peak RSS ${r.peakRssMb.toFixed(0)} MB (baseline ${r.baselineRssMb.toFixed(0)} MB)  output ${r.outputMb.toFixed(0)} MB`,
        );
        rmSync(out, { force: true });
      }
      rmSync(dbPath, { force: true });
      rmSync(`${dbPath}-wal`, { force: true });
      rmSync(`${dbPath}-shm`, { force: true });
    }
    if (sizes.length > 1) {
      const small = Math.min(...sizes);
      const large = Math.max(...sizes);
      for (const format of FORMATS) {
        const a = reports.find((r) => r.size === small && r.format === format)!;
        const b = reports.find((r) => r.size === large && r.format === format)!;
        const ratio = b.peakRssMb / a.peakRssMb;
        console.log(`${format}: peak RSS ${a.peakRssMb.toFixed(0)} MB at ${small} rows, ${b.peakRssMb.toFixed(0)} MB at ${large} rows (x${ratio.toFixed(2)} for x${large / small} rows): ${ratio < 1.5 ? 'flat' : 'NOT FLAT'}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  await child(process.argv[3]!, process.argv[4] as Format, process.argv[5]!);
} else if (process.argv[1] === THIS_FILE) {
  await main();
}
