/**
 * Read-only queries for the audit (status, show, samples, report, web viewer).
 * Every statement here is a SELECT; callers open the database read-only.
 * Generic over kind, stage and relation: nothing here knows a recipe.
 */
import type { Db } from './db.js';
import type { CallRow } from './calls.js';
import type { RunRow } from './runs.js';
import type { SampleRow } from './samples.js';

export type { CallRow, RunRow, SampleRow };

/** Samples of a run counted by kind, stage, status and reason. */
export interface SampleCount {
  kind: string;
  stage: string;
  status: string;
  reason: string | null;
  n: number;
}

export function sampleCounts(db: Db, runId: number): SampleCount[] {
  return db
    .prepare(
      `SELECT kind, stage, status, reason, COUNT(*) AS n FROM samples WHERE run_id = ?
       GROUP BY kind, stage, status, reason ORDER BY MIN(id), n DESC`,
    )
    .all(runId) as SampleCount[];
}

/** Verdicts of a run by filter and kind: how often it passed and failed, and the mean score. */
export interface VerdictStat {
  kind: string;
  filter: string;
  passed: number;
  failed: number;
  scored: number;
  meanScore: number | null;
  /** Order of first use in the run: the order the pipeline applies its filters. */
  firstId: number;
}

export function verdictStats(db: Db, runId: number): VerdictStat[] {
  // From schema 5 a verdict carries its run and kind: one covering index, no join. A database of an
  // older version opened read-only (never migrated) is counted through its samples.
  const sql =
    schemaVersion(db) >= 5
      ? `SELECT kind, filter, SUM(passed != 0) AS passed, SUM(passed = 0) AS failed,
                COUNT(score) AS scored, AVG(score) AS meanScore, MIN(id) AS firstId
         FROM verdicts WHERE run_id = ? GROUP BY kind, filter ORDER BY kind, firstId`
      : `SELECT s.kind AS kind, v.filter AS filter, SUM(v.passed != 0) AS passed, SUM(v.passed = 0) AS failed,
                COUNT(v.score) AS scored, AVG(v.score) AS meanScore, MIN(v.id) AS firstId
         FROM samples s JOIN verdicts v ON v.sample_id = s.id
         WHERE s.run_id = ? GROUP BY s.kind, v.filter ORDER BY s.kind, firstId`;
  return db.prepare(sql).all(runId) as VerdictStat[];
}

function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export interface WaveProgress {
  waves: number;
  lastWave: number | null;
  lastStage: string | null;
  lastAt: string | null;
}

export function waveProgress(db: Db, runId: number): WaveProgress {
  const row = db
    .prepare(
      `SELECT COUNT(*) AS waves, MAX(wave) AS lastWave,
              (SELECT stage FROM waves w2 WHERE w2.run_id = ? ORDER BY wave DESC LIMIT 1) AS lastStage,
              MAX(completed_at) AS lastAt
       FROM waves WHERE run_id = ?`,
    )
    .get(runId, runId) as WaveProgress;
  return row;
}

export interface CallStageStat {
  stage: string;
  calls: number;
  ok: number;
  failed: number;
  pending: number;
  reused: number;
  promptTokens: number;
  completionTokens: number;
  cost: number;
  meanLatencyMs: number | null;
  truncated: number;
}

/** Calls of a run by stage. Tokens count only requests this run sent (reused answers are free). */
export function callStageStats(db: Db, runId: number): CallStageStat[] {
  return db
    .prepare(
      `SELECT stage, COUNT(*) AS calls, SUM(status = 'ok') AS ok, SUM(status = 'failed') AS failed, SUM(status = 'pending') AS pending,
              SUM(reused_from IS NOT NULL) AS reused,
              COALESCE(SUM(CASE WHEN reused_from IS NULL THEN prompt_tokens END), 0) AS promptTokens,
              COALESCE(SUM(CASE WHEN reused_from IS NULL THEN completion_tokens END), 0) AS completionTokens,
              COALESCE(SUM(cost), 0) AS cost,
              AVG(CASE WHEN reused_from IS NULL THEN latency_ms END) AS meanLatencyMs,
              SUM(finish_reason = 'length') AS truncated
       FROM calls WHERE run_id = ? GROUP BY stage ORDER BY MIN(id)`,
    )
    .all(runId) as CallStageStat[];
}

