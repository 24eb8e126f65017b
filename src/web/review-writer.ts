/**
 * The viewer's one writable connection, for review decisions only, opened at the first write
 * (so browsing never changes the file, not even its schema version). Pages keep reading through
 * the read-only connection.
 */
import { accessSync, constants } from 'node:fs';
import { dirname } from 'node:path';
import { openDb, type Db } from '../store/db.js';

export interface ReviewWriter {
  /** Why reviews cannot be written here, or undefined. */
  readonly unavailable: string | undefined;
  db(): Db;
  close(): void;
}

function writable(p: string): boolean {
  try {
    accessSync(p, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export function reviewWriter(dbPath: string): ReviewWriter {
  let db: Db | undefined;
  // SQLite writes -wal and -shm files beside the database: the folder must be writable too.
  const unavailable = !writable(dbPath) || !writable(dirname(dbPath)) ? `${dbPath} cannot be written (a read-only file or folder): the viewer only reads it` : undefined;
  return {
    unavailable,
    db() {
      if (unavailable) throw new Error(unavailable);
      db ??= openDb(dbPath);
      return db;
    },
    close() {
      db?.close();
      db = undefined;
    },
  };
}

/** For in-process use (tests): an already open writable connection. */
export function writerOf(db: Db): ReviewWriter {
  return { unavailable: undefined, db: () => db, close: () => undefined };
}
