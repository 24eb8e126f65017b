// Every expected error path is one message and exit 2 (bad input) or 1 (a failure), never a stack
// trace (issue 21 item 6); `--debug` shows the stack. The real CLI, spawned as a user runs it.
import { copyFileSync, mkdirSync, mkdtempSync, openSync, closeSync, readdirSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../support/child.js';
import { bindReadOnly, mountTmpfs, unmount } from '../support/mounts.js';
import { REPO } from '../support/paths.js';
import { pipeline, run } from '../support/runs.js';

let dir: string;
let db: string;
const mounted: string[] = [];
const SELF_INSTRUCT = resolve(REPO, 'pipelines', 'self-instruct.yaml');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'distillery-errors-'));
  db = join(dir, 'd.db');
  const result = await run(pipeline('self-instruct.yaml', { 'teacher.provider': 'sim', target: 60 }), db);
  expect(result.status).toBe('completed');
});
afterAll(() => {
  for (const m of mounted.reverse()) unmount(m);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const c = spawnCli(args);
  const { code } = await c.exited;
  return { code, stdout: c.stdout(), stderr: c.stderr() };
}

/** One `error:` line (no stack trace, no hint), with this exit code, matching `message`. */
function expectOneLine(r: { code: number | null; stderr: string }, code: 1 | 2, message: RegExp): void {
  expect(r.stderr).not.toMatch(/^ {4}at /m);
  const lines = r.stderr.trim().split('\n');
  const errors = lines.filter((l) => l.startsWith('error: '));
  expect(errors, r.stderr).toHaveLength(1);
  expect(errors[0]).toMatch(message);
  expect(r.code).toBe(code);
}

describe('a YAML alias bomb', () => {
  let bomb: string;
  beforeAll(() => {
    bomb = join(dir, 'bomb.yaml');
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (const [i, name] of ['b', 'c', 'd', 'e', 'f'].entries()) {
      const prev = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    writeFileSync(bomb, `${levels.join('\n')}\n`);
  });

  it('run: exit 2, the file named and what is wrong', async () => {
    const r = await cli(['run', bomb, '--teacher', 'sim', '--db', join(dir, 'bomb.db')]);
    expectOneLine(r, 2, /bomb\.yaml:\d+: invalid YAML: its aliases expand too much/);
  });

  it('plan: the same', async () => {
    expectOneLine(await cli(['plan', bomb, '--teacher', 'sim']), 2, /bomb\.yaml:\d+: invalid YAML: its aliases expand too much/);
  });
});

describe('a damaged database', () => {
  it('garbage bytes in a .db file: exit 2 naming the file', async () => {
    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7919 + 13) % 251)));
    for (const cmd of [['status'], ['runs'], ['export', 'x', '--format', 'jsonl', '--out', join(dir, 'x.jsonl')]]) {
      expectOneLine(await cli([...cmd, '--db', garbage]), 2, /garbage\.db: not a usable Distillery database \(file is not a database\)/);
    }
  });

  it('a real database with damaged pages (found by a query, not at open): exit 2 naming the file and SQLITE_CORRUPT', async () => {
    const damaged = join(dir, 'damaged.db');
    copyFileSync(db, damaged);
    // Keep the header and the schema (page 1); overwrite the second half of the file.
    const size = statSync(damaged).size;
    const fd = openSync(damaged, 'r+');
    writeSync(fd, Buffer.alloc(Math.floor(size / 2), 0xff), 0, Math.floor(size / 2), size - Math.floor(size / 2));
    closeSync(fd);
    for (const cmd of [
      ['status'],
      ['runs'],
      ['report', 'self-instruct', '--out', join(dir, 'r.html')],
      ['export', 'self-instruct', '--format', 'jsonl', '--out', join(dir, 'y.jsonl')],
    ]) {
      const r = await cli([...cmd, '--db', damaged]);
      expectOneLine(r, 2, /damaged\.db: the database file is damaged \(SQLITE_CORRUPT/);
    }
    expect(readdirSync(dir)).not.toContain('y.jsonl');
  });
});

describe('a read-only database (a read-only bind mount)', () => {
  let roDb: string;
  beforeAll(() => {
    const src = join(dir, 'ro-src');
    mkdirSync(src);
    copyFileSync(db, join(src, 'd.db'));
    // A rollback-journal copy too: SQLite opens it read-only and fails only at the first write.
    copyFileSync(db, join(src, 'journal.db'));
    const j = new Database(join(src, 'journal.db'));
    j.pragma('journal_mode = DELETE');
    j.close();
    const ro = join(dir, 'ro');
    bindReadOnly(src, ro);
    mounted.push(ro);
    roDb = join(ro, 'd.db');
  });

  it('run into it: one line naming the file, no stack trace', async () => {
    const r = await cli(['run', SELF_INSTRUCT, '--teacher', 'sim', '--target', '300', '--db', roDb]);
    expectOneLine(r, 2, /ro\/d\.db: /);
  });

  it('a journal-mode database, opened read-only by SQLite: the write fails in one line saying read-only', async () => {
    const r = await cli(['resume', 'self-instruct', '--db', join(dir, 'ro', 'journal.db')]);
    expectOneLine(r, 2, /ro\/journal\.db: .*read-?only/);
  });
});

