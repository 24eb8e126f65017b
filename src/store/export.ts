import type { Db } from './db.js';
import { hasReviews, LATEST_DECISION } from './audit.js';
import type { SampleStatus } from './samples.js';

/**
 * The read queries of `distillery export`: which rows of a run make its dataset, streamed in id
 * order with `.iterate()` so a million rows never sit in memory at once.
 */

export interface ExportFilter {
  runId: number;
  /** Sample kinds to export (at least one). */
  kinds: readonly string[];
  statuses: readonly SampleStatus[];
  /** Only these stages, when given and non-empty. */
  stages?: readonly string[];
  /** Keep rows whose judge score (see `judgeRound`) is at least this; rows with no judge score are left out. */
  minScore?: number;
  /** By the latest human decision: only approved ones, all but rejected ones, or regardless (default). */
  reviewed?: ReviewedChoice;
}

export const REVIEWED_CHOICES = ['approved', 'not-rejected', 'any'] as const;
export type ReviewedChoice = (typeof REVIEWED_CHOICES)[number];

/** One stored sample as the export reads it. */
export interface ExportRowRaw {
  id: number;
  kind: string;
  stage: string;
  status: SampleStatus;
  instruction: string;
  input: string;
  output: string;
  messages_json: string | null;
  call_id: number | null;
  /** Present with provenance or a min-score filter. */
  judge_score?: number | null;
  /** JSON arrays, present with provenance: [{filter, passed, score}] and [{id, relation}]. */
  verdicts_json?: string;
  parents_json?: string;
  /** A JSON object of the pipeline's own columns, when asked for. */
  columns_json?: string | null;
}

/** 0: single-turn fields; 1: a conversation of one exchange; 2: a multi-turn conversation; 3: messages_json that is not a JSON list. */
export type RowShape = 0 | 1 | 2 | 3;

export interface KindCount {
  kind: string;
  n: number;
  /** Rows of this kind that hold an output or messages. */
  withContent: number;
}

export interface FilterCount {
  kind: string;
  filter: string;
  checked: number;
  passed: number;
  failed: number;
  meanScore: number | null;
}

/** Every kind stored for a run, with how many of its rows carry an output or messages. */
export function kindCounts(db: Db, runId: number): KindCount[] {
  return db
    .prepare(
      `SELECT kind, COUNT(*) AS n, COALESCE(SUM(output != '' OR messages_json IS NOT NULL), 0) AS withContent
       FROM samples WHERE run_id = ? GROUP BY kind ORDER BY MIN(id)`,
    )
    .all(runId) as KindCount[];
}

/** Rows of a run by status among the given kinds (for "nothing matched" messages). */
export function statusCounts(db: Db, runId: number, kinds: readonly string[]): { status: string; n: number }[] {
  if (kinds.length === 0) return [];
  return db
    // Only rows with an output or messages can be exported, so only those are counted.
    .prepare(`SELECT status, COUNT(*) AS n FROM samples WHERE run_id = ? AND kind IN (${marks(kinds)}) AND (output != '' OR messages_json IS NOT NULL) GROUP BY status ORDER BY status`)
    .all(runId, ...kinds) as { status: string; n: number }[];
}

/** Whether any sample of these kinds has a scored judge verdict. */
export function hasJudgeScores(db: Db, runId: number, kinds: readonly string[]): boolean {
  if (kinds.length === 0) return false;
  const row = db
    .prepare(
      `SELECT 1 FROM verdicts v JOIN samples s ON s.id = v.sample_id
       WHERE s.run_id = ? AND s.kind IN (${marks(kinds)}) AND v.filter LIKE 'judge%' AND v.score IS NOT NULL LIMIT 1`,
    )
    .get(runId, ...kinds);
  return row !== undefined;
}

/** Verdict counts per kind and filter over the whole run: what each filter checked, passed and failed. */
export function filterCounts(db: Db, runId: number): FilterCount[] {
  return db
    .prepare(
      `SELECT s.kind AS kind, v.filter AS filter, COUNT(*) AS checked, COALESCE(SUM(v.passed = 1), 0) AS passed,
              COALESCE(SUM(v.passed = 0), 0) AS failed, AVG(v.score) AS meanScore
       FROM verdicts v JOIN samples s ON s.id = v.sample_id
       WHERE s.run_id = ? GROUP BY s.kind, v.filter ORDER BY MIN(s.id), MIN(v.id)`,
    )
    .all(runId) as FilterCount[];
}

/** Each matching row's id and shape, in id order: the cheap first pass (counts, splits, checks). */
export function iterateExportShapes(db: Db, f: ExportFilter): IterableIterator<{ id: number; shape: RowShape }> {
  registerFunctions(db);
  const shape = `CASE WHEN s.messages_json IS NULL THEN 0
      WHEN NOT json_valid(s.messages_json) OR json_type(s.messages_json) != 'array' THEN 3
      WHEN (SELECT COUNT(*) FROM json_each(s.messages_json) WHERE json_extract(value, '$.role') IS NOT 'system') > 2 THEN 2
      ELSE 1 END`;
  const { sql, params } = selectSql(db, f, `s.id AS id, ${shape} AS shape`, false);
  return db.prepare(sql).iterate(params) as IterableIterator<{ id: number; shape: RowShape }>;
}