/** The score of every sample under one scored filter (for ROUGE-L: its highest similarity to the pool), and the filter's threshold. */
export function filterScores(db: Db, runId: number, filter: string): { scores: number[]; threshold: number | null } {
  const from = verdictsOf(db);
  // In index order, not by id: the scores feed a histogram.
  const scores = db.prepare(`SELECT v.score FROM ${from} AND v.score IS NOT NULL`).pluck().all(runId, filter) as number[];
  return { scores, threshold: filterThreshold(db, runId, filter) };
}

/**
 * A filter's scores counted into `count` equal bins over [min, max) by SQLite, with the arithmetic
 * of charts/histogram.ts's binValues (values below and above land in the first and last bin), so a
 * 300K-sample run's similarity histogram moves 20 numbers instead of 300K.
 */
export function filterScoreBins(db: Db, runId: number, filter: string, min: number, max: number, count: number): { bins: { lo: number; hi: number; n: number }[]; threshold: number | null } {
  const width = (max - min) / count;
  const bins = Array.from({ length: count }, (_, i) => ({ lo: min + i * width, hi: min + (i + 1) * width, n: 0 }));
  if (width > 0) {
    const rows = db
      .prepare(`SELECT MIN(?, MAX(0, CAST((v.score - ?) / ? + 1e-9 AS INTEGER))) AS i, COUNT(*) AS n FROM ${verdictsOf(db)} AND v.score IS NOT NULL GROUP BY 1`)
      .all(count - 1, min, width, runId, filter) as { i: number; n: number }[];
    for (const r of rows) bins[r.i]!.n += r.n;
  }
  return { bins, threshold: filterThreshold(db, runId, filter) };
}

/**
 * The threshold a filter's verdicts of a run name in their detail (the first found), or null. A
 * run's verdicts of one filter share one configured threshold, so the first few are read: a filter
 * whose verdicts name none (the judge's say `min_score`) cost a scan of all of them, 0.4 s at 300K.
 */
function filterThreshold(db: Db, runId: number, filter: string): number | null {
  const t = db
    .prepare(
      `SELECT json_extract(d, '$.threshold') AS t FROM (SELECT v.detail_json AS d FROM ${verdictsOf(db)} AND v.detail_json IS NOT NULL LIMIT ${THRESHOLD_PROBE})
        WHERE json_valid(d) AND typeof(json_extract(d, '$.threshold')) IN ('real', 'integer') LIMIT 1`,
    )
    .get(runId, filter) as { t: number } | undefined;
  return t?.t ?? null;
}
const THRESHOLD_PROBE = 200;

/** A run's verdicts of one filter (parameters: run id, filter): from schema 5 by the verdict's own run, before it through samples. */
function verdictsOf(db: Db): string {
  return schemaVersion(db) >= 5 ? `verdicts v WHERE v.run_id = ? AND v.filter = ?` : `verdicts v JOIN samples s ON s.id = v.sample_id WHERE s.run_id = ? AND v.filter = ?`;
}

/**
 * Text of a run's accepted generated samples (the recipe's input kinds, seeds at least, left
 * out), for lengths and verb analysis; with `every` above 1, only samples whose id is a multiple
 * of it (read through the index, so a large run's sample costs what it reads).
 */
