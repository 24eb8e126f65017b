import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { APPLICATION_ID, MIGRATIONS } from '../../src/store/migrations.js';
import { openDb } from '../../src/store/db.js';
import { spawnCli } from '../support/child.js';
import { tempDir } from '../support/tmp.js';

/** Distillery opens only its own databases, and changes nothing in a file it refuses. */
describe('own databases only', () => {
  const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
  /** The files next to `db` that belong to it (the database, its -wal, -shm, -journal). */
  const filesOf = (db: string) => readdirSync(dirname(db)).filter((f) => f.startsWith(basename(db))).sort();

  const commands = (db: string): string[][] => [
    ['run', 'pipelines/self-instruct.yaml', '--teacher', 'sim', '--db', db, '--target', '5', '--name', 'mine'],
    ['resume', 'mine', '--db', db],
    ['plan', 'pipelines/self-instruct.yaml', '--teacher', 'sim', '--db', db, '--target', '5'],
    ['runs', '--db', db],
    ['status', '--db', db],
  ];

  /** Every command refuses the file with one message (exit 2, no stack trace) and leaves it byte-identical. */
  async function refusedUnchanged(db: string, message: RegExp): Promise<void> {
    const before = sha(db);
    const files = filesOf(db);
    for (const args of commands(db)) {
      const child = spawnCli(args);
      const { code } = await child.exited;
      expect(sha(db), `${args[0]} changed the file`).toBe(before);
      expect(filesOf(db), `${args[0]} left files beside it`).toEqual(files);
      expect(code, `${args[0]}: ${child.stderr()}`).toBe(2);
      expect(child.stderr(), args[0]).toMatch(message);
      // One message: a single error line, no stack trace (run and plan say which teacher first).
      expect(child.stderr().split('\n').filter((l) => l.startsWith('error:')), args[0]).toHaveLength(1);
      expect(child.stderr(), args[0]).not.toMatch(/\n\s+at /);
    }
  }

  it("refuses another application's SQLite file and leaves it byte-identical (no -wal)", async () => {
    const dir = tempDir();
    const db = join(dir, 'app.sqlite');
    const h = new Database(db);
    h.exec(`CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL); INSERT INTO users (name) VALUES ('ada'), ('alan');`);
    h.close();
    expect(filesOf(db)).toEqual(['app.sqlite']);
    await refusedUnchanged(db, /^error: .*app\.sqlite: not a Distillery database \(tables of another application: users\); refusing to change it/m);
  }, 120_000);

  it('refuses a file whose user_version another application set, even with no tables', async () => {
    const dir = tempDir();
    const db = join(dir, 'versioned.sqlite');
    const h = new Database(db);
    h.pragma('user_version = 7');
    h.close();
    await refusedUnchanged(db, /not a Distillery database \(user_version 7 set by another application\)/);
  }, 120_000);

  it('refuses a database of a newer Distillery, naming its version and ours, and leaves it unchanged', async () => {
    const dir = tempDir();
    const db = join(dir, 'future.db');
    openDb(db).close();
    const h = new Database(db);
    h.pragma('journal_mode = DELETE');
    h.pragma(`user_version = ${MIGRATIONS.length + 90}`);
    h.close();
    expect(filesOf(db)).toEqual(['future.db']);
    await refusedUnchanged(db, new RegExp(`newer Distillery \\(database schema version ${MIGRATIONS.length + 90}; this Distillery knows up to ${MIGRATIONS.length}\\)`));
  }, 120_000);

  it('accepts an empty SQLite file for a run; read commands say there is no database in it yet and change nothing', async () => {
    const dir = tempDir();
    const zero = join(dir, 'zero.db');
    writeFileSync(zero, '');
    const blank = join(dir, 'blank.db');
    const h = new Database(blank);
    h.exec(`CREATE TABLE scratch (a); DROP TABLE scratch;`); // a real SQLite header, no tables
    h.close();
    for (const db of [zero, blank]) {
      const before = sha(db);
      for (const args of [
        ['runs', '--db', db],
        ['status', '--db', db],
      ]) {
        const read = spawnCli(args);
        expect((await read.exited).code, read.stderr()).toBe(2);
        expect(read.stderr()).toMatch(/^error: .*: no Distillery database here \(the file has no tables/m);
        expect(sha(db)).toBe(before);
      }
      const run = spawnCli(['run', 'pipelines/self-instruct.yaml', '--teacher', 'sim', '--db', db, '--target', '5', '--name', 'fresh']);
      expect((await run.exited).code, run.stderr()).toBe(0);
      const runs = spawnCli(['runs', '--db', db]);
      expect((await runs.exited).code, runs.stderr()).toBe(0);
      expect(runs.stdout()).toContain('fresh');
      const d = new Database(db, { readonly: true });
      expect(d.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      d.close();
    }
  }, 120_000);

  it('opens and upgrades a database of an earlier Distillery (schema 2, no application id), keeping its runs', async () => {
    const dir = tempDir();
    const db = join(dir, 'old.db');
    // A file as the first releases wrote it: migrations 1 and 2, user_version 2, WAL.
    const h = new Database(db);
    h.pragma('journal_mode = WAL');
    h.exec(MIGRATIONS[0]!);
    h.exec(MIGRATIONS[1]!);
    h.pragma('user_version = 2');
    h.prepare(`INSERT INTO runs (name, method, config_json, config_hash, seed, provider, model, status, target, tool_version, created_at, updated_at)
      VALUES ('old', 'self-instruct', '{}', 'h', 1, 'sim', 'm', 'completed', 1, '0.0.1', '2024-01-01', '2024-01-01')`).run();
    h.close();
    const runs = spawnCli(['runs', '--db', db]);
    expect((await runs.exited).code, runs.stderr()).toBe(0);
    expect(runs.stdout()).toContain('old');
    const opened = openDb(db);
    expect(opened.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(opened.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(opened.prepare(`SELECT name FROM runs`).all()).toEqual([{ name: 'old' }]);
    opened.close();
  }, 60_000);
});
