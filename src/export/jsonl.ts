import { coreFields, type ColumnChoice } from './columns.js';
import type { ExportRecord } from './types.js';

/**
 * The full record, as in Parquet: instruction, input, output (null on conversations; left out when
 * the dataset has no single-turn rows), messages, and a `provenance` object when asked for.
 */
export function fullRecordRow(r: ExportRecord, columns: ColumnChoice): Record<string, unknown> {
  const row = coreFields(r, columns);
  if (r.provenance) row.provenance = r.provenance;
  return row;
}
