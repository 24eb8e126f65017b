import type { Db } from './db.js';
import { nowIso } from './db.js';

export type RunStatus = 'running' | 'paused' | 'interrupted' | 'completed' | 'failed';

export interface RunRow {
  id: number;
  name: string;
  method: string;
  config_json: string;
  config_hash: string;
  config_file: string | null;
  seed: number;
  provider: string;
  model: string;
  simulated: number;
  status: RunStatus;
  status_detail: string | null;
  target: number;
  tool_version: string;
  created_at: string;
  updated_at: string;
  /** Who answers this run (set at each session's start; null before schema 4 or without an endpoint). */
  endpoint: string | null;
}

export interface NewRun {
  name: string;
  method: string;
  configJson: string;
  configHash: string;
  configFile: string | null;
  seed: number;
  provider: string;
  model: string;
  simulated: boolean;
  target: number;
  toolVersion: string;
  /** The teacher's endpoint identity (see Teacher.endpoint); default null. */
  endpoint?: string | null;
}

/**
 * Resuming a run against another endpoint than the one that answered it so far would mix two
 * servers' answers in one dataset (DESIGN invariant 10): refused, naming both endpoints.
 */
export class EndpointMismatchError extends Error {
  override name = 'EndpointMismatchError';
  constructor(readonly run: string, readonly stored: string, readonly given: string) {
    super(
      `run "${run}" was answered by ${stored}, and this session's teacher is ${given}: resuming would mix two servers' answers in one run. ` +
        `Resume against ${stored}, start a new run (--name), or, if both are replicas of one deployment, give them the same teacher.endpoint_id.`,
    );
  }
}

export function createRun(db: Db, run: NewRun): RunRow {
  const now = nowIso();
  const info = db
    .prepare(
      `INSERT INTO runs (name, method, config_json, config_hash, config_file, seed, provider, model, simulated, status, target, tool_version, created_at, updated_at, endpoint)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?)`,
    )
    .run(run.name, run.method, run.configJson, run.configHash, run.configFile, run.seed, run.provider, run.model, run.simulated ? 1 : 0, run.target, run.toolVersion, now, now, run.endpoint ?? null);
  return getRunById(db, Number(info.lastInsertRowid))!;
}

export function getRunById(db: Db, id: number): RunRow | undefined {
  return db.prepare(`SELECT * FROM runs WHERE id = ?`).get(id) as RunRow | undefined;
}

export function getRunByName(db: Db, name: string): RunRow | undefined {
  return db.prepare(`SELECT * FROM runs WHERE name = ?`).get(name) as RunRow | undefined;
}

/** A run by name, or by numeric id when the text is all digits and no run has that name. */
export function findRun(db: Db, ref: string): RunRow | undefined {
  return getRunByName(db, ref) ?? (/^\d+$/.test(ref) ? getRunById(db, Number(ref)) : undefined);
}

export function listRuns(db: Db): RunRow[] {
  return db.prepare(`SELECT * FROM runs ORDER BY id`).all() as RunRow[];
}

export function setRunStatus(db: Db, id: number, status: RunStatus, detail: string | null = null): void {
  db.prepare(`UPDATE runs SET status = ?, status_detail = ?, updated_at = ? WHERE id = ?`).run(status, detail, nowIso(), id);
}

/**
 * On resume the latest config becomes the run's config; the journal decides what is reused. The
 * session's endpoint is recorded; one that differs from the endpoint that answered the run so far
 * is refused with EndpointMismatchError (nothing written). A run from before schema 4 (no endpoint
 * stored) takes the session's.
 */
