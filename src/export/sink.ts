import { existsSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { AtomicOutputs, type CheckedFile } from '../util/atomic-file.js';
import { ExportError } from './types.js';

/**
 * The outputs of one export (src/util/atomic-file.ts): written beside their targets under
 * temporary names, every write checked and flushed to disk, and renamed into place only when
 * every one is complete. A failure (disk full, read-only folder) or Ctrl-C leaves the targets as
 * they were. What is in the way of a target is checked first, as bad input (ExportError).
 */
export class ExportOutputs extends AtomicOutputs {
  /** A temporary file for `target` (a file path; an existing directory there is an error). */
  override file(target: string): CheckedFile {
    const abs = resolve(target);
    if (existsSync(abs) && statSync(abs).isDirectory()) throw new ExportError(`${target} is a directory; --out needs a file path for this format`);
    return super.file(abs);
  }

  /** A temporary folder for `target`; an existing non-empty folder is replaced only with `force`. */
  override dir(target: string, force = false): string {
    const abs = resolve(target);
    if (existsSync(abs)) {
      if (!statSync(abs).isDirectory()) throw new ExportError(`${target} exists and is not a folder`);
      if (!force && readdirSync(abs).length > 0) throw new ExportError(`${target} exists and is not empty (use --force to replace it)`);
    }
    return super.dir(abs);
  }
}

export type JsonLayout = 'array' | 'lines';

/**
 * Stream rows into `file` as a JSON array (one row per line between `[` and `]`) or as JSON
 * Lines, then close it (on disk, still under its temporary name). Returns rows and bytes written.
 */
export async function writeJsonRows(file: CheckedFile, rows: AsyncIterable<unknown>, layout: JsonLayout): Promise<{ rows: number; bytes: number }> {
  let n = 0;
  if (layout === 'array') file.write('[\n');
  for await (const row of rows) {
    const line = JSON.stringify(row);
    if (layout === 'array') file.write(n === 0 ? line : `,\n${line}`);
    else file.write(`${line}\n`);
    n++;
  }
  if (layout === 'array') file.write(n === 0 ? ']\n' : '\n]\n');
  file.close();
  return { rows: n, bytes: file.bytes };
}
