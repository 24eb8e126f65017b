import type { Agreement } from '../methods/preference/ranking.js';

/** One stored rating, as the dashboard reads it back from the verdicts. */
export interface RatingRow {
  aspect: string;
  teacher: string;
  rating: number;
}

/** Counts of ratings 1..5 (index 0 = rating 1) per aspect and per teacher, for the dashboard's histograms. */
export function ratingDistributions(rows: readonly RatingRow[]): {
  byAspect: Record<string, number[]>;
  byTeacher: Record<string, number[]>;
} {
  const byAspect: Record<string, number[]> = {};
  const byTeacher: Record<string, number[]> = {};
  for (const r of rows) {
    if (!Number.isInteger(r.rating) || r.rating < 1 || r.rating > 5) continue; // only validated ratings are stored
    (byAspect[r.aspect] ??= [0, 0, 0, 0, 0])[r.rating - 1]!++;
    (byTeacher[r.teacher] ??= [0, 0, 0, 0, 0])[r.rating - 1]!++;
  }
  return { byAspect, byTeacher };
}

/** Position-bias agreement over a run's ranked prompts, as `status` and the report would show it. */
export function agreementRates(all: readonly Agreement[]): { prompts: number; full: number; top: number; pairwise: number } {
  const n = all.length;
  if (n === 0) return { prompts: 0, full: 0, top: 0, pairwise: 0 };
  const share = (f: (a: Agreement) => number) => all.reduce((s, a) => s + f(a), 0) / n;
  return { prompts: n, full: share((a) => +a.full), top: share((a) => +a.top), pairwise: share((a) => a.pairwise) };
}
