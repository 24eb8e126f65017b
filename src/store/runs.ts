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
}

export function createRun(db: Db, run: NewRun): RunRow {
  const now = nowIso();
  const info = db
    .prepare(
      `INSERT INTO runs (name, method, config_json, config_hash, config_file, seed, provider, model, simulated, status, target, tool_version, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?)`,
    )
    .run(run.name, run.method, run.configJson, run.configHash, run.configFile, run.seed, run.provider, run.model, run.simulated ? 1 : 0, run.target, run.toolVersion, now, now);
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

/** On resume the latest config becomes the run's config; the journal decides what is reused. */
export function updateRunConfig(db: Db, id: number, fields: Pick<NewRun, 'configJson' | 'configHash' | 'configFile' | 'provider' | 'model' | 'simulated' | 'target'>): void {
  db.prepare(
    `UPDATE runs SET config_json = ?, config_hash = ?, config_file = ?, provider = ?, model = ?, simulated = ?, target = ?, updated_at = ? WHERE id = ?`,
  ).run(fields.configJson, fields.configHash, fields.configFile, fields.provider, fields.model, fields.simulated ? 1 : 0, fields.target, nowIso(), id);
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
