import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

export class StoreError extends Error {
  override name = 'StoreError';
}

/** Open (creating if needed) a Distillery database, in WAL mode, migrated to the latest schema. */
export function openDb(path: string, opts: { readonly?: boolean } = {}): Db {
  if (!opts.readonly && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  if (opts.readonly && path !== ':memory:' && !existsSync(path)) {
    throw new StoreError(`${path}: no database here (run a pipeline first, or point --db at one)`);
  }
  let db: Db;
  try {
    db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  } catch (err) {
    throw new StoreError(`${path}: cannot open database (${(err as Error).message})`);
  }
  try {
    db.pragma('busy_timeout = 5000');
    if (opts.readonly) {
      assertKnownVersion(db, path);
      return db;
    }
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode keeps every committed transaction across a process crash (not a power cut).
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, path);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof StoreError) throw err;
    throw new StoreError(`${path}: not a usable Distillery database (${(err as Error).message})`);
  }
}

function assertKnownVersion(db: Db, path: string): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new StoreError(`${path}: database schema version ${version} is newer than this Distillery (${MIGRATIONS.length}); upgrade Distillery`);
  }
  return version;
}

function migrate(db: Db, path: string): void {
  const version = assertKnownVersion(db, path);
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

export function nowIso(): string {
  return new Date().toISOString();
}

/** An in-memory, migrated copy of a database file (or an empty one when the file does not exist). */
export function openMemoryCopy(path: string): Db {
  let db: Db;
  if (existsSync(path)) {
    const source = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const image = source.serialize();
      // The header of a WAL-mode file says so (bytes 18-19 = 2); an in-memory copy must be rollback mode.
      image[18] = 1;
      image[19] = 1;
      db = new Database(image);
    } finally {
      source.close();
    }
  } else {
    db = new Database(':memory:');
  }
  db.pragma('foreign_keys = ON');
  migrate(db, path);
  return db;
}
