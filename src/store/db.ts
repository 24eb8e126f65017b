import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { APPLICATION_ID, CORE_TABLES, MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

export class StoreError extends Error {
  override name = 'StoreError';
}

/**
 * How long a statement waits for another process's write lock before giving up with "database is
 * locked" (SQLite busy_timeout). Long enough for any one write transaction of a concurrent run
 * (they last milliseconds), shorter than a run lease's expiry.
 */
export const BUSY_TIMEOUT_MS = 15_000;

export interface OpenOptions {
  readonly?: boolean;
  /** Default BUSY_TIMEOUT_MS. */
  busyTimeoutMs?: number;
}

/**
 * Open (creating if needed) a Distillery database, in WAL mode, migrated to the latest schema.
 * Only Distillery's own databases are opened: a file with another application's tables or
 * user_version, or one from a newer Distillery, is refused before anything in it is changed
 * (its journal mode included). An empty SQLite file (no tables) becomes a Distillery database.
 * `readonly` opens never write, and refuse an empty file as "no database here".
 */
export function openDb(path: string, opts: OpenOptions = {}): Db {
  const readonly = opts.readonly ?? false;
  const timeout = opts.busyTimeoutMs ?? BUSY_TIMEOUT_MS;
  if (!readonly && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  if (readonly && path !== ':memory:' && !existsSync(path)) {
    throw new StoreError(`${path}: no database here (run a pipeline first, or point --db at one)`);
  }
  let db: Db;
  try {
    db = new Database(path, { readonly, fileMustExist: readonly, timeout });
  } catch (err) {
    const readOnlyWhy = readonly ? undefined : whyReadOnly(path, err);
    throw new StoreError(`${path}: ${readOnlyWhy ? `${readOnlyWhy}; a run needs to write there` : `cannot open database (${(err as Error).message})`}`);
  }
  try {
    db.pragma(`busy_timeout = ${timeout}`);
    // Read before anything is written: a file that is not ours is left exactly as it was.
    let state: DbState;
    try {
      state = inspectDb(db);
    } catch (err) {
      const copy = readonly ? readOnlyFolderCopy(path, err) : undefined;
      if (!copy) throw err;
      db.close();
      db = copy;
      state = inspectDb(db);
    }
    const version = assertOurs(state, path);
    if (readonly) {
      if (state.kind === 'empty') throw new StoreError(`${path}: no Distillery database here (the file has no tables; run a pipeline first, or point --db at one)`);
      return db;
    }
    walMode(db, timeout);
    // NORMAL in WAL mode keeps every committed transaction across a process crash (not a power cut).
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    if (version < MIGRATIONS.length) migrate(db, path);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof StoreError) throw err;
    const readOnlyWhy = readonly ? undefined : whyReadOnly(path, err);
    if (readOnlyWhy) throw new StoreError(`${path}: ${readOnlyWhy}; a run needs to write there (read commands such as status, report and export still work)`);
    throw new StoreError(`${path}: not a usable Distillery database (${(err as Error).message})`);
  }
}

/** Why `p` cannot be written (an errno code such as EROFS or EACCES), or undefined when it can. */
const notWritable = (p: string): string | undefined => {
  try {
    accessSync(p, constants.W_OK);
    return undefined;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? 'EACCES';
  }
};
const writable = (p: string): boolean => notWritable(p) === undefined;

/** Why a database cannot be written, when the error says so and the file or its folder is read-only. */
function whyReadOnly(path: string, err: unknown): string | undefined {
  const code = String((err as { code?: string }).code ?? '');
  if (!code.startsWith('SQLITE_READONLY') && !code.startsWith('SQLITE_CANTOPEN')) return undefined;
  const folder = dirname(path);
  const file = existsSync(path) ? notWritable(path) : undefined;
  if (file === 'EROFS' || (!file && notWritable(folder) === 'EROFS')) return `the database is read-only: its folder ${folder} is on a read-only file system (EROFS)`;
  if (file) return `the database is read-only: the file cannot be written (${file})`;
  if (notWritable(folder)) return `the database is read-only: its folder ${folder} cannot be written (${notWritable(folder)}), and SQLite writes its -wal and -shm files there`;
  return undefined;
}

/**
 * A WAL-mode database in a folder that cannot be written (a read-only mount) cannot be read in
 * place without its -shm file, which SQLite cannot create there (and this build of SQLite has no
 * `immutable` URI). When nothing is waiting in a -wal file, the main file holds every committed
 * transaction: it is read whole into memory and opened from there. Undefined when `err` is not that case.
 */
function readOnlyFolderCopy(path: string, err: unknown): Db | undefined {
  if (path === ':memory:' || !String((err as { code?: string }).code ?? '').startsWith('SQLITE_CANTOPEN')) return undefined;
  if (existsSync(`${path}-shm`) || writable(dirname(path))) return undefined;
  const wal = `${path}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) {
    throw new StoreError(
      `${path}: its folder is read-only and its last changes are still in ${wal} without the ${path}-shm file SQLite needs to read them; ` +
        'open it once where its folder can be written (or copy the three files there)',
    );
  }
  const image = readFileSync(path);
  // An in-memory database is in rollback mode: a WAL-mode header (bytes 18-19 = 2) says otherwise.
  if (image.length >= 20 && image[18] === 2) image[18] = image[19] = 1;
  const copy = new Database(image, { readonly: true });
  return copy;
}

/**
 * Switch to WAL. The switch needs an exclusive lock, and SQLite answers SQLITE_BUSY at once
 * (without waiting on busy_timeout) while another process reads or switches the same new file:
 * retry with short pauses until the busy timeout has passed. Once one process has switched, the
 * others find the file in WAL mode already.
 */
function walMode(db: Db, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pause + Math.random() * pause);
    }
  }
}

/** What a SQLite file holds, read without writing. */
export type DbState =
  | { kind: 'empty' }
  | { kind: 'ours'; version: number }
  | { kind: 'newer'; version: number }
  | { kind: 'foreign'; why: string };

export function inspectDb(db: Db): DbState {
  // One read transaction: the three reads see one snapshot, not a migration committed between them.
  const { appId, version, objects } = db.transaction(() => ({
    appId: db.pragma('application_id', { simple: true }) as number,
    version: db.pragma('user_version', { simple: true }) as number,
    objects: db.prepare(`SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY rowid`).all() as { type: string; name: string }[],
  }))();
  const tables = objects.filter((o) => o.type === 'table').map((o) => o.name);
  const versioned = (): DbState => (version > MIGRATIONS.length ? { kind: 'newer', version } : { kind: 'ours', version });
  if (appId === APPLICATION_ID) return versioned();
  if (appId !== 0) return { kind: 'foreign', why: `application_id ${appId} of another application` };
  if (objects.length === 0) return version === 0 ? { kind: 'empty' } : { kind: 'foreign', why: `user_version ${version} set by another application` };
  // Databases of the first schema versions carry no application id: they are known by their tables.
  if (version >= 1 && CORE_TABLES.every((t) => tables.includes(t))) return versioned();
  const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? `, ... (${tables.length} tables)` : '');
  const what = tables.length > 0 ? `tables of another application: ${shown}` : `another application's ${objects[0]!.type} ${objects[0]!.name}`;
  return { kind: 'foreign', why: version !== 0 ? `${what}; user_version ${version}` : what };
}

/** The schema version of one of our databases (0 for an empty file); refuses any other file. */
export function assertOurs(state: DbState, path: string): number {
  switch (state.kind) {
    case 'empty':
      return 0;
    case 'ours':
      return state.version;
    case 'newer':
      throw new StoreError(
        `${path}: made by a newer Distillery (database schema version ${state.version}; this Distillery knows up to ${MIGRATIONS.length}); upgrade Distillery to use it (the file was not changed)`,
      );
    case 'foreign':
      throw new StoreError(`${path}: not a Distillery database (${state.why}); refusing to change it. Point --db at a Distillery database, a new file or an empty one`);
  }
}

/**
 * Bring the schema up to date under the write lock: BEGIN IMMEDIATE first, then the version is
 * read again (another process may have migrated, or written, since it was first read), so
 * processes opening a new database at once apply each migration exactly once.
 */
export function migrate(db: Db, path: string): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    const version = assertOurs(inspectDb(db), path);
    for (let v = version; v < MIGRATIONS.length; v++) {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }
    db.exec('COMMIT');
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}

export function nowIso(): string {
  return new Date().toISOString();
}
