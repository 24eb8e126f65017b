import { ConfigError } from '../config/errors.js';

/**
 * How the CLI ends on an error (main.ts): one line `error: <message>` and exit 2 for bad input the
 * user can fix, exit 1 for a failure; never a stack trace unless --debug. Kept apart from main.ts
 * (which runs the CLI when imported) so that tests can call it.
 */

/** Errors the user can fix: one line, no stack trace, exit 2. */
const USER_ERRORS = new Set(['ConfigError', 'SeedFormatError', 'TemplateError', 'TeacherSetupError', 'StoreError', 'UsageError', 'DedupInputError', 'ExportError']);
/** Expected failures of the machine (disk full, read-only folder...): one line naming the file and the cause, exit 1. */
const FAILURES = new Set(['FileWriteError']);

/** What the command being run was given, for messages about errors that do not say it (a SQLite error names no file). */
export interface CommandContext {
  name?: string;
  args: string[];
  db?: string;
}

/** Printed after an unexpected error (one without a message of its own that says it all). */
export const DEBUG_HINT = '(an unexpected error: run the command again with --debug to see where it happened)';

/**
 * One message and an exit code for any error: 2 for bad input the user can fix, 1 for a failure.
 * `known` errors are expected ones (their message says all there is); others get a --debug hint.
 */
export function describeError(err: unknown, ctx: CommandContext): { message: string; code: 1 | 2; known: boolean } {
  if (!(err instanceof Error)) return { message: String(err), code: 1, known: false };
  if (err instanceof ConfigError || USER_ERRORS.has(err.name)) return { message: err.message, code: 2, known: true };
  if (FAILURES.has(err.name)) return { message: err.message, code: 1, known: true };
  // The yaml package's guard against alias bombs ("billion laughs"): the pipeline file is bad input.
  if (err instanceof ReferenceError && /alias count/i.test(err.message)) {
    const file = ctx.name === 'run' || ctx.name === 'plan' ? `${ctx.args[0] ?? 'the pipeline file'}: ` : '';
    return { message: `${file}invalid YAML: its aliases expand too much (more than 100 alias uses; an alias bomb?); write the values out instead`, code: 2, known: true };
  }
  const sqlite = sqliteMessage(err, ctx.db);
  if (sqlite) return { ...sqlite, known: true };
  const fs = (err as NodeJS.ErrnoException).code;
  if (typeof fs === 'string' && /^E[A-Z]+$/.test(fs) && (err as NodeJS.ErrnoException).syscall) {
    return { message: err.message, code: 1, known: true }; // Node's own message names the call, the cause and the path
  }
  return { message: err.message || err.name, code: 1, known: false };
}

/** better-sqlite3's errors (SqliteError, with a SQLITE_* code) name no file: say which database and what to do. */
function sqliteMessage(err: Error, db: string | undefined): { message: string; code: 1 | 2 } | undefined {
  const code = (err as { code?: unknown }).code;
  if (err.name !== 'SqliteError' || typeof code !== 'string') return undefined;
  const where = db ? `${db}: ` : 'the database: ';
  const base = code.split('_').slice(0, 2).join('_');
  switch (base) {
    case 'SQLITE_FULL':
      return { message: `${where}cannot write the database: the disk is full (${code}); free some space and run the command again (a run resumes where it stopped)`, code: 1 };
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return { message: `${where}the database file is damaged (${code}: ${err.message}); restore it from a copy, or recover what is readable with sqlite3's .recover`, code: 2 };
    case 'SQLITE_READONLY':
      return { message: `${where}cannot write the database: it is read-only (${code}: ${err.message}); use a writable copy or folder`, code: 1 };
    case 'SQLITE_CANTOPEN':
      return { message: `${where}cannot open the database (${code}: ${err.message})`, code: 1 };
    case 'SQLITE_IOERR':
      return { message: `${where}the disk failed a read or write of the database (${code}: ${err.message})`, code: 1 };
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return { message: `${where}the database stayed locked by another process (${code}: ${err.message}); try again once it is done`, code: 1 };
    default:
      return { message: `${where}${err.message} (${code})`, code: 1 };
  }
}

export function stackOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  let out = err.stack ?? `${err.name}: ${err.message}`;
  for (let cause = err.cause, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) out += `\ncaused by: ${cause.stack ?? cause.message}`;
  return out;
}

