import { ByteWriter, parquetWriteRows, type KeyValue } from 'hyparquet-writer';
import type { CheckedFile } from '../util/atomic-file.js';
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
 * Stream records into one Parquet file, then close it (on disk, still under its temporary name):
 * hyparquet-writer pulls a row group at a time from the async source, so memory stays bounded by
 * the row-group size whatever the row count.
 */
export async function writeParquetFile(
  file: CheckedFile,
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
    writer: checkedWriter(file),
    rows: source(),
    columns: fields.map((f) => ({ name: f.name })),
    schema: parquetSchema(fields),
    rowGroupSize: opts.rowGroupSize ?? DEFAULT_ROW_GROUP_SIZE,
    kvMetadata: opts.kvMetadata,
    createdBy: opts.createdBy,
  });
  file.close();
  return { rows, bytes: file.bytes };
}

/**
 * hyparquet-writer's fileWriter with checked writes: its buffer goes to `file` about every MB
 * (and at the end) instead of through appendFileSync, so a short write or a full disk is an error.
 */
function checkedWriter(file: CheckedFile): ByteWriter {
  const writer = new ByteWriter();
  const chunkSize = 1_000_000;
  const flush = () => {
    if (writer.index === 0) return;
    file.write(new Uint8Array(writer.buffer.slice(0, writer.index))); // a copy: the buffer is reused
    writer.index = 0;
  };
  const grow = ByteWriter.prototype.ensure;
  writer.ensure = function (size: number) {
    if (writer.index > chunkSize) flush();
    grow.call(writer, size);
  };
  writer.getBuffer = () => {
    throw new Error('getBuffer not supported for a file writer');
  };
  writer.getBytes = () => {
    throw new Error('getBytes not supported for a file writer');
  };
  writer.finish = flush;
  return writer;
}