export function acceptedTexts(db: Db, runId: number, every = 1, inputKinds: readonly string[] = ['seed']): Iterable<{ instruction: string; input: string; output: string; turns: number | null }> {
  const kinds = inputKinds.length ? inputKinds : ['seed'];
  return db
    .prepare(
      `SELECT instruction, input, output,
              CASE WHEN messages_json IS NOT NULL AND json_valid(messages_json) THEN json_array_length(messages_json) END AS turns
       FROM samples WHERE run_id = ? AND status = 'accepted' AND kind NOT IN (${kinds.map(() => '?').join(', ')}) AND id % ? = 0 ORDER BY id`,
    )
    .iterate(runId, ...kinds, every) as Iterable<{ instruction: string; input: string; output: string; turns: number | null }>;
}

export interface RoundCount {
  kind: string;
  round: number;
  status: string;
  n: number;
}

/**
 * The round of a sample: the column, or meta_json.round. Indexed as written here (schema 5): the
 * queries below repeat it exactly so SQLite reads the index instead of parsing every row's JSON.
 */
const ROUND_OF = `(CASE WHEN round != 0 THEN round WHEN json_valid(meta_json) AND typeof(json_extract(meta_json, '$.round')) = 'integer' THEN json_extract(meta_json, '$.round') ELSE 0 END)`;
/** meta_json.operation when it is a string (Evol-Instruct's evolution operations); indexed as written (schema 5). */
const OPERATION_OF = `(CASE WHEN json_valid(meta_json) AND json_type(meta_json, '$.operation') = 'text' THEN json_extract(meta_json, '$.operation') END)`;
export const COUNT_EXPRESSION_INDEXES = { ROUND_OF, OPERATION_OF };

/** Samples by round and status, seeds left out; rounds above 0 only mean anything to iterative recipes. */
export function roundCounts(db: Db, runId: number): RoundCount[] {
  // Grouped by position: an alias "round" would name the column in GROUP BY. Seeds are left out
  // here rather than in WHERE, which would lead SQLite to another index.
  const rows = db.prepare(`SELECT kind, ${ROUND_OF} AS round, status, COUNT(*) AS n FROM samples WHERE run_id = ? GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`).all(runId) as RoundCount[];
  return rows.filter((r) => r.kind !== 'seed');
}

/** Samples by meta_json.operation (Evol-Instruct's evolution operations) and status. */
export function operationCounts(db: Db, runId: number): { operation: string; status: string; n: number }[] {
  return db
    .prepare(`SELECT ${OPERATION_OF} AS operation, status, COUNT(*) AS n FROM samples WHERE run_id = ? AND ${OPERATION_OF} IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`)
    .all(runId) as { operation: string; status: string; n: number }[];
}

/** A few rejected samples per reason, with the failing verdict's score: "why was this flagged?". */
export function rejectedExamples(db: Db, runId: number, perReason: number, counts: readonly SampleCount[] = sampleCounts(db, runId)): { reason: string | null; id: number; kind: string; text: string; score: number | null }[] {
  const reasons = [...new Set(counts.filter((c) => c.status === 'rejected').map((c) => c.reason))].sort((a, b) => (a === null ? -1 : b === null ? 1 : a < b ? -1 : a > b ? 1 : 0));
  // One short index walk per reason; the score is looked up per sample (`+v.filter`: through verdicts(sample_id)).
  const columns = `s.reason AS reason, s.id AS id, s.kind AS kind,
    substr(CASE WHEN s.instruction != '' THEN s.instruction WHEN s.output != '' THEN s.output ELSE coalesce(s.messages_json, '') END, 1, 300) AS text,
    (SELECT v.score FROM verdicts v WHERE v.sample_id = s.id AND +v.filter = s.reason AND v.passed = 0 LIMIT 1) AS score`;
  const byReason = db.prepare(`SELECT ${columns} FROM samples s WHERE s.run_id = ? AND s.reason = ? AND +s.status = 'rejected' ORDER BY s.id LIMIT ?`);
  const noReason = db.prepare(`SELECT ${columns} FROM samples s WHERE s.run_id = ? AND s.reason IS NULL AND +s.status = 'rejected' ORDER BY s.id LIMIT ?`);
  return reasons.flatMap(
    (reason) => (reason === null ? noReason.all(runId, perReason) : byReason.all(runId, reason, perReason)) as { reason: string | null; id: number; kind: string; text: string; score: number | null }[],
  );
}

