/**
 * Reading a user's rows: JSON (an array of objects), JSONL and CSV as pure text parsers, each error
 * naming the file and line; Parquet through hyparquet. Values keep their types (numbers, nested
 * objects); a template writes them out (render.ts).
 */
import { ConfigError } from '../../config/errors.js';
import { jsonlObjects } from '../../config/jsonl.js';
import type { Fields } from './render.js';

export type TableFormat = 'json' | 'jsonl' | 'csv' | 'parquet';

export function formatOf(path: string, declared: TableFormat | 'auto'): TableFormat {
  if (declared !== 'auto') return declared;
  const ext = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase();
  if (ext === 'json' || ext === 'jsonl' || ext === 'csv' || ext === 'parquet') return ext;
  if (ext === 'ndjson') return 'jsonl';
  throw new ConfigError(path, undefined, 'params.inputs.format', `cannot tell the format from the extension ".${ext ?? ''}"; set format: json, jsonl, csv or parquet`);
}

function asRow(value: unknown, file: string, line: number | undefined, what: string): Fields {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(file, line, undefined, `${what}: expected an object of columns`);
  return value as Fields;
}

export function parseJsonRows(text: string, file: string): Fields[] {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ConfigError(file, undefined, undefined, `not valid JSON (${(err as Error).message}); a .json input is one array of objects (use .jsonl for one object a line)`);
  }
  if (!Array.isArray(data)) throw new ConfigError(file, 1, undefined, 'expected a JSON array of objects');
  return data.map((v, i) => asRow(v, file, undefined, `element ${i}`));
}

export function parseJsonlRows(text: string, file: string): Fields[] {
  return jsonlObjects(text, file).map((r) => r.value);
}

/** RFC 4180 CSV: a header row, quoted fields with "" for a quote, newlines inside quotes. */
export function parseCsvRows(text: string, file: string): Fields[] {
  const records: { cells: string[]; line: number }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.length > 1 || cells[0] !== '') records.push({ cells, line: start });
      cells = [];
      cell = '';
      line++;
      start = line;
    } else cell += c;
  }
  if (quoted) throw new ConfigError(file, start, undefined, 'a quoted field is not closed');
  cells.push(cell);
  if (cells.length > 1 || cells[0] !== '') records.push({ cells, line: start });
  const [header, ...body] = records;
  if (!header) return [];
  const names = header.cells.map((h) => h.trim());
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new ConfigError(file, 1, undefined, `the header names column "${dup}" twice`);
  return body.map((r) => {
    if (r.cells.length !== names.length) throw new ConfigError(file, r.line, undefined, `expected ${names.length} fields (as the header has), got ${r.cells.length}`);
    return Object.fromEntries(names.map((n, i) => [n, r.cells[i]!]));
  });
}

/** BigInts (Parquet INT64) as numbers where exact, else as strings. */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object' && !(v instanceof Date)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

export async function readParquetRows(path: string, label: string): Promise<Fields[]> {
  const { asyncBufferFromFile, parquetReadObjects } = await import('hyparquet');
  try {
    const file = await asyncBufferFromFile(path);
    const rows = await parquetReadObjects({ file });
    return rows.map((r) => plain(r) as Fields);
  } catch (err) {
    throw new ConfigError(label, undefined, undefined, `cannot read as Parquet (${(err as Error).message})`);
  }
}
