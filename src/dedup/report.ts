import type { DedupOutcome } from './dedup.js';
import type { DedupRow } from './rows.js';

/**
 * One line of the rejected file: the row, where it was, its score and the kept row it is too
 * close to, so a reader can judge the verdict without opening the input.
 */
export function rejectedLine(rows: readonly DedupRow[], outcome: DedupOutcome, i: number): string {
  const row = rows[i]!;
  const j = outcome.match[i]!;
  const similar = rows[j]!;
  return JSON.stringify({
    index: i,
    ...(row.line !== undefined ? { line: row.line } : {}),
    score: outcome.score[i],
    most_similar: { index: j, ...(similar.line !== undefined ? { line: similar.line } : {}), text: similar.text },
    row: row.value,
  });
}

/** One line of the kept file: the row exactly as read (re-serialised when it came from a JSON array). */
export function keptLine(rows: readonly DedupRow[], i: number): string {
  const row = rows[i]!;
  return row.raw ?? JSON.stringify(row.value);
}

export interface DedupCounts {
  rows: number;
  kept: number;
  rejected: number;
  comparisons: number;
  candidates: number;
  /** Pairs the brute-force filter would score: one per row per row kept before it. */
  bruteForcePairs: number;
}

export function countsOf(outcome: DedupOutcome): DedupCounts {
  let pairs = 0;
  let keptSoFar = 0;
  for (let i = 0; i < outcome.kept.length; i++) {
    pairs += keptSoFar;
    keptSoFar += outcome.kept[i]!;
  }
  const rows = outcome.kept.length;
  return { rows, kept: outcome.keptCount, rejected: rows - outcome.keptCount, comparisons: outcome.comparisons, candidates: outcome.candidates, bruteForcePairs: pairs };
}
