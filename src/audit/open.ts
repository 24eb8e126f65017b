// Opening a database for the audit commands (status, show, samples, report, serve): read-only.
import { openDb, type Db } from '../store/db.js';
import { latestRun } from '../store/audit.js';
import { findRun, type RunRow } from '../store/runs.js';
import { usageError } from './usage-error.js';

export { usageError };

/** Open a database for reading only: the audit never writes. */
export function openForAudit(path: string): Db {
  const db = openDb(path, { readonly: true });
  db.pragma('query_only = ON');
  return db;
}

/** A run by name or id; without a reference, the most recently updated run. */
export function resolveRun(db: Db, ref: string | undefined, dbPath: string): RunRow {
  const run = ref === undefined ? latestRun(db) : findRun(db, ref);
  if (!run) throw usageError(ref === undefined ? `no runs in ${dbPath}` : `no run "${ref}" in ${dbPath} (see: npx distillery runs --db ${dbPath})`);
  return run;
}
