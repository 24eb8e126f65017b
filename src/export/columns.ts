import type { SchemaElement } from 'hyparquet-writer';
import type { ExportRecord } from './types.js';

/**
 * The columns of the full-record formats (jsonl, parquet, hf), described once so the Parquet schema
 * and the dataset card's `features` cannot disagree.
 */
export type ScalarType = 'string' | 'int64' | 'float64' | 'bool';

export interface ScalarField {
  name: string;
  type: ScalarType;
  nullable: boolean;
  description: string;
}

/** A list of structs of scalars, e.g. messages: list<{role, content}>. */
export interface ListField {
  name: string;
  items: { name: string; type: ScalarType; nullable: boolean }[];
  description: string;
}

export type Field = ScalarField | ListField;

export function isList(f: Field): f is ListField {
  return 'items' in f;
}

export interface ColumnChoice {
  /** Some rows are single-turn (instruction, input, output). */
  single: boolean;
  /** Some rows are conversations (then instruction, input, output are null on those rows). */
  conversations: boolean;
  provenance: boolean;
  /** The pipeline's own columns, written as text after messages (a custom pipeline's `output.columns`). */
  extra?: readonly string[];
}

const MESSAGES: ListField = {
  name: 'messages',
  items: [
    { name: 'role', type: 'string', nullable: false },
    { name: 'content', type: 'string', nullable: false },
  ],
  description: 'the sample as chat turns (system prompt first when the pipeline had one)',
};

/** Provenance columns (`--with-provenance`), in the order they are written. */
export const PROVENANCE_FIELDS: Field[] = [
  { name: 'sample_id', type: 'int64', nullable: false, description: 'id of the sample in the samples table' },
  { name: 'run', type: 'string', nullable: false, description: 'name of the run' },
  { name: 'kind', type: 'string', nullable: false, description: 'sample kind (instance, evolved, pair, conversation...)' },
  { name: 'stage', type: 'string', nullable: false, description: 'pipeline stage that produced the sample' },
  { name: 'status', type: 'string', nullable: false, description: 'accepted, rejected or pending' },
  { name: 'call_id', type: 'int64', nullable: true, description: 'id of the teacher call (calls table) that produced the sample' },
  { name: 'judge_score', type: 'float64', nullable: true, description: 'score of the latest judge verdict, if judged' },
  {
    name: 'verdicts',
    items: [
      { name: 'filter', type: 'string', nullable: false },
      { name: 'passed', type: 'bool', nullable: false },
      { name: 'score', type: 'float64', nullable: true },
    ],
    description: "every filter's verdict on the sample",
  },
  {
    name: 'parents',
    items: [
      { name: 'id', type: 'int64', nullable: false },
      { name: 'relation', type: 'string', nullable: false },
    ],
    description: 'lineage: the samples this one came from (instance-of, evolved-from, demo-in-prompt...)',
  },
];

/** The columns for a dataset: single-turn fields when there are single-turn rows, messages always. */
export function recordFields(c: ColumnChoice): Field[] {
  const fields: Field[] = [];
  if (c.single) {
    const nullable = c.conversations;
    fields.push(
      { name: 'instruction', type: 'string', nullable, description: 'the task' },
      { name: 'input', type: 'string', nullable, description: 'the task input; empty when the task needs none' },
      { name: 'output', type: 'string', nullable, description: "the teacher's response" },
    );
  }
  fields.push(MESSAGES);
  for (const name of c.extra ?? []) fields.push({ name, type: 'string', nullable: true, description: "a column of the pipeline's output mapping (JSON text when not a string)" });
  if (c.provenance) fields.push(...PROVENANCE_FIELDS);
  return fields;
}

const PARQUET_LEAF: Record<ScalarType, Pick<SchemaElement, 'type' | 'converted_type'>> = {
  string: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  int64: { type: 'INT64' },
  float64: { type: 'DOUBLE' },
  bool: { type: 'BOOLEAN' },
};

/** The Parquet schema: scalars as leaves, lists as the standard 3-level LIST of a struct. */
export function parquetSchema(fields: readonly Field[]): SchemaElement[] {
  const schema: SchemaElement[] = [{ name: 'root', num_children: fields.length }];
  for (const f of fields) {
    if (isList(f)) {
      schema.push(
        { name: f.name, repetition_type: 'REQUIRED', converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', repetition_type: 'REQUIRED', num_children: f.items.length },
        ...f.items.map((i): SchemaElement => ({ name: i.name, ...PARQUET_LEAF[i.type], repetition_type: i.nullable ? 'OPTIONAL' : 'REQUIRED' })),
      );
    } else {
      schema.push({ name: f.name, ...PARQUET_LEAF[f.type], repetition_type: f.nullable ? 'OPTIONAL' : 'REQUIRED' });
    }
  }
  return schema;
}

/** The `dataset_info.features` of a Hugging Face dataset card. */
export function hfFeatures(fields: readonly Field[]): unknown[] {
  return fields.map((f) => (isList(f) ? { name: f.name, list: f.items.map((i) => ({ name: i.name, dtype: i.type })) } : { name: f.name, dtype: f.type }));
}

/** The columns every full record shares: instruction, input, output (when the dataset has single-turn rows) and messages. */
export function coreFields(r: ExportRecord, columns: ColumnChoice): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  if (columns.single) {
    row.instruction = r.single?.instruction ?? null;
    row.input = r.single?.input ?? null;
    row.output = r.single?.output ?? null;
  }
  row.messages = r.messages;
  for (const name of columns.extra ?? []) row[name] = extraText(r.extra?.[name]);
  return row;
}

/** An extra column's value as a Parquet/JSON string: text as it is, anything else as JSON, null when absent. */
export function extraText(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}
