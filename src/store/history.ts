import type { Db } from './db.js';

export interface StageHistory {
  stage: string;
  calls: number;
  avgPromptTokens: number;
  avgCompletionTokens: number;
}

/** Per-stage token averages of a run's answered calls: the basis for estimating what is left. */
export function stageHistory(db: Db, runId: number): Map<string, StageHistory> {
  const rows = db
    .prepare(
      `SELECT stage, COUNT(*) AS calls, AVG(prompt_tokens) AS avgPromptTokens, AVG(completion_tokens) AS avgCompletionTokens
       FROM calls WHERE run_id = ? AND status = 'ok' GROUP BY stage`,
    )
    .all(runId) as StageHistory[];
  return new Map(rows.map((r) => [r.stage, r]));
}

/** Sum of a numeric field over the state of a run's completed waves of one stage. */
export function waveStateTotals(db: Db, runId: number, stage: string): { waves: number; totals: Record<string, number> } {
  const rows = db.prepare(`SELECT state_json FROM waves WHERE run_id = ? AND stage = ?`).all(runId, stage) as { state_json: string | null }[];
  const totals: Record<string, number> = {};
  for (const r of rows) {
    const state = r.state_json ? (JSON.parse(r.state_json) as Record<string, unknown>) : {};
    for (const [k, v] of Object.entries(state)) if (typeof v === 'number') totals[k] = (totals[k] ?? 0) + v;
  }
  return { waves: rows.length, totals };
}

/** How many of the given keys already have a stored answer anywhere in the database. */
export function countStoredKeys(db: Db, keys: readonly string[]): number {
  const stmt = db.prepare(`SELECT 1 FROM calls WHERE key = ? AND status = 'ok' LIMIT 1`);
  return keys.filter((k) => stmt.get(k) !== undefined).length;
}

/** Answered calls of one wave by stage: the part of an unfinished wave that resume will not resend. */
export function okCallsInWave(db: Db, runId: number, wave: number): Map<string, number> {
  const rows = db.prepare(`SELECT stage, COUNT(*) AS n FROM calls WHERE run_id = ? AND wave = ? AND status = 'ok' GROUP BY stage`).all(runId, wave) as { stage: string; n: number }[];
  return new Map(rows.map((r) => [r.stage, r.n]));
}
