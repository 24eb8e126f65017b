import { existsSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import { openDb, type Db } from '../store/db.js';
import { filterCounts, hasJudgeScores, iterateExportShapes, kindCounts, reviewCounts, statusCounts, type ExportFilter, type ReviewedChoice } from '../store/export.js';
import { findRun, listRuns, type RunRow } from '../store/runs.js';
import type { SampleStatus } from '../store/samples.js';
import { summarizeRun } from '../store/summary.js';
import { TOOL_VERSION } from '../version.js';
import { alpacaRow } from './alpaca.js';
import { buildCard } from './card.js';
import { answeredBy } from '../store/calls.js';
import { recordFields, type ColumnChoice } from './columns.js';
import { configSystemPrompt, safeConfig } from './config.js';
import { fullRecordRow } from './jsonl.js';
import { datasetKinds } from './kinds.js';
import { recipeOf } from '../methods/registry.js';
import { openAiRow } from './openai.js';
import { DEFAULT_ROW_GROUP_SIZE, writeParquetFile } from './parquet.js';
import { exportRecords } from './rows.js';
import { shareGptRow } from './sharegpt.js';
import { ExportOutputs, writeJsonRows, type JsonLayout } from './sink.js';
import { DEFAULT_SPLITS, splitAssigner, type SplitShare } from './split.js';
import { ExportError, type ExportRecord, type Format } from './types.js';

export interface ExportOptions {
  dbPath: string;
  /** Run name, or id. */
  run: string;
  format: Format;
  /** A file (a folder for `hf`); with several splits, file formats write one file per split beside it. */
  out: string;
  /** Default: accepted. */
  statuses?: readonly SampleStatus[];
  /** Default: the method's dataset kind (see `datasetKinds`). */
  kinds?: readonly string[];
  stages?: readonly string[];
  minScore?: number;
  /** By the latest human decision (default any: reviews change nothing). */
  reviewed?: ReviewedChoice;
  withProvenance?: boolean;
  /** Default: everything in `train`. */
  split?: readonly SplitShare[];
  /** Default: the run's seed. */
  splitSeed?: number;
  /** Default (undefined): the pipeline's system prompt, if it had one; false: none; a string: that. */
  systemPrompt?: string | false;
  /** Hub license id for the dataset card (hf). */
  license?: string;
  /** Replace an existing non-empty `hf` folder. */
  force?: boolean;
  rowGroupSize?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface ExportResult {
  run: { id: number; name: string; method: string; simulated: boolean };
  format: Format;
  kinds: string[];
  rows: number;
  splits: { name: string; rows: number; path: string; bytes: number }[];
  outputs: string[];
  warnings: string[];
}

/**
 * Export a run's dataset: check what matches (a first pass over ids), then stream each split's
 * rows from SQLite into its writer under a temporary name, and rename everything into place at
 * the end. Nothing matching is an error, and a failure leaves no partial output.
 */
export async function exportRun(o: ExportOptions): Promise<ExportResult> {
  if (!existsSync(o.dbPath)) throw new ExportError(`${o.dbPath}: no such database`);
  const db = openDb(o.dbPath, { readonly: true });
  try {
    return await exportFromDb(db, o);
  } finally {
    db.close();
  }
}

async function exportFromDb(db: Db, o: ExportOptions): Promise<ExportResult> {
  const run = findRun(db, o.run);
  if (!run) {
    const names = listRuns(db).map((r) => r.name);
    throw new ExportError(`no run "${o.run}" in ${o.dbPath}${names.length ? ` (runs: ${names.join(', ')})` : ' (it has no runs)'}`);
  }
  const config = parseConfig(run);
  const present = kindCounts(db, run.id);
  const kinds = datasetKinds(run.method, present, o.kinds);
  if (kinds.length === 0) {
    throw new ExportError(`run "${run.name}" has no samples with an output or messages to export (kinds stored: ${present.map((k) => `${k.kind} ${k.n}`).join(', ') || 'none'})`);
  }
  const statuses = o.statuses?.length ? [...new Set(o.statuses)] : (['accepted'] as SampleStatus[]);
  const reviewed = o.reviewed ?? 'any';
  const filter: ExportFilter = { runId: run.id, kinds, statuses, stages: o.stages, minScore: o.minScore, reviewed };
  if (o.minScore !== undefined && !hasJudgeScores(db, run.id, kinds)) {
    throw new ExportError(`--min-score: run "${run.name}" has no judge scores on ${kinds.join(', ')} samples (scores come from a judge filter, e.g. backtranslation's judge-iter*)`);
  }

  // First pass: ids only. Counts per split, shapes, and the errors that must come before any write.
  const shares = o.split?.length ? o.split : DEFAULT_SPLITS;
  const splitSeed = o.splitSeed ?? run.seed;
  const splitOf = splitAssigner(shares, splitSeed);
  const perSplit = new Map(shares.map((s) => [s.name, 0]));
  const shapes = [0, 0, 0];
  let seen = 0;
  for (const { id, shape } of iterateExportShapes(db, filter)) {
    if (++seen % 20_000 === 0) {
      await new Promise<void>((done) => setImmediate(done));
      o.signal?.throwIfAborted();
    }
    if (shape === 3) throw new ExportError(`sample ${id}: messages_json is not a JSON list of messages; nothing was written`);
    const name = splitOf(id);
    perSplit.set(name, perSplit.get(name)! + 1);
    shapes[shape]!++;
  }
  const total = shapes[0]! + shapes[1]! + shapes[2]!;
  if (total === 0) throw new ExportError(nothingMatched(db, run, filter));
  if (o.format === 'alpaca' && shapes[2]! > 0) {
    throw new ExportError(
      `alpaca holds single-turn samples, and ${shapes[2]} of the ${total} matching samples are multi-turn conversations; export them with --format sharegpt, openai, jsonl, parquet or hf`,
    );
  }
  const warnings: string[] = [];
  const splits = shares.filter((s) => {
    if (perSplit.get(s.name)! > 0) return true;
    warnings.push(`split "${s.name}" got no rows (of ${total}); it is not written`);
    return false;
  });

  warnings.push(...formatWarnings(o, splits.map((s) => ({ name: s.name, rows: perSplit.get(s.name)! }))));

  const extra = recipeOf(run.method)?.manifest.extraColumns?.(config) ?? [];
  const columns: ColumnChoice = { single: shapes[0]! > 0, conversations: shapes[1]! + shapes[2]! > 0, provenance: o.withProvenance ?? false, extra };
  const systemPrompt = o.systemPrompt === false ? undefined : (o.systemPrompt ?? configSystemPrompt(config));
  let done = 0;
  const records = (split: string): AsyncGenerator<ExportRecord> =>
    exportRecords(db, {
      filter,
      runName: run.name,
      provenance: columns.provenance,
      extra: extra.length > 0,
      systemPrompt,
      include: shares.length > 1 ? (id) => splitOf(id) === split : undefined,
      signal: o.signal,
      onRecord: o.onProgress ? () => o.onProgress!(++done, total) : undefined,
    });

  const outputs = new ExportOutputs();
  const written: ExportResult['splits'] = [];
  try {
    if (o.format === 'hf') {
      guardDatabase(o.out, o.dbPath);
      const dir = outputs.dir(o.out, o.force ?? false);
      for (const s of splits) {
        const rel = `data/${s.name}-00000-of-00001.parquet`;
        const r = await writeParquetFile(outputs.fileIn(dir, rel), records(s.name), columns, parquetOptions(o, run, kinds));
        written.push({ name: s.name, rows: r.rows, path: rel, bytes: r.bytes });
      }
      const summary = summarizeRun(db, run.id);
      const card = buildCard({
        run: {
          name: run.name,
          method: run.method,
          provider: run.provider,
          model: run.model,
          simulated: run.simulated === 1,
          seed: run.seed,
          status: run.status,
          toolVersion: run.tool_version,
          createdAt: run.created_at,
          updatedAt: run.updated_at,
        },
        config: safeConfig(config),
        selection: { kinds, statuses, stages: o.stages, minScore: o.minScore, reviewed, provenance: columns.provenance, systemPrompt: systemPrompt !== undefined, splitSeed },
        reviews: reviewCounts(db, run.id, kinds),
        splits: written,
        fields: recordFields(columns),
        samples: summary.samples,
        filters: filterCounts(db, run.id),
        calls: { ...summary.calls, byStage: summary.byStage },
        answeredBy: answeredBy(db, run.id),
        license: o.license,
      });
      const readme = outputs.fileIn(dir, 'README.md');
      readme.write(card);
      readme.close();
      const [target] = outputs.commit();
      return result(run, o.format, kinds, written.map((w) => ({ ...w, path: join(target!, w.path) })), [target!], warnings);
    }

    const targets = splits.map((s) => ({ split: s.name, target: splitPath(o.out, s.name, shares.length > 1) }));
    for (const t of targets) guardDatabase(t.target, o.dbPath);
    for (const t of targets) {
      const file = outputs.file(t.target);
      const r =
        o.format === 'parquet'
          ? await writeParquetFile(file, records(t.split), columns, parquetOptions(o, run, kinds))
          : await writeJsonRows(file, mapRows(records(t.split), o.format, columns), jsonLayout(o.format, t.target));
      written.push({ name: t.split, rows: r.rows, path: resolve(t.target), bytes: r.bytes });
    }
    const paths = outputs.commit();
    return result(run, o.format, kinds, written, paths, warnings);
  } catch (err) {
    outputs.abort();
    throw err;
  }
}

/** OpenAI's fine-tuning API refuses a training file with fewer examples than this. */
export const OPENAI_MIN_EXAMPLES = 10;

/** Options that do not fit the format: said on stderr, the export still written. */
function formatWarnings(o: ExportOptions, splits: readonly { name: string; rows: number }[]): string[] {
  const out: string[] = [];
  if (o.format === 'alpaca' && typeof o.systemPrompt === 'string') {
    out.push('--system-prompt is ignored with --format alpaca (Alpaca rows have no system message); use sharegpt, openai, jsonl, parquet or hf to keep it');
  }
  if (o.format === 'openai') {
    // The minimum is the training file's: the only file, or the "train" split (a validation file has none).
    for (const s of splits.length === 1 ? splits : splits.filter((x) => x.name === 'train')) {
      if (s.rows < OPENAI_MIN_EXAMPLES) {
        out.push(`${splits.length > 1 ? `split "${s.name}" has` : 'the export has'} ${s.rows} row${s.rows === 1 ? '' : 's'}; OpenAI fine-tuning needs at least ${OPENAI_MIN_EXAMPLES} examples in a training file`);
      }
    }
    if (o.withProvenance) {
      out.push('--with-provenance adds a "provenance" key to every line; OpenAI fine-tuning expects only "messages", so keep this file for your records and export again without --with-provenance to upload');
    }
  }
  return out;
}

function result(run: RunRow, format: Format, kinds: string[], splits: ExportResult['splits'], outputs: string[], warnings: string[]): ExportResult {
  return {
    run: { id: run.id, name: run.name, method: run.method, simulated: run.simulated === 1 },
    format,
    kinds,
    rows: splits.reduce((a, s) => a + s.rows, 0),
    splits,
    outputs,
    warnings,
  };
}

async function* mapRows(records: AsyncIterable<ExportRecord>, format: Exclude<Format, 'parquet' | 'hf'>, columns: ColumnChoice): AsyncGenerator<unknown> {
  for await (const r of records) {
    switch (format) {
      case 'alpaca':
        yield alpacaRow(r);
        break;
      case 'sharegpt':
        yield shareGptRow(r);
        break;
      case 'openai':
        yield openAiRow(r);
        break;
      case 'jsonl':
        yield fullRecordRow(r, columns);
        break;
    }
  }
}

/** Alpaca and ShareGPT are JSON arrays unless the file is named .jsonl; jsonl and openai are always JSON Lines. */
export function jsonLayout(format: Format, path: string): JsonLayout {
  if (format === 'alpaca' || format === 'sharegpt') return extname(path).toLowerCase() === '.jsonl' ? 'lines' : 'array';
  return 'lines';
}

/** With several splits, `out.jsonl` becomes `out.train.jsonl`, `out.test.jsonl`... */
export function splitPath(out: string, split: string, several: boolean): string {
  if (!several) return out;
  const ext = extname(out);
  return ext ? `${out.slice(0, -ext.length)}.${split}${ext}` : `${out}.${split}`;
}

function parquetOptions(o: ExportOptions, run: RunRow, kinds: string[]) {
  return {
    rowGroupSize: o.rowGroupSize ?? DEFAULT_ROW_GROUP_SIZE,
    createdBy: `distillery ${TOOL_VERSION}`,
    kvMetadata: [{ key: 'distillery', value: JSON.stringify({ run: run.name, method: run.method, kinds, teacher: `${run.provider}/${run.model}`, simulated: run.simulated === 1 }) }],
  };
}

/** An output must never replace the database it is read from (or hold it, for a folder). */
function guardDatabase(target: string, dbPath: string): void {
  const out = resolve(target);
  const db = resolve(dbPath);
  if ([db, `${db}-wal`, `${db}-shm`].includes(out) || db.startsWith(out + sep)) {
    throw new ExportError(`--out ${target} would overwrite the database ${dbPath}`);
  }
}

function parseConfig(run: RunRow): unknown {
  try {
    return JSON.parse(run.config_json);
  } catch {
    return {};
  }
}

function nothingMatched(db: Db, run: RunRow, f: ExportFilter): string {
  const asked = [`kind ${f.kinds.join('|')}`, `status ${f.statuses.join('|')}`];
  if (f.stages?.length) asked.push(`stage ${f.stages.join('|')}`);
  if (f.minScore !== undefined) asked.push(`judge score >= ${f.minScore}`);
  if (f.reviewed && f.reviewed !== 'any') asked.push(`reviewed ${f.reviewed}`);
  const have = statusCounts(db, run.id, f.kinds).map((s) => `${s.n} ${s.status}`);
  return `run "${run.name}": no samples match (${asked.join(', ')}); nothing was written${have.length ? ` (the run has ${have.join(', ')} exportable samples of these kinds, with an output or messages)` : ''}`;
}

/** For messages: where an output ended up, relative to the working folder when shorter. */
export function displayPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && rel.length < p.length ? rel : p;
}
