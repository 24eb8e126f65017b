// Every file Distillery writes is complete or absent (issue 21 item 1): export (every format,
// the hf folder included), dedup's two files and the HTML report, spawned as a user runs them,
// into a real full tmpfs and a real read-only one. A failure is one line naming the file and the
// cause, exit 1, and leaves nothing behind: no partial file, no temporary, an earlier file untouched.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { spawnCli } from '../support/child.js';
import { mountTmpfs, unmount } from '../support/mounts.js';
import { pipeline, run } from '../support/runs.js';
import { readWithHyparquet, readWithParquetWasm } from '../export/readers.js';

let dir: string;
let db: string;
let full: string; // a 16 KB tmpfs: every output below is larger
let ro: string; // a read-only tmpfs
const mounted: string[] = [];
/** A file at a target before the command: it must be left exactly as it was. */
const EARLIER = 'an earlier file\n';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'distillery-atomic-'));
  db = join(dir, 'd.db');
  const result = await run(pipeline('self-instruct.yaml', { 'teacher.provider': 'sim', target: 60 }), db);
  expect(result.status).toBe('completed');
  full = join(dir, 'full');
  ro = join(dir, 'ro');
  mountTmpfs(full, '16k');
  mounted.push(full);
  mountTmpfs(ro, '16k', true);
  mounted.push(ro);
});
afterAll(() => {
  for (const m of mounted.reverse()) unmount(m);
  if (dir) rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  if (!full) return;
  for (const e of readdirSync(full)) rmSync(join(full, e), { recursive: true, force: true });
});

async function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const c = spawnCli(args);
  const { code } = await c.exited;
  return { code, stdout: c.stdout(), stderr: c.stderr() };
}

/** One error line (no stack) naming `path` and the cause; nothing on stdout claiming success. */
function expectWriteFailure(r: { code: number | null; stdout: string; stderr: string }, path: string, cause: RegExp): void {
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain(`error: cannot write ${path}`);
  expect(r.stderr).toMatch(cause);
  expect(r.stdout).not.toMatch(/exported|written to|kept:/);
  expect(r.code).toBe(1);
}

const ENOSPC = /no space left on device \(ENOSPC\)/;
const EROFS = /read-only file system \(EROFS\)/;

