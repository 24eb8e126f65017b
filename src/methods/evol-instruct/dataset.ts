import { ConfigError } from '../../config/errors.js';
import { elementStarts, lineOf } from '../../util/json-places.js';

/** One input of an Evol-Instruct run, before it is stored as a `source` sample. */
export interface InputRecord {
  instruction: string;
  input: string;
  output: string;
  /** Where it came from (file and line, seed id, run and sample id), kept in the sample's meta. */
  origin: Record<string, unknown>;
}

export interface DatasetFields {
  instruction_field: string;
  /** '' when the file has no input field to append. */
  input_field: string;
  /** '' when the file's answers are not to be kept. */
  output_field: string;
}

/**
 * Parse an instruction dataset: a JSON array (Alpaca's format, first non-blank character `[`) or
 * JSON Lines (blank lines skipped). Each record is an object with a non-empty string at the
 * instruction field; input and output fields are optional strings (null counts as empty). The
 * first problem throws one ConfigError naming the file, the line and the key. Pure.
 */
export function parseDataset(content: string, file: string, fields: DatasetFields): InputRecord[] {
  const body = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  const records = /^\s*\[/.test(body) ? jsonArray(body, file) : jsonLines(body, file);
  if (records.length === 0) throw new ConfigError(file, undefined, undefined, 'no records found; expected a JSON array or JSON lines of objects');
  return records.map(({ value, line, index }) => toRecord(value, file, line, fields, index));
}

interface RawRecord {
  value: unknown;
  line: number;
  /** Position in a JSON array (undefined for JSON Lines). */
  index?: number;
}

function jsonArray(content: string, file: string): RawRecord[] {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (err) {
    const m = /position (\d+)/.exec((err as Error).message);
    const line = m ? lineOf(content, Number(m[1])) : badElementLine(content);
    throw new ConfigError(file, line, undefined, `invalid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(data)) throw new ConfigError(file, 1, undefined, 'expected a JSON array of records');
  const starts = elementStarts(content);
  let line = 1;
  let from = 0;
  return data.map((value: unknown, index) => {
    // Lines counted incrementally: element starts are increasing.
    const at = starts[index] ?? from;
    for (let i = content.indexOf('\n', from); i !== -1 && i < at; i = content.indexOf('\n', i + 1)) line++;
    from = at;
    return { value, line, index };
  });
}

function jsonLines(content: string, file: string): RawRecord[] {
  const out: RawRecord[] = [];
  content.split('\n').forEach((rawLine, i) => {
    const raw = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (raw.trim() === '') return;
    try {
      out.push({ value: JSON.parse(raw), line: i + 1 });
    } catch (err) {
      throw new ConfigError(file, i + 1, undefined, `invalid JSON (${(err as Error).message}); expected one JSON object per line`);
    }
  });
  return out;
}

function toRecord(value: unknown, file: string, line: number, fields: DatasetFields, index: number | undefined): InputRecord {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(file, line, undefined, `expected a JSON object with a "${fields.instruction_field}" string, got ${kindOf(value)}`);
  }
  const obj = value as Record<string, unknown>;
  const instruction = obj[fields.instruction_field];
  if (typeof instruction !== 'string' || instruction.trim() === '') {
    const got = instruction === undefined ? 'nothing (missing)' : typeof instruction === 'string' ? 'an empty string' : kindOf(instruction);
    throw new ConfigError(file, line, fields.instruction_field, `expected a non-empty string, got ${got}`);
  }
  const optional = (field: string): string => {
    if (field === '') return '';
    const v = obj[field];
    if (v === undefined || v === null) return '';
    if (typeof v !== 'string') throw new ConfigError(file, line, field, `expected a string, got ${kindOf(v)}`);
    return v;
  };
  return {
    instruction,
    input: optional(fields.input_field),
    output: optional(fields.output_field),
    origin: { origin: 'file', path: file, line, ...(index !== undefined ? { index } : {}) },
  };
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v} (${JSON.stringify(v)})`;
}

/**
 * When JSON.parse gives no position: the line of the first array element that does not parse on
 * its own (elements located by the same scan as for valid files).
 */
function badElementLine(content: string): number | undefined {
  const starts = elementStarts(content);
  for (let i = 0; i < starts.length; i++) {
    const end = starts[i + 1] ?? content.length;
    const piece = content.slice(starts[i], end).replace(/[\s,]*$/, '').replace(/\][\s]*$/, '');
    try {
      JSON.parse(piece);
    } catch {
      return lineOf(content, starts[i]!);
    }
  }
  return undefined;
}