// ---------------------------------------------------------------------------------------------
// The sample browser: filters, text search and keyset pagination.

export interface SampleFilter {
  kind?: string;
  stage?: string;
  status?: string;
  /** A rejection reason; '-' means "no reason". */
  reason?: string;
  /** Only samples with a failed verdict of this filter. */
  failed?: string;
  /** Case-insensitive (ASCII) substring of instruction, input, output or messages. */
  grep?: string;
  /** The latest human decision: 'none' for samples nobody has reviewed yet. */
  review?: ReviewState;
  /** Only samples whose latest judge score is at most this (samples without one are left out). */
  maxScore?: number;
}

export const REVIEW_STATES = ['none', 'approved', 'rejected', 'flagged'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** Whether the database has the reviews table (schema 6); a read-only older file has none. */
export function hasReviews(db: Db): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'reviews'`).get() !== undefined;
}

/** A sample's latest human decision (NULL when none): one primary-key lookup in review_latest. */
export const LATEST_DECISION = `(SELECT h.decision FROM review_latest h WHERE h.sample_id = s.id)`;
/** A sample's latest judge score: the last judge* verdict with a score. */
export const LATEST_JUDGE_SCORE = `(SELECT v.score FROM verdicts v WHERE v.sample_id = s.id AND v.filter LIKE 'judge%' AND v.score IS NOT NULL ORDER BY v.id DESC LIMIT 1)`;

export interface SampleListRow {
  id: number;
  kind: string;
  stage: string;
  wave: number;
  round: number;
  status: string;
  reason: string | null;
  instruction: string;
  input: string;
  output: string;
  messages: string | null;
  call_id: number | null;
}

export interface SamplePage {
  rows: SampleListRow[];
  /** Pass as `after` for the next page (older → newer by id), or null at the end. */
  next: number | null;
  /** Pass as `before` for the previous page, or null at the start. */
  prev: number | null;
}

/** Escape LIKE's wildcards so user text matches literally (ESCAPE '\'). */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The WHERE clause of a sample filter. Keyset pages walk an index whose entries, for equal keys,
 * are in id order: (run_id, status), (run_id, stage), (run_id, reason) or (run_id). Only one such
 * equality is left open to the planner; the others are written `+col = ?`, which SQLite never
 * serves from an index, so no plan needs a temporary sort of every match.
 */
export function whereOf(db: Db, runId: number, f: SampleFilter): { sql: string; params: unknown[] } {
  const parts = ['s.run_id = ?'];
  const params: unknown[] = [runId];
  const indexed = f.status ? 'status' : f.stage ? 'stage' : f.reason && f.reason !== '-' ? 'reason' : null;
  // Kind with status: samples(run_id, kind, status) holds both in id order, so neither needs the row.
  const open = (col: string) => col === indexed || (col === 'kind' && indexed === 'status');
  const eq = (col: 'kind' | 'stage' | 'status' | 'reason', value: string) => {
    parts.push(open(col) ? `s.${col} = ?` : `+s.${col} = ?`);
    params.push(value);
  };
  if (f.kind) eq('kind', f.kind);
  if (f.stage) eq('stage', f.stage);
  if (f.status) eq('status', f.status);
  if (f.reason === '-') parts.push('s.reason IS NULL');
  else if (f.reason) eq('reason', f.reason);
  if (f.failed) {
    // Looked up per sample through verdicts(sample_id); `+v.filter` keeps the planner off verdicts(filter).
    parts.push('EXISTS (SELECT 1 FROM verdicts v WHERE v.sample_id = s.id AND +v.filter = ? AND v.passed = 0)');
    params.push(f.failed);
  }
  if (f.grep) {
    const p = likePattern(f.grep);
    parts.push(`(s.instruction LIKE ? ESCAPE '\\' OR s.input LIKE ? ESCAPE '\\' OR s.output LIKE ? ESCAPE '\\' OR coalesce(s.messages_json, '') LIKE ? ESCAPE '\\')`);
    params.push(p, p, p, p);
  }
  if (f.maxScore !== undefined) {
    parts.push(`${LATEST_JUDGE_SCORE} <= ?`);
    params.push(f.maxScore);
  }
  if (f.review) {
    // Without the reviews table (an older file opened read-only) nobody has reviewed anything.
    if (!hasReviews(db)) parts.push(f.review === 'none' ? '1' : '0');
    else if (f.review === 'none') parts.push(`NOT EXISTS (SELECT 1 FROM review_latest h WHERE h.sample_id = s.id)`);
    else {
      parts.push(`${LATEST_DECISION} = ?`);
      params.push(f.review);
    }
  }
  return { sql: parts.join(' AND '), params };
}

const LIST_COLUMNS = `s.id, s.kind, s.stage, s.wave, s.round, s.status, s.reason, substr(s.instruction, 1, 400) AS instruction,
  substr(s.input, 1, 200) AS input, substr(s.output, 1, 400) AS output, substr(s.messages_json, 1, 400) AS messages, s.call_id`;

/**
 * One page of a run's samples in id order, by keyset: `after` gives the page after that id,
 * `before` the page before it. Cost grows with the page, not with the offset.
 */
export function samplePage(db: Db, runId: number, f: SampleFilter, page: { after?: number; before?: number; limit: number }): SamplePage {
  const w = whereOf(db, runId, f);
  const limit = Math.max(1, Math.min(1000, Math.floor(page.limit)));
  if (page.before !== undefined) {
    const rows = db
      .prepare(`SELECT ${LIST_COLUMNS} FROM samples s WHERE ${w.sql} AND s.id < ? ORDER BY s.id DESC LIMIT ?`)
      .all(...w.params, page.before, limit + 1) as SampleListRow[];
    const hasMore = rows.length > limit;
    const shown = rows.slice(0, limit).reverse();
    return { rows: shown, prev: hasMore && shown.length ? shown[0]!.id : null, next: shown.length ? shown[shown.length - 1]!.id : null };
  }
  const after = page.after ?? 0;
  const rows = db
    .prepare(`SELECT ${LIST_COLUMNS} FROM samples s WHERE ${w.sql} AND s.id > ? ORDER BY s.id LIMIT ?`)
    .all(...w.params, after, limit + 1) as SampleListRow[];
  const hasMore = rows.length > limit;
  const shown = rows.slice(0, limit);
  const first = shown[0];
  const hasPrev = after > 0 && first !== undefined && db.prepare(`SELECT 1 FROM samples s WHERE ${w.sql} AND s.id < ? LIMIT 1`).get(...w.params, first.id) !== undefined;
  return { rows: shown, next: hasMore ? shown[shown.length - 1]!.id : null, prev: hasPrev ? first.id : null };
}

/** SQLite's plan for a page query (for tests and the benchmark: no page may sort every match). */
export function samplePagePlan(db: Db, runId: number, f: SampleFilter): string[] {
  const w = whereOf(db, runId, f);
  return (db.prepare(`EXPLAIN QUERY PLAN SELECT ${LIST_COLUMNS} FROM samples s WHERE ${w.sql} AND s.id > ? ORDER BY s.id LIMIT ?`).all(...w.params, 0, 51) as { detail: string }[]).map((r) => r.detail);
}

/** How many samples match (those with an id above `after` when given), counting at most `cap` (so a search never scans more than it must). */
export function countSamples(db: Db, runId: number, f: SampleFilter, cap = 10_000, after = 0): { n: number; capped: boolean } {
  const w = whereOf(db, runId, f);
  const sql = after > 0 ? `${w.sql} AND s.id > ?` : w.sql;
  const params = after > 0 ? [...w.params, after] : w.params;
  const n = (db.prepare(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM samples s WHERE ${sql} LIMIT ?)`).get(...params, cap + 1) as { n: number }).n;
  return n > cap ? { n: cap, capped: true } : { n, capped: false };
}

