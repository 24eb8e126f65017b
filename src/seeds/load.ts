/**
 * Seed-task loader. Reads JSON Lines in either the Distillery format or the
 * Self-Instruct `seed_tasks.jsonl` format (detected per line) and normalises both to
 * `SeedTask`. The first problem found throws one `SeedFormatError` naming the file,
 * the line and the key, e.g. `seeds/x.jsonl:12: key "instruction": expected a non-empty string`.
 * The file is read line by line (never whole); a line longer than SEED_MAX_LINE_BYTES is one error.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { z } from 'zod';
import {
  DistillerySeedLineSchema,
  SelfInstructSeedLineSchema,
  detectSeedLineFormat,
  fromDistilleryLine,
  fromSelfInstructLine,
  type SeedTask,
} from './schema.js';

export type { SeedTask } from './schema.js';

export class SeedFormatError extends Error {
  /** The file as the caller named it. */
  readonly file: string;
  /** 1-based line number; undefined for whole-file problems (e.g. an empty file). */
  readonly line: number | undefined;
  /** Dotted key path such as `instruction` or `instances[0].output`; undefined when no key is involved. */
  readonly key: string | undefined;

  constructor(file: string, line: number | undefined, key: string | undefined, problem: string) {
    const where = line === undefined ? file : `${file}:${line}`;
    const what = key === undefined ? problem : `key "${key}": ${problem}`;
    super(`${where}: ${what}`);
    this.name = 'SeedFormatError';
    this.file = file;
    this.line = line;
    this.key = key;
  }
}

function keyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** Turn the first zod issue into a SeedFormatError. */
function issueError(file: string, line: number, error: z.ZodError): SeedFormatError {
  const issue = error.issues[0];
  if (issue === undefined) return new SeedFormatError(file, line, undefined, 'invalid seed task');
  if (issue.code === 'unrecognized_keys') {
    const extra = issue.keys[0] ?? '?';
    const key = keyPath([...issue.path, extra]);
    return new SeedFormatError(file, line, key, 'unexpected key (allowed: id, category, instruction, input, output, is_classification)');
  }
  return new SeedFormatError(file, line, keyPath(issue.path), issue.message);
}

function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** Longest line of a seed-task or topics file, in bytes (1 MiB): a longer one is an error naming file and line. */
export const SEED_MAX_LINE_BYTES = 2 ** 20;

/**
 * The lines of a file, read synchronously in chunks: memory holds one chunk and one line. A line
 * longer than `maxBytes` throws a SeedFormatError naming `shown` and the line, before it is read
 * whole. A leading BOM is dropped and a trailing "\r" cut; bytes are decoded as UTF-8 (bad ones
 * become U+FFFD, as a whole-file read would).
 */
export function* readLinesSync(
  path: string,
  shown: string,
  maxBytes = SEED_MAX_LINE_BYTES,
  what = 'seed tasks',
  reasonOf: (err: unknown) => string = (err) => (err instanceof Error ? err.message : String(err)),
): Generator<{ raw: string; line: number }> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new SeedFormatError(shown, undefined, undefined, `cannot read ${what} (${reasonOf(err)})`);
  }
  const tooLong = (line: number) =>
    new SeedFormatError(shown, line, undefined, `line longer than ${maxBytes} bytes (the limit for a line of ${what}); expected one short JSON object or entry per line`);
  try {
    const chunk = Buffer.alloc(64 * 1024);
    let parts: Buffer[] = [];
    let partsLen = 0;
    let line = 1;
    let first = true;
    const text = (b: Buffer): string => {
      let t = b.toString('utf8');
      if (first) {
        first = false;
        if (t.startsWith('\uFEFF')) t = t.slice(1);
      }
      return t.endsWith('\r') ? t.slice(0, -1) : t;
    };
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (err) {
        throw new SeedFormatError(shown, undefined, undefined, `cannot read ${what} (${reasonOf(err)})`);
      }
      if (n === 0) break;
      const buf = chunk.subarray(0, n);
      let from = 0;
      for (let nl = buf.indexOf(0x0a); nl >= 0; nl = buf.indexOf(0x0a, from)) {
        const piece = buf.subarray(from, nl);
        if (partsLen + piece.length > maxBytes) throw tooLong(line);
        const bytes = partsLen > 0 ? Buffer.concat([...parts, piece]) : piece;
        yield { raw: text(bytes), line };
        parts = [];
        partsLen = 0;
        line++;
        from = nl + 1;
      }
      if (from < buf.length) {
        parts.push(Buffer.from(buf.subarray(from)));
        partsLen += buf.length - from;
        if (partsLen > maxBytes) throw tooLong(line);
      }
    }
    if (partsLen > 0) yield { raw: text(Buffer.concat(parts)), line };
  } finally {
    closeSync(fd);
  }
}

/**
 * Parse the text of a seed-task JSONL file. `file` is used only in error messages.
 * Blank lines are skipped; ids must be unique; at least one task is required.
 */
export function parseSeedTasks(text: string, file: string): SeedTask[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  return parseSeedLines(
    body.split(/\r?\n/).map((raw, i) => ({ raw, line: i + 1 })),
    file,
  );
}

/** Parse the lines of a seed-task JSONL file (see parseSeedTasks). */
export function parseSeedLines(lines: Iterable<{ raw: string; line: number }>, file: string): SeedTask[] {
  const tasks: SeedTask[] = [];
  const idLine = new Map<string, number>();

  for (const { raw, line: lineNo } of lines) {
    if (raw.trim() === '') continue;

    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new SeedFormatError(file, lineNo, undefined, `invalid JSON (${reason}); expected one JSON object per line`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new SeedFormatError(file, lineNo, undefined, `expected a JSON object, got ${jsonKind(value)}`);
    }
    const obj = value as Record<string, unknown>;

    let task: SeedTask;
    if (detectSeedLineFormat(obj) === 'self-instruct') {
      const parsed = SelfInstructSeedLineSchema.safeParse(obj);
      if (!parsed.success) throw issueError(file, lineNo, parsed.error);
      task = fromSelfInstructLine(parsed.data);
    } else {
      const parsed = DistillerySeedLineSchema.safeParse(obj);
      if (!parsed.success) throw issueError(file, lineNo, parsed.error);
      task = fromDistilleryLine(parsed.data);
    }

    const firstLine = idLine.get(task.id);
    if (firstLine !== undefined) {
      throw new SeedFormatError(
        file,
        lineNo,
        'id',
        `duplicate id "${task.id}" (already used on line ${firstLine}); expected unique ids`,
      );
    }
    idLine.set(task.id, lineNo);
    tasks.push(task);
  }

  if (tasks.length === 0) {
    throw new SeedFormatError(file, undefined, undefined, 'no seed tasks found (the file is empty); expected at least one JSON line');
  }
  return tasks;
}

/** Read and parse a seed-task JSONL file (synchronously, line by line). */
export function loadSeedTasks(path: string): SeedTask[] {
  return parseSeedLines(readLinesSync(path, path), path);
}
