/**
 * Seed-task loader. Reads JSON Lines in either the Distillery format or the
 * Self-Instruct `seed_tasks.jsonl` format (detected per line) and normalises both to
 * `SeedTask`. The first problem found throws one `SeedFormatError` naming the file,
 * the line and the key, e.g. `seeds/x.jsonl:12: key "instruction": expected a non-empty string`.
 */
import { readFileSync } from 'node:fs';
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

/**
 * Parse the text of a seed-task JSONL file. `file` is used only in error messages.
 * Blank lines are skipped; ids must be unique; at least one task is required.
 */
export function parseSeedTasks(text: string, file: string): SeedTask[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = body.split(/\r?\n/);
  const tasks: SeedTask[] = [];
  const idLine = new Map<string, number>();

  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    if (raw.trim() === '') return;

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
  });

  if (tasks.length === 0) {
    throw new SeedFormatError(file, undefined, undefined, 'no seed tasks found (the file is empty); expected at least one JSON line');
  }
  return tasks;
}

/** Read and parse a seed-task JSONL file (synchronously). */
export function loadSeedTasks(path: string): SeedTask[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new SeedFormatError(path, undefined, undefined, `cannot read seed tasks (${reason})`);
  }
  return parseSeedTasks(text, path);
}
