import { statSync } from 'node:fs';
import { fileWriter, parquetWriteRows, type KeyValue } from 'hyparquet-writer';
import { coreFields, parquetSchema, recordFields, type ColumnChoice } from './columns.js';
import type { ExportRecord } from './types.js';

/** Rows per row group: each group is transposed and encoded in memory, so this bounds the writer's memory. */
export const DEFAULT_ROW_GROUP_SIZE = 10_000;

/** A record as a Parquet row: the full record with provenance flattened into columns (int64 as bigint). */
export function parquetRow(r: ExportRecord, columns: ColumnChoice): Record<string, unknown> {
  const row = coreFields(r, columns);
  const p = r.provenance;
  if (columns.provenance && p) {
    row.sample_id = BigInt(p.sample_id);
    row.run = p.run;
    row.kind = p.kind;
    row.stage = p.stage;
    row.status = p.status;
    row.call_id = p.call_id === null ? null : BigInt(p.call_id);
    row.judge_score = p.judge_score;
    row.verdicts = p.verdicts;
    row.parents = p.parents.map((x) => ({ id: BigInt(x.id), relation: x.relation }));
  }
  return row;
}

export interface ParquetWriteResult {
  rows: number;
  bytes: number;
}

/**
 * Stream records into one Parquet file: hyparquet-writer pulls a row group at a time from the
 * async source, so memory stays bounded by the row-group size whatever the row count.
 */
export async function writeParquetFile(
  path: string,
  records: AsyncIterable<ExportRecord>,
  columns: ColumnChoice,
  opts: { rowGroupSize?: number; kvMetadata?: KeyValue[]; createdBy?: string } = {},
): Promise<ParquetWriteResult> {
  const fields = recordFields(columns);
  let rows = 0;
  async function* source(): AsyncGenerator<Record<string, unknown>> {
    for await (const r of records) {
      rows++;
      yield parquetRow(r, columns);
    }
  }
  await parquetWriteRows({
    writer: fileWriter(path),
    rows: source(),
    columns: fields.map((f) => ({ name: f.name })),
    schema: parquetSchema(fields),
    rowGroupSize: opts.rowGroupSize ?? DEFAULT_ROW_GROUP_SIZE,
    kvMetadata: opts.kvMetadata,
    createdBy: opts.createdBy,
  });
  return { rows, bytes: statSync(path).size };
}
