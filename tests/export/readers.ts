/** Independent readers for the round-trip tests: hyparquet, parquet-wasm + apache-arrow, plain JSON. */
import { expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import * as parquetWasm from 'parquet-wasm';
import { tableFromIPC, Vector } from 'apache-arrow';
import { parse } from 'yaml';

/** BigInts as numbers, so rows compare with plain expectations. */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

export async function readWithHyparquet(path: string): Promise<{ rows: Record<string, unknown>[]; rowGroups: number; kv: Record<string, string> }> {
  const file = await asyncBufferFromFile(path);
  const meta = await parquetMetadataAsync(file);
  const rows = (await parquetReadObjects({ file })).map((r) => plain(r) as Record<string, unknown>);
  const kv = Object.fromEntries((meta.key_value_metadata ?? []).map((k) => [k.key, k.value ?? '']));
  return { rows, rowGroups: meta.row_groups.length, kv };
}

/** parquet-wasm (Rust arrow-rs) decodes the file; apache-arrow reads the IPC stream it returns. */
export function readWithParquetWasm(path: string): { schema: string[]; rows: Record<string, unknown>[] } {
  const table = tableFromIPC(parquetWasm.readParquet(readFileSync(path)).intoIPCStream());
  const schema = table.schema.fields.map((f) => `${f.name}:${String(f.type)}`);
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, unknown> = {};
    for (const f of table.schema.fields) row[f.name] = arrowValue(table.getChild(f.name)!.get(i));
    rows.push(row);
  }
  return { schema, rows };
}

function arrowValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v !== 'object') return v;
  if (v instanceof Vector) return Array.from(v.toArray() as ArrayLike<unknown>, arrowValue);
  const o = v as { toJSON?: () => Record<string, unknown> };
  if (typeof o.toJSON === 'function') return Object.fromEntries(Object.entries(o.toJSON()).map(([k, x]) => [k, arrowValue(x)]));
  return v;
}

export function readJsonLines(path: string): Record<string, unknown>[] {
  const text = readFileSync(path, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export function readJsonArray(path: string): Record<string, unknown>[] {
  const v = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  expect(Array.isArray(v)).toBe(true);
  return v as Record<string, unknown>[];
}

/** Split a dataset card into its parsed front matter and its Markdown body. */
export function parseCard(text: string): { front: Record<string, any>; body: string } {
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!m) throw new Error('no front matter');
  return { front: parse(m[1]!) as Record<string, any>, body: m[2]! };
}
