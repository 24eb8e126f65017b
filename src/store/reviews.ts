/**
 * Human review decisions (schema 6). A decision is a row of its own: it never changes a sample's
 * status or its machine verdicts, and a later decision on the same sample supersedes an earlier
 * one (the highest id wins), so the full history stays for the audit.
 */
import { z } from 'zod';
import type { Db } from './db.js';
import { nowIso } from './db.js';
import { hasReviews, whereOf, type SampleFilter } from './audit.js';

export const DECISIONS = ['approved', 'rejected', 'flagged'] as const;
export type Decision = (typeof DECISIONS)[number];

export class ReviewError extends Error {
  override name = 'ReviewError';
}

const noControl = (s: string) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s);

/** What a reviewer says about a sample (validated here: the store is the boundary every writer passes). */
export const ReviewInput = z.object({
  decision: z.enum(DECISIONS),
  note: z.string().max(4000, 'a note holds at most 4000 characters').refine(noControl, 'a note may not hold control characters').default(''),
  labels: z
    .array(z.string().trim().min(1).max(60, 'a label holds at most 60 characters').refine(noControl, 'a label may not hold control characters'))
    .max(20, 'at most 20 labels')
    .default([]),
  reviewer: z.string().trim().min(1, 'a reviewer name is needed').max(100, 'a reviewer name holds at most 100 characters').refine(noControl, 'a reviewer name may not hold control characters'),
});
export type ReviewInput = z.input<typeof ReviewInput>;

function parse(input: ReviewInput): z.output<typeof ReviewInput> {
  const r = ReviewInput.safeParse(input);
  if (!r.success) throw new ReviewError(r.error.issues.map((i) => `${i.path.join('.') || 'review'}: ${i.message}`).join('; '));
  return { ...r.data, labels: [...new Set(r.data.labels)] };
}

function requireTable(db: Db): void {
  if (!hasReviews(db)) throw new ReviewError('this database has no reviews table yet (open it once with a writable connection to upgrade it)');
}

export interface ReviewRow {
  id: number;
  sample_id: number;
  run_id: number;
  decision: Decision;
  note: string;
  labels: string[];
  reviewer: string;
  created_at: string;
}

type StoredReview = Omit<ReviewRow, 'labels'> & { labels_json: string };

function fromStored(r: StoredReview): ReviewRow {
  let labels: string[] = [];
  try {
    const v: unknown = JSON.parse(r.labels_json);
    if (Array.isArray(v)) labels = v.filter((x): x is string => typeof x === 'string');
  } catch {
    // A hand-edited row: shown without labels rather than failing the page.
  }
  const { labels_json: _ignored, ...rest } = r;
  return { ...rest, labels };
}

