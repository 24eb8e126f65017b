/**
 * The database `plan` plays a run on, in memory: every run row, and the whole of the runs the plan
 * continues or reads (their calls, samples, verdicts, lineage and waves). The file stays attached,
 * read only, and an answer another run stored is copied in when the journal first asks for its key
 * (`answersElsewhere`), so the play reuses exactly what a real run would. On a 300K-sample database
 * a copy of the whole file took 880 MB; this holds little more than the planned run.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import type { AnswersElsewhere, CallRow } from './calls.js';
import { assertOurs, inspectDb, migrate, StoreError, type Db } from './db.js';

const COPIED = ['runs', 'calls', 'samples', 'verdicts', 'lineage', 'waves'] as const;

export interface PlanCopy {
  db: Db;
  /** Other runs' stored answers, looked up in the file (undefined when there is no file). */
  answersElsewhere?: AnswersElsewhere;
}

export function openPlanCopy(path: string, runNames: readonly string[]): PlanCopy {
  const db = new Database(':memory:');
  // Off: what is copied points at rows left in the file (a kept run's lineage to another run's samples, a reused answer's source).
  db.pragma('foreign_keys = OFF');
  try {
    migrate(db, path);
    const answersElsewhere = existsSync(path) ? attach(db, path, runNames) : undefined;
    return answersElsewhere ? { db, answersElsewhere } : { db };
  } catch (err) {
    db.close();
    throw err;
  }
}

function attach(db: Db, path: string, runNames: readonly string[]): AnswersElsewhere | undefined {
  let source: Db;
  try {
    source = new Database(path, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new StoreError(`${path}: cannot open database (${(err as Error).message})`);
  }
  let state;
  try {
    state = inspectDb(source);
  } catch (err) {
    throw new StoreError(`${path}: not a usable Distillery database (${(err as Error).message})`);
  } finally {
    source.close();
  }
  if (assertOurs(state, path) === 0) return undefined;
  // Attached and only ever read from (this SQLite build takes no read-only URI); a file of an older
  // schema fills the columns it lacks with their defaults.
  db.prepare(`ATTACH DATABASE ? AS src`).run(path);
  const keep = (db.prepare(`SELECT id FROM src.runs WHERE name IN (SELECT value FROM json_each(?))`).all(JSON.stringify(runNames)) as { id: number }[]).map((r) => r.id);
  const inKept = `IN (SELECT value FROM json_each('${JSON.stringify(keep)}'))`;
  const where: Record<(typeof COPIED)[number], string> = {
    runs: '1',
    calls: `run_id ${inKept}`,
    samples: `run_id ${inKept}`,
    verdicts: `sample_id IN (SELECT id FROM src.samples WHERE run_id ${inKept})`,
    lineage: `child_id IN (SELECT id FROM src.samples WHERE run_id ${inKept})`,
    waves: `run_id ${inKept}`,
  };
  db.transaction(() => {
    for (const table of COPIED) {
      const list = common(db, table).join(', ');
      db.exec(`INSERT INTO main.${table} (${list}) SELECT ${list} FROM src.${table} WHERE ${where[table]}`);
    }
    // Verdicts from a file before schema 5 get their sample's run and kind.
    db.exec(`UPDATE main.verdicts SET (run_id, kind) = (SELECT s.run_id, s.kind FROM main.samples s WHERE s.id = verdicts.sample_id) WHERE run_id IS NULL`);
  })();
  // A copied-in answer gets an id of this database (the file's may be taken here by a new call).
  const callColumns = common(db, 'calls').filter((c) => c !== 'id');
  const cols = callColumns.join(', ');
  const find = db.prepare(`SELECT id FROM src.calls WHERE key = ? AND status = 'ok' AND run_id NOT ${inKept} ORDER BY id LIMIT 1`);
  const copyIn = db.prepare(`INSERT INTO main.calls (${cols}) SELECT ${cols} FROM src.calls WHERE id = ?`);
  const byId = db.prepare(`SELECT * FROM main.calls WHERE id = ?`);
  return (key) => {
    const found = find.get(key) as { id: number } | undefined;
    if (!found) return undefined;
    return byId.get(copyIn.run(found.id).lastInsertRowid) as CallRow;
  };
}

/** The columns a table has both in the file and in this version's schema. */
function common(db: Db, table: string): string[] {
  const names = (schema: string) => new Set((db.prepare(`PRAGMA ${schema}.table_info(${table})`).all() as { name: string }[]).map((c) => c.name));
  const theirs = names('src');
  return [...names('main')].filter((c) => theirs.has(c));
}
