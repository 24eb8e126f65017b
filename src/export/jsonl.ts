import type { ColumnChoice } from './columns.js';
import type { ExportRecord } from './types.js';

/**
 * The full record, as in Parquet: instruction, input, output (null on conversations; left out when
 * the dataset has no single-turn rows), messages, and a `provenance` object when asked for.
 */
export function fullRecordRow(r: ExportRecord, columns: ColumnChoice): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  if (columns.single) {
    row.instruction = r.single?.instruction ?? null;
    row.input = r.single?.input ?? null;
    row.output = r.single?.output ?? null;
  }
  row.messages = r.messages;
  if (r.provenance) row.provenance = r.provenance;
  return row;
}