export function updateRunConfig(
  db: Db,
  id: number,
  fields: Pick<NewRun, 'configJson' | 'configHash' | 'configFile' | 'provider' | 'model' | 'simulated' | 'target' | 'endpoint'>,
): void {
  const row = getRunById(db, id);
  const endpoint = fields.endpoint ?? null;
  if (row && row.endpoint !== null && endpoint !== null && row.endpoint !== endpoint) throw new EndpointMismatchError(row.name, row.endpoint, endpoint);
  db.prepare(
    `UPDATE runs SET config_json = ?, config_hash = ?, config_file = ?, provider = ?, model = ?, simulated = ?, target = ?, endpoint = COALESCE(?, endpoint), updated_at = ? WHERE id = ?`,
  ).run(fields.configJson, fields.configHash, fields.configFile, fields.provider, fields.model, fields.simulated ? 1 : 0, fields.target, endpoint, nowIso(), id);
}

/**
 * Remove a run and every row it wrote (its samples with their lineage and verdicts, calls, waves and
 * lease), in the caller's transaction. For a run that never sent a request, e.g. one whose input
 * turned out unusable: nothing of it is left behind.
 */
export function deleteRun(db: Db, id: number): void {
  const ofRun = `SELECT id FROM samples WHERE run_id = ?`;
  db.prepare(`DELETE FROM verdicts WHERE sample_id IN (${ofRun})`).run(id);
  db.prepare(`DELETE FROM lineage WHERE child_id IN (${ofRun}) OR parent_id IN (${ofRun})`).run(id, id);
  db.prepare(`DELETE FROM samples WHERE run_id = ?`).run(id);
  db.prepare(`DELETE FROM calls WHERE run_id = ?`).run(id);
  // Any other table keyed by run (waves, leases, and whatever a later migration adds).
  const tables = db.prepare(`SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND m.name NOT IN ('runs', 'samples', 'calls') AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'run_id')`).all() as { name: string }[];
  for (const t of tables) db.prepare(`DELETE FROM "${t.name.replace(/"/g, '""')}" WHERE run_id = ?`).run(id);
  db.prepare(`DELETE FROM runs WHERE id = ?`).run(id);
}

/** Put a run's config and status back as they were in `row` (a resume that stopped before doing anything). */
export function restoreRun(db: Db, row: RunRow): void {
  db.prepare(
    `UPDATE runs SET config_json = ?, config_hash = ?, config_file = ?, provider = ?, model = ?, simulated = ?, target = ?, status = ?, status_detail = ?, updated_at = ?, endpoint = ? WHERE id = ?`,
  ).run(row.config_json, row.config_hash, row.config_file, row.provider, row.model, row.simulated, row.target, row.status, row.status_detail, row.updated_at, row.endpoint ?? null, row.id);
}

export interface RunListing extends RunRow {
  accepted: number;
  rejected: number;
  cost: number;
}

/** Every run with its accepted and rejected generated samples (inputs such as seeds, sources, topics and passages excluded) and cost. */
export function listRunsWithCounts(db: Db): RunListing[] {
  return db
    .prepare(
      `SELECT r.*,
         (SELECT COUNT(*) FROM samples s WHERE s.run_id = r.id AND s.status = 'accepted' AND s.kind NOT IN ('seed', 'source', 'topic', 'passage')) AS accepted,
         (SELECT COUNT(*) FROM samples s WHERE s.run_id = r.id AND s.status = 'rejected') AS rejected,
         (SELECT COALESCE(SUM(cost), 0) FROM calls c WHERE c.run_id = r.id) AS cost
       FROM runs r ORDER BY r.id`,
    )
    .all() as RunListing[];
}

/** Accepted samples of each run by kind (`runs` shows the recipe's main and dataset kinds from it). */
export function acceptedByKind(db: Db): Map<number, Record<string, number>> {
  const out = new Map<number, Record<string, number>>();
  const rows = db.prepare(`SELECT run_id, kind, COUNT(*) AS n FROM samples WHERE status = 'accepted' GROUP BY run_id, kind`).all() as { run_id: number; kind: string; n: number }[];
  for (const r of rows) {
    const counts = out.get(r.run_id) ?? {};
    counts[r.kind] = r.n;
    out.set(r.run_id, counts);
  }
  return out;
}