/** Record one decision on one sample; returns the new review's id. */
export function recordReview(db: Db, sampleId: number, input: ReviewInput, now = nowIso()): number {
  requireTable(db);
  const r = parse(input);
  const sample = db.prepare(`SELECT run_id FROM samples WHERE id = ?`).get(sampleId) as { run_id: number } | undefined;
  if (!sample) throw new ReviewError(`no sample ${sampleId}`);
  const info = db
    .prepare(`INSERT INTO reviews (sample_id, run_id, decision, note, labels_json, reviewer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
    .run(sampleId, sample.run_id, r.decision, r.note, JSON.stringify(r.labels), r.reviewer, now);
  return Number(info.lastInsertRowid);
}

/** Record one decision on every sample of a run matching a browser filter, in one statement; returns how many. */
export function recordReviewsForFilter(db: Db, runId: number, filter: SampleFilter, input: ReviewInput, now = nowIso()): number {
  requireTable(db);
  const r = parse(input);
  const w = whereOf(db, runId, filter);
  const info = db
    .prepare(
      `INSERT INTO reviews (sample_id, run_id, decision, note, labels_json, reviewer, created_at)
       SELECT s.id, s.run_id, ?, ?, ?, ?, ? FROM samples s WHERE ${w.sql} ORDER BY s.id`,
    )
    .run(r.decision, r.note, JSON.stringify(r.labels), r.reviewer, now, ...w.params);
  return info.changes;
}

/** Every decision on one sample, oldest first (the last one counts). */
export function reviewHistory(db: Db, sampleId: number): ReviewRow[] {
  if (!hasReviews(db)) return [];
  return (db.prepare(`SELECT * FROM reviews WHERE sample_id = ? ORDER BY id`).all(sampleId) as StoredReview[]).map(fromStored);
}

/** The latest decision of each given sample (samples nobody reviewed are absent from the map). */
export function latestReviews(db: Db, sampleIds: readonly number[]): Map<number, ReviewRow> {
  const out = new Map<number, ReviewRow>();
  if (!hasReviews(db) || sampleIds.length === 0) return out;
  const stmt = db.prepare(`SELECT r.* FROM review_latest h JOIN reviews r ON r.id = h.review_id WHERE h.sample_id = ?`);
  for (const id of new Set(sampleIds)) {
    const row = stmt.get(id) as StoredReview | undefined;
    if (row) out.set(id, fromStored(row));
  }
  return out;
}

/** The latest decision of every reviewed sample of a run, by sample id. */
export function latestReviewsOfRun(db: Db, runId: number): Map<number, ReviewRow> {
  const out = new Map<number, ReviewRow>();
  if (!hasReviews(db)) return out;
  const rows = db
    .prepare(`SELECT r.* FROM review_latest h JOIN reviews r ON r.id = h.review_id WHERE h.run_id = ? ORDER BY h.sample_id`)
    .all(runId) as StoredReview[];
  for (const r of rows) out.set(r.sample_id, fromStored(r));
  return out;
}

export interface ReviewProgress {
  kind: string;
  samples: number;
  reviewed: number;
  approved: number;
  rejected: number;
  flagged: number;
}

/**
 * Per kind: how many samples there are and how many have a human decision, by latest decision.
 * The totals come from the counting index; the decisions from review_latest's index alone, so the
 * cost follows the number of reviewed samples, not the size of the run.
 */
export function reviewProgress(db: Db, runId: number): ReviewProgress[] {
  const totals = db.prepare(`SELECT kind, COUNT(*) AS samples FROM samples WHERE run_id = ? GROUP BY kind ORDER BY MIN(id)`).all(runId) as { kind: string; samples: number }[];
  const out = new Map(totals.map((t) => [t.kind, { kind: t.kind, samples: t.samples, reviewed: 0, approved: 0, rejected: 0, flagged: 0 }]));
  if (!hasReviews(db)) return [...out.values()];
  const decided = db
    .prepare(
      `SELECT kind, decision, COUNT(*) AS n FROM review_latest WHERE run_id = ? GROUP BY kind, decision`,
    )
    .all(runId) as { kind: string; decision: Decision; n: number }[];
  for (const d of decided) {
    const p = out.get(d.kind);
    if (!p) continue;
    p[d.decision] += d.n;
    p.reviewed += d.n;
  }
  return [...out.values()];
}

export interface Agreement {
  /** A machine filter's name, or "(status)" for the sample's final accepted/rejected status. */
  filter: string;
  /** Samples the filter passed (accepted) that a reviewer approved or rejected. */
  passedReviewed: number;
  /** ...of which the reviewer rejected. */
  rejectedWhatPassed: number;
  /** Samples the filter failed (rejected) that a reviewer approved or rejected. */
  failedReviewed: number;
  /** ...of which the reviewer approved. */
  approvedWhatFailed: number;
}

/**
 * Machine-human agreement per filter over the samples whose latest decision is approved or
 * rejected (a flag is no verdict): how often reviewers rejected what a filter passed and approved
 * what it failed. The run's own accept/reject status comes first, as "(status)".
 */
export function reviewAgreement(db: Db, runId: number): Agreement[] {
  if (!hasReviews(db)) return [];
  const decided = `SELECT h.sample_id AS id, h.decision AS d FROM review_latest h WHERE h.run_id = ? AND h.decision IN ('approved', 'rejected')`;
  const status = db
    .prepare(
      `SELECT '(status)' AS filter, COALESCE(SUM(s.status = 'accepted'), 0) AS passedReviewed, COALESCE(SUM(s.status = 'accepted' AND h.d = 'rejected'), 0) AS rejectedWhatPassed,
              COALESCE(SUM(s.status = 'rejected'), 0) AS failedReviewed, COALESCE(SUM(s.status = 'rejected' AND h.d = 'approved'), 0) AS approvedWhatFailed
       FROM (${decided}) h JOIN samples s ON s.id = h.id`,
    )
    .get(runId) as Agreement;
  const filters = db
    .prepare(
      `SELECT v.filter AS filter, COALESCE(SUM(v.passed != 0), 0) AS passedReviewed, COALESCE(SUM(v.passed != 0 AND h.d = 'rejected'), 0) AS rejectedWhatPassed,
              COALESCE(SUM(v.passed = 0), 0) AS failedReviewed, COALESCE(SUM(v.passed = 0 AND h.d = 'approved'), 0) AS approvedWhatFailed
       FROM (${decided}) h JOIN verdicts v ON v.sample_id = h.id GROUP BY v.filter ORDER BY MIN(v.id)`,
    )
    .all(runId) as Agreement[];
  return status.passedReviewed + status.failedReviewed > 0 ? [status, ...filters] : filters;
}

/** Changes whenever a run gets a review (ids only grow): the key of cached review figures. */
export function reviewFingerprint(db: Db, runId: number): string {
  if (!hasReviews(db)) return 'none';
  const r = db.prepare(`SELECT MAX(id) AS last FROM reviews WHERE run_id = ?`).get(runId) as { last: number | null };
  return String(r.last ?? 0);
}