/** Every matching sample in id order, full text, for the CLI (streams). */
export function iterateSamples(db: Db, runId: number, f: SampleFilter, opts: { after?: number; limit?: number } = {}): Iterable<SampleRow> {
  const w = whereOf(db, runId, f);
  const limit = opts.limit ?? -1;
  return db.prepare(`SELECT s.* FROM samples s WHERE ${w.sql} AND s.id > ? ORDER BY s.id LIMIT ?`).iterate(...w.params, opts.after ?? 0, limit) as Iterable<SampleRow>;
}

/** Names of the failing filters of a run, for the browser's "failed filter" choice. */
export function failedFilters(db: Db, runId: number): { filter: string; n: number }[] {
  return db
    .prepare(
      `SELECT v.filter AS filter, COUNT(*) AS n FROM verdicts v JOIN samples s ON s.id = v.sample_id
       WHERE s.run_id = ? AND v.passed = 0 GROUP BY v.filter ORDER BY n DESC`,
    )
    .all(runId) as { filter: string; n: number }[];
}

// ---------------------------------------------------------------------------------------------
// One sample: its row, verdicts, call and lineage.

export interface VerdictRow {
  id: number;
  sample_id: number;
  filter: string;
  passed: number;
  score: number | null;
  detail_json: string | null;
}

