/**
 * A custom pipeline's rows: read once when the run starts (a file, a Hugging Face-layout folder, or
 * another run's accepted samples), renamed by `columns`, selected (first, a seeded sample, a range),
 * and stored as `source` samples with wave 0's mark, so a resumed run keeps the rows it began with
 * and every output links back to its row. Then every name the pipeline reads that no stage writes
 * is checked against the rows' columns, before the first call.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ConfigError } from '../../config/errors.js';
import { keyLine } from '../../config/load.js';
import type { BaseConfig } from '../../config/common.js';
import type { RunContext } from '../../engine/context.js';
import { stepRng } from '../../engine/rng.js';
import { getRunByName } from '../../store/runs.js';
import type { SampleRow } from '../../store/samples.js';
import { hashJson } from '../../util/hash.js';
import { resolveAsset } from '../../util/paths.js';
import { fieldUses, writers } from './check.js';
import type { CustomConfig } from './params.js';
import { fieldText, type Fields } from './render.js';
import { formatOf, parseCsvRows, parseJsonlRows, parseJsonRows, readParquetRows } from './table-formats.js';

type Ctx = RunContext<BaseConfig>;
export type CustomInputs = CustomConfig['params']['inputs'];

/** A stored input row: its sample id and its fields. */
export interface SourceRow {
  id: number;
  fields: Fields;
}

export function sourceRows(rows: readonly SampleRow[]): SourceRow[] {
  return rows.map((s) => ({ id: s.id, fields: ((JSON.parse(s.meta_json ?? '{}') as { fields?: Fields }).fields ?? {}) }));
}

/**
 * The run's input rows, read and stored on its first start. `check` sees the selected rows before
 * they are stored (a custom pipeline's column check; another recipe's required columns).
 */
export async function ensureSourceRows(ctx: Ctx, inputs: CustomInputs, check: (rows: readonly Fields[], file: string) => void): Promise<SourceRow[]> {
  const { store, run, config } = ctx;
  const file = ctx.run.config_file ?? `pipeline "${config.name}"`;
  if (!store.waves.last(run.id)) {
    const rows = select(config.seed, inputs, mapColumns(await loadRows(ctx, inputs, file), inputs.columns));
    check(rows, file);
    store.transaction(() => {
      rows.forEach((fields, index) => {
        store.samples.insert({
          runId: run.id, kind: 'source', stage: 'input', wave: 0,
          instruction: headline(fields), meta: { fields, row: index }, status: 'accepted', contentHash: hashJson(fields),
          parents: typeof fields['_sample_id'] === 'number' ? [{ parentId: fields['_sample_id'] as number, relation: 'imported-from' }] : undefined,
        });
      });
      store.waves.markDone(run.id, 0, 'input', { inputs: rows.length });
    });
  }
  return sourceRows(store.samples.list(run.id, 'source', 'accepted'));
}

/** What status and audit pages show of a row: its instruction-like column, else its first text. */
function headline(fields: Fields): string {
  for (const k of ['instruction', 'prompt', 'question', 'text', 'document']) if (typeof fields[k] === 'string') return fields[k] as string;
  const first = Object.values(fields).find((v) => typeof v === 'string');
  return fieldText(first ?? '');
}

