/** Reading a dataset for `distillery dedup`: a JSON array or JSON Lines, one text per row. */

import { elementStarts, lineOf } from '../util/json-places.js';

export interface DedupRow {
  /** The original line (JSON Lines only: an array element is re-serialised when written). */
  raw?: string;
  /** The parsed row. */
  value: unknown;
  /** The text compared: the row's `field`, or the row itself when it is a bare string. */
  text: string;
  /** 1-based line of the row (JSON Lines only; for a JSON array the row index locates it). */
  line?: number;
}

export interface DedupInput {
  format: 'json' | 'jsonl';
  rows: DedupRow[];
}

/** Bad input, located: file, line (and element index for a JSON array), key. */
export class DedupInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DedupInputError';
  }
}

/**
 * Parse `content` (the text of `file`) into rows. A file whose first non-blank character is `[`
 * is a JSON array; anything else is JSON Lines (blank lines skipped). Each row is an object with
 * a string at `field` (Alpaca's `instruction` by default), or a bare string (the reference
 * script's input).
 */
export function parseRows(content: string, file: string, field: string): DedupInput {
  const body = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content; // BOM
  return /^\s*\[/.test(body) ? parseJsonArray(body, file, field) : parseJsonLines(body, file, field);
}

function parseJsonArray(content: string, file: string, field: string): DedupInput {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (err) {
    throw new DedupInputError(`${file}:${jsonErrorPlace(content, err)} invalid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(data)) throw new DedupInputError(`${file}: expected a JSON array of rows`);
  // The element's line is worth a scan of the file only when there is an error to report.
  const where = (i: number) => () => `${file}:${lineOf(content, elementStarts(content)[i] ?? 0)}: element ${i}`;
  const rows = data.map((value: unknown, i): DedupRow => ({ value, text: textOf(value, field, where(i)) }));
  return { format: 'json', rows };
}

function parseJsonLines(content: string, file: string, field: string): DedupInput {
  const rows: DedupRow[] = [];
  const lines = content.split('\n');
  lines.forEach((rawLine, i) => {
    const raw = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (raw.trim() === '') return;
    const line = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      throw new DedupInputError(`${file}:${line}: invalid JSON: ${(err as Error).message}`);
    }
    rows.push({ raw, value, text: textOf(value, field, () => `${file}:${line}`), line });
  });
  return { format: 'jsonl', rows };
}

function textOf(value: unknown, field: string, where: () => string): string {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new DedupInputError(`${where()}: expected an object with a "${field}" string, got ${describe(value)}`);
  }
  if (!Object.hasOwn(value, field)) throw new DedupInputError(`${where()}: key "${field}": missing`);
  const text = (value as Record<string, unknown>)[field];
  if (typeof text !== 'string') throw new DedupInputError(`${where()}: key "${field}": expected a string, got ${describe(text)}`);
  return text;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** "line:column:" of a JSON.parse failure when V8 reports the position, else "". */
function jsonErrorPlace(content: string, err: unknown): string {
  const m = /position (\d+)/.exec((err as Error).message);
  if (!m) return '';
  const offset = Number(m[1]);
  const line = lineOf(content, offset);
  const column = offset - content.lastIndexOf('\n', offset - 1);
  return `${line}:${column}:`;
}

