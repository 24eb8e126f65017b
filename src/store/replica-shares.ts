import type { Db } from './db.js';

/** Calls a run sent that each replica answered (teacher.endpoints), most first; empty for a single endpoint. */
export function replicaShares(db: Db, runId: number): { url: string; calls: number }[] {
  return db
    .prepare(
      `SELECT answered_by AS url, COUNT(*) AS calls FROM calls
        WHERE run_id = ? AND status = 'ok' AND answered_by IS NOT NULL AND reused_from IS NULL
        GROUP BY answered_by ORDER BY calls DESC, answered_by`,
    )
    .all(runId) as { url: string; calls: number }[];
}

/** "endpoints: http://a/v1 51.0% (510), http://b/v1 49.0% (490)", or '' when no replica is recorded. Pure. */
export function replicaSharesText(shares: readonly { url: string; calls: number }[]): string {
  const total = shares.reduce((n, s) => n + s.calls, 0);
  if (total === 0) return '';
  return `endpoints (answers sent this run): ${shares.map((s) => `${s.url} ${((100 * s.calls) / total).toFixed(1)}% (${s.calls})`).join(', ')}`;
}