async function loadRows(ctx: Ctx, inputs: CustomInputs, file: string): Promise<Fields[]> {
  if (inputs.from_run) return fromRun(ctx, inputs.from_run, inputs.from_kind, file);
  const full = resolveAsset(inputs.path!, ctx.root);
  let isDir: boolean;
  try {
    isDir = statSync(full).isDirectory();
  } catch (err) {
    throw new ConfigError(file, keyLine(file, ['params', 'inputs', 'path']), 'params.inputs.path', `cannot read ${inputs.path} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const files = isDir ? dataFiles(full) : [full];
  if (files.length === 0) throw new ConfigError(file, keyLine(file, ['params', 'inputs', 'path']), 'params.inputs.path', `the folder ${inputs.path} holds no .parquet, .jsonl, .json or .csv file`);
  const all: Fields[] = [];
  for (const f of files) {
    const label = isDir ? join(inputs.path!, relative(full, f)) : inputs.path!;
    const format = formatOf(f, isDir ? 'auto' : inputs.format);
    if (format === 'parquet') all.push(...(await readParquetRows(f, label)));
    else {
      const text = readFileSync(f, 'utf8');
      all.push(...(format === 'json' ? parseJsonRows(text, label) : format === 'jsonl' ? parseJsonlRows(text, label) : parseCsvRows(text, label)));
    }
  }
  return all;
}

/** A Hugging Face dataset folder's data files (data/train-00000-of-00001.parquet, ...), in path order. */
function dataFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.')) continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(parquet|jsonl|ndjson|json|csv)$/i.test(name) && !/^(dataset_info|dataset_dict|state)\.json$/i.test(name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

function fromRun(ctx: Ctx, name: string, kind: string | undefined, file: string): Fields[] {
  const { store, run } = ctx;
  const key = 'params.inputs.from_run';
  const other = getRunByName(store.db, name);
  const line = keyLine(file, ['params', 'inputs', 'from_run']);
  if (!other) throw new ConfigError(file, line, key, `no run named "${name}" in this database (see: npx distillery runs)`);
  if (other.id === run.id) throw new ConfigError(file, line, key, `"${name}" is this run; name another run`);
  const from = kind ?? ctx.mainKindOf(other.method);
  if (!from) throw new ConfigError(file, line, 'params.inputs.from_kind', `run "${name}" is a ${other.method} run; say which kind of its samples to take`);
  const rows = store.samples.list(other.id, from, 'accepted');
  if (rows.length === 0) throw new ConfigError(file, line, key, `run "${name}" (${other.method}, ${other.status}) has no accepted "${from}" samples`);
  return rows.map((s) => {
    const meta = JSON.parse(s.meta_json ?? '{}') as { fields?: Fields };
    return { ...(meta.fields ?? {}), instruction: s.instruction, input: s.input, output: s.output, _sample_id: s.id };
  });
}

/** A dotted path into a row: `instances.0.input`. */
function pick(row: Fields, path: string): unknown {
  let v: unknown = row;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

export function mapColumns(rows: readonly Fields[], columns: Record<string, string>): Fields[] {
  const entries = Object.entries(columns);
  if (entries.length === 0) return [...rows];
  return rows.map((r) => {
    const out: Fields = { ...r };
    for (const [name, path] of entries) out[name] = pick(r, path);
    return out;
  });
}

/** The rows the config selects, in file order. */
export function select(seed: number, i: CustomInputs, rows: readonly Fields[]): Fields[] {
  if (i.first !== undefined) return rows.slice(0, i.first);
  if (i.range) return rows.slice(i.range[0], i.range[1]);
  if (i.sample !== undefined) {
    const positions = stepRng(seed, 'inputs-sample').sample({ length: rows.length, at: (k: number) => k }, i.sample);
    return [...positions].sort((a, b) => a - b).map((k) => rows[k]!);
  }
  return [...rows];
}

/** Every name the pipeline reads that no stage writes must be a column of the rows (or a mapped one). */
export function checkColumns(config: CustomConfig, rows: readonly Fields[], file: string): void {
  if (rows.length === 0) throw new ConfigError(file, keyLine(file, ['params', 'inputs']), 'params.inputs', 'the inputs select no rows');
  const present = new Set(rows.flatMap((r) => Object.keys(r).filter((k) => r[k] !== undefined)));
  const written = writers(config.params.stages);
  for (const [name, path] of Object.entries(config.params.inputs.columns)) {
    if (rows.every((r) => r[name] === undefined)) {
      throw new ConfigError(file, keyLine(file, ['params', 'inputs', 'columns', name]), `params.inputs.columns.${name}`, `no row has a column "${path}"`);
    }
  }
  for (const use of fieldUses(config.params)) {
    if ((written.has(use.name) && use.at >= 0) || present.has(use.name)) continue;
    const path = ['params', ...use.path];
    const columns = [...present].filter((c) => !c.startsWith('_')).slice(0, 12).join(', ');
    throw new ConfigError(file, keyLine(file, path), path.join('.'), `"${use.name}" is neither a column of the inputs (${columns}) nor a field an earlier stage writes`);
  }
}
