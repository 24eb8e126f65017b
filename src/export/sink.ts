import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ExportError } from './types.js';

/**
 * Outputs written beside their targets under temporary names and renamed into place only when
 * every one is complete: a failure or Ctrl-C leaves the targets as they were.
 */
export class AtomicOutputs {
  private readonly pending: { temp: string; target: string; dir: boolean }[] = [];
  private committed = false;

  /** A temporary file for `target` (a file path; an existing directory there is an error). */
  file(target: string): string {
    const abs = resolve(target);
    if (existsSync(abs) && statSync(abs).isDirectory()) throw new ExportError(`${target} is a directory; --out needs a file path for this format`);
    return this.reserve(abs, false);
  }

  /** A temporary folder for `target`; an existing non-empty folder is replaced only with `force`. */
  dir(target: string, force: boolean): string {
    const abs = resolve(target);
    if (existsSync(abs)) {
      if (!statSync(abs).isDirectory()) throw new ExportError(`${target} exists and is not a folder`);
      if (!force && readdirSync(abs).length > 0) throw new ExportError(`${target} exists and is not empty (use --force to replace it)`);
    }
    const temp = this.reserve(abs, true);
    mkdirSync(temp);
    return temp;
  }

  private reserve(abs: string, dir: boolean): string {
    try {
      mkdirSync(dirname(abs), { recursive: true });
    } catch (err) {
      throw new ExportError(`cannot create the folder of ${abs}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const temp = join(dirname(abs), `.${basename(abs)}.${process.pid}.${this.pending.length}.tmp`);
    rmSync(temp, { recursive: true, force: true });
    this.pending.push({ temp, target: abs, dir });
    return temp;
  }

  /** Rename every temporary into place. */
  commit(): string[] {
    for (const p of this.pending) {
      if (p.dir && existsSync(p.target)) {
        const old = `${p.temp}.old`;
        renameSync(p.target, old);
        renameSync(p.temp, p.target);
        rmSync(old, { recursive: true, force: true });
      } else {
        renameSync(p.temp, p.target);
      }
    }
    this.committed = true;
    return this.pending.map((p) => p.target);
  }

  /** Remove every temporary (after a failure). */
  abort(): void {
    if (this.committed) return;
    for (const p of this.pending) rmSync(p.temp, { recursive: true, force: true });
  }
}

/** Buffered synchronous writes to one file: memory holds at most about one chunk. */
export class TextSink {
  private fd: number;
  private chunk: string[] = [];
  private size = 0;
  bytes = 0;

  constructor(path: string, private readonly chunkSize = 1 << 20) {
    this.fd = openSync(path, 'w');
  }

  write(text: string): void {
    this.chunk.push(text);
    this.size += text.length;
    if (this.size >= this.chunkSize) this.flush();
  }

  flush(): void {
    if (this.chunk.length === 0) return;
    const buf = Buffer.from(this.chunk.join(''), 'utf8');
    writeSync(this.fd, buf);
    this.bytes += buf.length;
    this.chunk = [];
    this.size = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

export type JsonLayout = 'array' | 'lines';

/**
 * Stream rows as a JSON array (one row per line between `[` and `]`) or as JSON Lines.
 * Returns the number of rows and bytes written.
 */
export async function writeJsonRows(path: string, rows: AsyncIterable<unknown>, layout: JsonLayout): Promise<{ rows: number; bytes: number }> {
  const sink = new TextSink(path);
  let n = 0;
  try {
    if (layout === 'array') sink.write('[\n');
    for await (const row of rows) {
      const line = JSON.stringify(row);
      if (layout === 'array') sink.write(n === 0 ? line : `,\n${line}`);
      else sink.write(`${line}\n`);
      n++;
    }
    if (layout === 'array') sink.write(n === 0 ? ']\n' : '\n]\n');
  } finally {
    sink.close();
  }
  return { rows: n, bytes: sink.bytes };
}