/** The matching rows, in id order; with `provenance`, each row's verdict summary, parents and judge score. */
export function iterateExportRows(db: Db, f: ExportFilter, opts: { provenance: boolean; extra?: boolean }): IterableIterator<ExportRowRaw> {
  registerFunctions(db);
  const cols = [
    's.id AS id',
    's.kind AS kind',
    's.stage AS stage',
    's.status AS status',
    's.instruction AS instruction',
    's.input AS input',
    's.output AS output',
    's.messages_json AS messages_json',
    's.call_id AS call_id',
  ];
  // A pipeline's own columns (a custom pipeline's `output.columns`), kept in the sample's meta.
  if (opts.extra) cols.push(`json_extract(s.meta_json, '$.columns') AS columns_json`);
  if (opts.provenance) {
    cols.push(
      `(SELECT json_group_array(json_object('filter', v.filter, 'passed', v.passed, 'score', v.score))
          FROM (SELECT filter, passed, score FROM verdicts WHERE sample_id = s.id ORDER BY id) AS v) AS verdicts_json`,
      `(SELECT json_group_array(json_object('id', l.parent_id, 'relation', l.relation))
          FROM (SELECT parent_id, relation FROM lineage WHERE child_id = s.id ORDER BY relation, position) AS l) AS parents_json`,
    );
  }
  const { sql, params } = selectSql(db, f, cols.join(', '), opts.provenance);
  return db.prepare(sql).iterate(params) as IterableIterator<ExportRowRaw>;
}

/**
 * The number in a judge filter's name, so the latest judging round wins: `judge-iter2` → 2,
 * `judge-iter1` → 1, plain `judge` → 0.
 */
export function judgeRound(filter: string): number {
  const m = /(\d+)\D*$/.exec(filter);
  return m ? Number(m[1]) : 0;
}

const JUDGE_SCORE = `(SELECT v.score FROM verdicts v
    WHERE v.sample_id = s.id AND v.filter LIKE 'judge%' AND v.score IS NOT NULL
    ORDER BY distillery_judge_round(v.filter) DESC, v.id DESC LIMIT 1)`;

function selectSql(db: Db, f: ExportFilter, columns: string, withJudge: boolean): { sql: string; params: unknown[] } {
  if (f.kinds.length === 0) throw new Error('export query needs at least one kind');
  if (f.statuses.length === 0) throw new Error('export query needs at least one status');
  const where = [`s.run_id = ?`, `s.kind IN (${marks(f.kinds)})`, `s.status IN (${marks(f.statuses)})`, `(s.output != '' OR s.messages_json IS NOT NULL)`];
  const params: unknown[] = [f.runId, ...f.kinds, ...f.statuses];
  if (f.stages && f.stages.length > 0) {
    where.push(`s.stage IN (${marks(f.stages)})`);
    params.push(...f.stages);
  }
  // A file without the reviews table (older, opened read-only) has no decisions: nothing is approved, nothing rejected.
  if (f.reviewed === 'approved') where.push(hasReviews(db) ? `${LATEST_DECISION} = 'approved'` : '0');
  else if (f.reviewed === 'not-rejected' && hasReviews(db)) where.push(`${LATEST_DECISION} IS NOT 'rejected'`);
  const judged = withJudge || f.minScore !== undefined;
  const inner = `SELECT ${columns}${judged ? `, ${JUDGE_SCORE} AS judge_score` : ''} FROM samples s WHERE ${where.join(' AND ')}`;
  if (f.minScore === undefined) return { sql: `${inner} ORDER BY s.id`, params };
  params.push(f.minScore);
  return { sql: `SELECT * FROM (${inner}) WHERE judge_score >= ? ORDER BY id`, params };
}

function marks(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

const registered = new WeakSet<Db>();

function registerFunctions(db: Db): void {
  if (registered.has(db)) return;
  db.function('distillery_judge_round', { deterministic: true }, (name: unknown) => judgeRound(String(name)));
  registered.add(db);
}

/** The latest human decisions on a run's samples of these kinds (those with an output or messages), for the dataset card. */
export function reviewCounts(db: Db, runId: number, kinds: readonly string[]): { samples: number; approved: number; rejected: number; flagged: number } {
  if (kinds.length === 0) return { samples: 0, approved: 0, rejected: 0, flagged: 0 };
  const decision = hasReviews(db) ? LATEST_DECISION : 'NULL';
  return db
    .prepare(
      `SELECT COUNT(*) AS samples, COALESCE(SUM(d = 'approved'), 0) AS approved, COALESCE(SUM(d = 'rejected'), 0) AS rejected, COALESCE(SUM(d = 'flagged'), 0) AS flagged
       FROM (SELECT ${decision} AS d FROM samples s WHERE s.run_id = ? AND s.kind IN (${marks(kinds)}) AND (s.output != '' OR s.messages_json IS NOT NULL))`,
    )
    .get(runId, ...kinds) as { samples: number; approved: number; rejected: number; flagged: number };
}