describe('a full disk under the database', () => {
  it('run: exit 1, the database named, "disk is full", how to go on', async () => {
    const fullDir = join(dir, 'full-db');
    mountTmpfs(fullDir, '400k');
    mounted.push(fullDir);
    const r = await cli(['run', SELF_INSTRUCT, '--teacher', 'sim', '--target', '2000', '--db', join(fullDir, 'd.db')]);
    expectOneLine(r, 1, /full-db\/d\.db: cannot write the database: the disk is full \(SQLITE_FULL\).*resumes/);
  });
});

describe('an export target that is full or read-only', () => {
  let full: string;
  let ro: string;
  beforeAll(() => {
    full = join(dir, 'full-out');
    mountTmpfs(full, '16k');
    mounted.push(full);
    ro = join(dir, 'ro-out');
    mountTmpfs(ro, '16k', true);
    mounted.push(ro);
  });

  it('full: exit 1 naming the file and ENOSPC', async () => {
    const r = await cli(['export', 'self-instruct', '--format', 'alpaca', '--out', join(full, 'a.json'), '--db', db]);
    expectOneLine(r, 1, /cannot write .*full-out\/a\.json: no space left on device \(ENOSPC\)/);
    expect(r.stdout).toBe('');
  });

  it('read-only: exit 1 naming the file and EROFS', async () => {
    const r = await cli(['export', 'self-instruct', '--format', 'jsonl', '--out', join(ro, 'a.jsonl'), '--db', db]);
    expectOneLine(r, 1, /cannot write .*ro-out\/a\.jsonl: read-only file system \(EROFS\)/);
  });
});

describe('serve on a bad or busy port', () => {
  it('a port over 65535: exit 2, the range said', async () => {
    const r = await cli(['serve', '--db', db, '--port', '99999']);
    expect(r.stderr).not.toMatch(/^ {4}at /m);
    expect(r.stderr).toMatch(/--port must be a port number from 0 to 65535/);
    expect(r.code).toBe(2);
  });

  it('a busy port: exit 2, one line', async () => {
    const busy: Server = createServer();
    const port = await new Promise<number>((res) => busy.listen(0, '127.0.0.1', () => res((busy.address() as { port: number }).port)));
    try {
      expectOneLine(await cli(['serve', '--db', db, '--port', String(port)]), 2, new RegExp(`port ${port} is in use`));
    } finally {
      await new Promise<void>((res) => busy.close(() => res()));
    }
  });
});

describe('a foreign SQLite database', () => {
  it('status and runs: exit 2, one line naming the file, the file unchanged', async () => {
    const foreign = join(dir, 'foreign.db');
    const f = new Database(foreign);
    f.exec('CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)');
    f.close();
    const before = statSync(foreign).mtimeMs;
    for (const cmd of ['status', 'runs']) {
      expectOneLine(await cli([cmd, '--db', foreign]), 2, /foreign\.db: not a Distillery database \(tables of another application: users\)/);
    }
    expect(statSync(foreign).mtimeMs).toBe(before);
  });
});

describe('--debug', () => {
  it('shows the stack of an error after its one-line message; without it, no stack', async () => {
    const damaged = join(dir, 'damaged-debug.db');
    copyFileSync(db, damaged);
    const size = statSync(damaged).size;
    const fd = openSync(damaged, 'r+');
    writeSync(fd, Buffer.alloc(Math.floor(size / 2), 0xff), 0, Math.floor(size / 2), size - Math.floor(size / 2));
    closeSync(fd);
    const plain = await cli(['status', '--db', damaged]);
    expect(plain.stderr).not.toMatch(/^ {4}at /m);
    for (const args of [
      ['--debug', 'status', '--db', damaged],
      ['status', '--db', damaged, '--debug'],
    ]) {
      const r = await cli(args);
      expect(r.stderr.split('\n')[0]).toBe(plain.stderr.split('\n')[0]);
      expect(r.stderr).toMatch(/SqliteError: database disk image is malformed\n {4}at /);
      expect(r.code).toBe(plain.code);
    }
  });

  it('is in the help', async () => {
    expect((await cli(['--help'])).stdout).toMatch(/--debug\s+on an error, print its stack trace/);
  });
});