export function sampleById(db: Db, id: number): SampleRow | undefined {
  return db.prepare(`SELECT * FROM samples WHERE id = ?`).get(id) as SampleRow | undefined;
}

export function sampleVerdicts(db: Db, id: number): VerdictRow[] {
  return db.prepare(`SELECT * FROM verdicts WHERE sample_id = ? ORDER BY id`).all(id) as VerdictRow[];
}

export function callById(db: Db, id: number): CallRow | undefined {
  return db.prepare(`SELECT * FROM calls WHERE id = ?`).get(id) as CallRow | undefined;
}

/** Other samples parsed from the same answer. */
export function samplesOfCall(db: Db, callId: number, limit: number): { rows: SampleNode[]; total: number } {
  const rows = db.prepare(`SELECT ${NODE_COLUMNS} FROM samples s WHERE s.call_id = ? ORDER BY s.id LIMIT ?`).all(callId, limit) as SampleNode[];
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM samples WHERE call_id = ?`).get(callId) as { n: number }).n;
  return { rows, total };
}

/** A sample as a lineage node: enough to draw and link it. */
export interface SampleNode {
  id: number;
  run_id: number;
  kind: string;
  stage: string;
  status: string;
  reason: string | null;
  text: string;
}

const NODE_COLUMNS = `s.id, s.run_id, s.kind, s.stage, s.status, s.reason,
  substr(CASE WHEN s.instruction != '' THEN s.instruction WHEN s.output != '' THEN s.output ELSE coalesce(s.messages_json, '') END, 1, 160) AS text`;

export function sampleNode(db: Db, id: number): SampleNode | undefined {
  return db.prepare(`SELECT ${NODE_COLUMNS} FROM samples s WHERE s.id = ?`).get(id) as SampleNode | undefined;
}

export interface EdgeRow extends SampleNode {
  relation: string;
  position: number;
}

/** The parents of a sample (demos in its prompt, the sample it evolved from...), in relation and position order. */
export function parentsOf(db: Db, id: number): EdgeRow[] {
  return db
    .prepare(`SELECT ${NODE_COLUMNS}, l.relation, l.position FROM lineage l JOIN samples s ON s.id = l.parent_id WHERE l.child_id = ? ORDER BY l.relation, l.position`)
    .all(id) as EdgeRow[];
}

/** The first `limit` children of a sample, and how many there are by relation. */
export function childrenOf(db: Db, id: number, limit: number): { rows: EdgeRow[]; byRelation: { relation: string; n: number }[] } {
  const rows = db
    .prepare(`SELECT ${NODE_COLUMNS}, l.relation, l.position FROM lineage l JOIN samples s ON s.id = l.child_id WHERE l.parent_id = ? ORDER BY l.child_id, l.relation LIMIT ?`)
    .all(id, limit) as EdgeRow[];
  const byRelation = db.prepare(`SELECT relation, COUNT(*) AS n FROM lineage WHERE parent_id = ? GROUP BY relation ORDER BY relation`).all(id) as { relation: string; n: number }[];
  return { rows, byRelation };
}

/** The most recent run: the default of `distillery status`. */
export function latestRun(db: Db): RunRow | undefined {
  return db.prepare(`SELECT * FROM runs ORDER BY updated_at DESC, id DESC LIMIT 1`).get() as RunRow | undefined;
}

/** A fingerprint that changes whenever a run gains or changes samples, verdicts or calls (for caches). */
export function runFingerprint(db: Db, runId: number): string {
  const r = db
    .prepare(
      `SELECT (SELECT updated_at FROM runs WHERE id = ?) AS u, (SELECT COUNT(*) FROM waves WHERE run_id = ?) AS w,
              (SELECT COUNT(*) FROM samples WHERE run_id = ?) AS s, (SELECT COUNT(*) FROM calls WHERE run_id = ? AND status != 'pending') AS c`,
    )
    .get(runId, runId, runId, runId) as { u: string; w: number; s: number; c: number };
  return `${r.u}|${r.w}|${r.s}|${r.c}`;
}

/**
 * Samples of a run matching a filter, counted by kind, stage, status and reason (for the browser's
 * dropdowns); undefined when more than `maxRows` match (grouping stops reading there).
 */
export function sampleCountsWhere(db: Db, runId: number, f: SampleFilter, maxRows: number): SampleCount[] | undefined {
  const w = whereOf(db, runId, f);
  const rows = db
    .prepare(`SELECT kind, stage, status, reason, COUNT(*) AS n FROM (SELECT s.kind, s.stage, s.status, s.reason FROM samples s WHERE ${w.sql} LIMIT ?) GROUP BY 1, 2, 3, 4`)
    .all(...w.params, maxRows + 1) as SampleCount[];
  return rows.reduce((a, r) => a + r.n, 0) > maxRows ? undefined : rows;
}

/** Failed verdicts by filter among the samples matching a filter; undefined when more than `maxRows` verdicts would be read. */
export function failedFiltersWhere(db: Db, runId: number, f: SampleFilter, maxRows: number): { filter: string; n: number }[] | undefined {
  const w = whereOf(db, runId, f);
  const rows = db
    .prepare(`SELECT filter, COUNT(*) AS n FROM (SELECT v.filter AS filter FROM samples s JOIN verdicts v ON v.sample_id = s.id WHERE ${w.sql} AND v.passed = 0 LIMIT ?) GROUP BY filter ORDER BY n DESC`)
    .all(...w.params, maxRows + 1) as { filter: string; n: number }[];
  return rows.reduce((a, r) => a + r.n, 0) > maxRows ? undefined : rows;
}

// ---------------------------------------------------------------------------------------------
// The browser sorted by score, and each shown row's scores.

/** The highest ROUGE-L similarity of a sample to the pool. */
const SIMILARITY = `(SELECT MAX(v.score) FROM verdicts v WHERE v.sample_id = s.id AND v.filter LIKE 'rouge%')`;

/** What "score" means for a run's browser: the latest judge score when the run has any, else the ROUGE-L similarity. */
export function scoreKind(db: Db, runId: number): 'judge' | 'similarity' {
  // A range on verdicts_run_stats (schema 5) finds a judge* filter in one seek; older files through samples.
  const judged =
    schemaVersion(db) >= 5
      ? db.prepare(`SELECT 1 FROM verdicts WHERE run_id = ? AND filter >= 'judge' AND filter < 'judgf' AND score IS NOT NULL LIMIT 1`).get(runId)
      : db.prepare(`SELECT 1 FROM verdicts v JOIN samples s ON s.id = v.sample_id WHERE s.run_id = ? AND v.filter LIKE 'judge%' AND v.score IS NOT NULL LIMIT 1`).get(runId);
  return judged ? 'judge' : 'similarity';
}

export type ScoreOrder = 'score' | '-score';

export interface ScoredPage {
  rows: (SampleListRow & { sort_score: number | null })[];
  /** Pass as `cursor` for the next page, or null at the end. */
  next: string | null;
}

/** A cursor of the score order: the last row's score (or null) and id. */
export function parseScoreCursor(c: string | undefined): { score: number | null; id: number } | undefined {
  const m = c === undefined ? null : /^(null|-?\d+(?:\.\d+)?(?:e-?\d+)?)_(\d{1,15})$/.exec(c);
  return m ? { score: m[1] === 'null' ? null : Number(m[1]), id: Number(m[2]) } : undefined;
}

/**
 * One page of a run's samples by score (ascending, or descending with '-score'), samples without
 * a score last, ties by id; keyset by (score, id). Each page sorts the matching samples: its cost
 * grows with the matches, not with the page.
 */
export function scoreSortedPage(db: Db, runId: number, f: SampleFilter, o: { order: ScoreOrder; cursor?: string; limit: number }): ScoredPage {
  const w = whereOf(db, runId, f);
  const expr = scoreKind(db, runId) === 'judge' ? LATEST_JUDGE_SCORE : SIMILARITY;
  const limit = Math.max(1, Math.min(1000, Math.floor(o.limit)));
  const desc = o.order === '-score';
  const at = parseScoreCursor(o.cursor);
  const after = !at ? '' : at.score === null ? 'WHERE sort_score IS NULL AND id > ?' : `WHERE (sort_score IS NULL OR sort_score ${desc ? '<' : '>'} ? OR (sort_score = ? AND id > ?))`;
  const afterParams = !at ? [] : at.score === null ? [at.id] : [at.score, at.score, at.id];
  const rows = db
    .prepare(`SELECT * FROM (SELECT ${LIST_COLUMNS}, ${expr} AS sort_score FROM samples s WHERE ${w.sql}) ${after} ORDER BY (sort_score IS NULL), sort_score ${desc ? 'DESC' : 'ASC'}, id LIMIT ?`)
    .all(...w.params, ...afterParams, limit + 1) as ScoredPage['rows'];
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return { rows: shown, next: rows.length > limit && last ? `${last.sort_score === null ? 'null' : last.sort_score}_${last.id}` : null };
}

export interface RowScores {
  /** The latest judge score. */
  judge: number | null;
  /** The highest ROUGE-L similarity, and the sample it was to. */
  similarity: number | null;
  similarId: number | null;
}

/** The scores shown beside each row of a page: one query for the page's verdicts. */
export function rowScores(db: Db, ids: readonly number[]): Map<number, RowScores> {
  const out = new Map<number, RowScores>(ids.map((id) => [id, { judge: null, similarity: null, similarId: null }]));
  if (ids.length === 0) return out;
  const rows = db
    .prepare(`SELECT sample_id, filter, score, detail_json FROM verdicts WHERE sample_id IN (${ids.map(() => '?').join(', ')}) ORDER BY id`)
    .all(...ids) as { sample_id: number; filter: string; score: number | null; detail_json: string | null }[];
  for (const r of rows) {
    const o = out.get(r.sample_id)!;
    if (/^judge/i.test(r.filter) && r.score !== null) o.judge = r.score;
    if (/^rouge/i.test(r.filter) && r.score !== null && (o.similarity === null || r.score > o.similarity)) {
      o.similarity = r.score;
      let similar: unknown;
      try {
        similar = r.detail_json ? (JSON.parse(r.detail_json) as { most_similar_id?: unknown }).most_similar_id : undefined;
      } catch {
        similar = undefined;
      }
      o.similarId = Number.isInteger(similar) ? (similar as number) : null;
    }
  }
  return out;
}