describe('export into a full disk', () => {
  for (const [format, name] of [
    ['jsonl', 'out.jsonl'],
    ['alpaca', 'out.json'],
    ['sharegpt', 'out.json'],
    ['parquet', 'out.parquet'],
  ] as const) {
    // The case: the first write is short (16 KB of a larger file) and nothing said so.
    it(`${format}: not a truncated file and "exported": exit 1, one line naming the file and ENOSPC, no file left`, async () => {
      const target = join(full, name);
      const r = await cli(['export', 'self-instruct', '--format', format, '--out', target, '--db', db]);
      expectWriteFailure(r, target, ENOSPC);
      expect(readdirSync(full)).toEqual([]);
    });

    it(`${format}: an earlier file at the target is left untouched, no temporary beside it`, async () => {
      const target = join(full, name);
      writeFileSync(target, EARLIER);
      const r = await cli(['export', 'self-instruct', '--format', format, '--out', target, '--db', db]);
      expectWriteFailure(r, target, ENOSPC);
      expect(readdirSync(full)).toEqual([name]);
      expect(readFileSync(target, 'utf8')).toBe(EARLIER);
    });
  }

  it('with splits: no split file is written when one of them does not fit', async () => {
    const r = await cli(['export', 'self-instruct', '--format', 'jsonl', '--split', 'train=0.5,test=0.5', '--out', join(full, 'out.jsonl'), '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(ENOSPC);
    expect(readdirSync(full)).toEqual([]);
  });

  it('hf: no folder and no temporary folder left; an earlier folder there untouched', async () => {
    const target = join(full, 'hf');
    mkdirSync(target);
    writeFileSync(join(target, 'README.md'), EARLIER);
    const r = await cli(['export', 'self-instruct', '--format', 'hf', '--force', '--out', target, '--db', db]);
    expectWriteFailure(r, join(target, 'data', 'train-00000-of-00001.parquet'), ENOSPC);
    expect(readdirSync(full)).toEqual(['hf']);
    expect(readdirSync(target)).toEqual(['README.md']);
    expect(readFileSync(join(target, 'README.md'), 'utf8')).toBe(EARLIER);
  });
});

describe('export into a read-only folder', () => {
  it('jsonl: exit 1, one line naming the file and EROFS', async () => {
    const target = join(ro, 'out.jsonl');
    expectWriteFailure(await cli(['export', 'self-instruct', '--format', 'jsonl', '--out', target, '--db', db]), target, EROFS);
    expect(readdirSync(ro)).toEqual([]);
  });

  it('hf into a folder to create: EROFS (not a misleading ENOENT)', async () => {
    const target = join(ro, 'sub', 'hf');
    expectWriteFailure(await cli(['export', 'self-instruct', '--format', 'hf', '--out', target, '--db', db]), target, EROFS);
    expect(readdirSync(ro)).toEqual([]);
  });
});

describe('dedup into a full disk', () => {
  let rows: string;
  beforeAll(() => {
    // 3,000 copies of one row: the kept file is one line and fits, the rejected file does not.
    rows = join(dir, 'rows.jsonl');
    writeFileSync(rows, `${JSON.stringify({ instruction: 'Write a haiku about the sea at night.' })}\n`.repeat(3000));
  });

  it('the rejected file does not fit: neither file is written, no temporary, exit 1 naming it', async () => {
    const kept = join(full, 'k.jsonl');
    const rejected = join(full, 'r.jsonl');
    const r = await cli(['dedup', rows, '--workers', '0', '--out', kept, '--rejected', rejected]);
    expectWriteFailure(r, rejected, ENOSPC);
    expect(readdirSync(full)).toEqual([]);
  });

  it('an earlier rejected file is left untouched', async () => {
    const kept = join(full, 'k.jsonl');
    const rejected = join(full, 'r.jsonl');
    writeFileSync(rejected, EARLIER);
    const r = await cli(['dedup', rows, '--workers', '0', '--out', kept, '--rejected', rejected]);
    expectWriteFailure(r, rejected, ENOSPC);
    expect(readdirSync(full)).toEqual(['r.jsonl']);
    expect(readFileSync(rejected, 'utf8')).toBe(EARLIER);
  });

  it('into a read-only folder: exit 1 naming the kept file and EROFS', async () => {
    const kept = join(ro, 'k.jsonl');
    expectWriteFailure(await cli(['dedup', rows, '--workers', '0', '--out', kept, '--rejected', join(ro, 'r.jsonl')]), kept, EROFS);
    expect(readdirSync(ro)).toEqual([]);
  });

  it('written whole where there is room (the same files, byte for byte as before)', async () => {
    const kept = join(dir, 'k.jsonl');
    const rejected = join(dir, 'r.jsonl');
    const r = await cli(['dedup', rows, '--workers', '0', '--out', kept, '--rejected', rejected]);
    expect(r.code).toBe(0);
    expect(readFileSync(kept, 'utf8').split('\n')).toHaveLength(2);
    const lines = readFileSync(rejected, 'utf8').split('\n');
    expect(lines).toHaveLength(3000);
    expect(lines.at(-1)).toBe('');
    for (const l of lines.slice(0, -1)) JSON.parse(l);
  });
});

describe('report into a full disk or a read-only folder', () => {
  it('full: exit 1 naming the report and ENOSPC, no file left', async () => {
    const target = join(full, 'report.html');
    expectWriteFailure(await cli(['report', 'self-instruct', '--out', target, '--db', db]), target, ENOSPC);
    expect(readdirSync(full)).toEqual([]);
  });

  it('full: the earlier report untouched, no temporary', async () => {
    const target = join(full, 'report.html');
    writeFileSync(target, EARLIER);
    expectWriteFailure(await cli(['report', 'self-instruct', '--out', target, '--db', db]), target, ENOSPC);
    expect(readdirSync(full)).toEqual(['report.html']);
    expect(readFileSync(target, 'utf8')).toBe(EARLIER);
  });

  it('read-only: exit 1 naming the report and EROFS', async () => {
    const target = join(ro, 'report.html');
    expectWriteFailure(await cli(['report', 'self-instruct', '--out', target, '--db', db]), target, EROFS);
    expect(readdirSync(ro)).toEqual([]);
  });
});

describe('where there is room', () => {
  it('every format is written whole and nothing else is left beside it', async () => {
    const out = join(dir, 'ok');
    mkdirSync(out);
    for (const [format, name] of [
      ['jsonl', 'a.jsonl'],
      ['alpaca', 'b.json'],
      ['parquet', 'c.parquet'],
      ['hf', 'hf'],
    ] as const) {
      const r = await cli(['export', 'self-instruct', '--format', format, '--out', join(out, name), '--db', db]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    expect(readdirSync(out).sort()).toEqual(['a.jsonl', 'b.json', 'c.parquet', 'hf']);
    expect(readdirSync(join(out, 'hf')).sort()).toEqual(['README.md', 'data']);
    // Every accepted instance, each file whole.
    const h = openDb(db, { readonly: true });
    const n = (h.prepare(`SELECT COUNT(*) AS n FROM samples WHERE kind = 'instance' AND status = 'accepted'`).get() as { n: number }).n;
    h.close();
    expect(n).toBeGreaterThan(60);
    expect(JSON.parse(readFileSync(join(out, 'b.json'), 'utf8'))).toHaveLength(n);
    expect(readFileSync(join(out, 'a.jsonl'), 'utf8').trimEnd().split('\n')).toHaveLength(n);
    // The checked Parquet writer: the file reads back whole with two independent readers.
    expect((await readWithHyparquet(join(out, 'c.parquet'))).rows).toHaveLength(n);
    expect(readWithParquetWasm(join(out, 'c.parquet')).rows).toHaveLength(n);
    expect((await readWithHyparquet(join(out, 'hf', 'data', 'train-00000-of-00001.parquet'))).rows).toHaveLength(n);
  });
});
