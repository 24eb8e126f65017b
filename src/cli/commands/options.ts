/** Options shared by several commands; kept apart from run.ts so that importing them loads no engine code. */
import { InvalidArgumentError, Option } from 'commander';

export const DEFAULT_DB = 'data/distillery.db';

/** `--db PATH`, defaulting to $DISTILLERY_DB, else data/distillery.db; the same in every command. */
export function dbOption(): Option {
  return new Option('--db <path>', 'SQLite database file').env('DISTILLERY_DB').default(DEFAULT_DB);
}

export function intArg(name: string) {
  return (v: string) => {
    if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`${name} must be a non-negative integer`);
    return Number(v);
  };
}

export function numArg(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a non-negative number`);
    return n;
  };
}
