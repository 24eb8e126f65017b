/**
 * A row on its way through the stages: one per input row at first, one per answer after a stage
 * with `n` > 1. Each carries its fields, the calls it came from, its verdicts, and why it stopped.
 */
import type { Verdict } from '../../store/samples.js';
import type { SourceRow } from './inputs.js';
import type { Fields } from './render.js';

export interface Branch {
  source: SourceRow;
  /** The answer index taken at each stage so far ("0", "0.2"...): tells apart a row's branches. */
  path: number[];
  fields: Fields;
  calls: Record<string, number>;
  teachers: Record<string, string>;
  system?: string;
  verdicts: Verdict[];
  /** The stage that rejected it, and the failed filter. */
  rejected?: { stage: string; reason: string };
  /** The ROUGE-L pool's pending id, once it passed the rouge filter. */
  poolId?: number;
}

export function startBranch(source: SourceRow): Branch {
  return { source, path: [], fields: { ...source.fields }, calls: {}, teachers: {}, verdicts: [] };
}

export function reject(b: Branch, stage: string, reason: string): void {
  b.rejected ??= { stage, reason };
}
