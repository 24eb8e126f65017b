import type { Db } from './db.js';

/** The reason a call failed for good: the last line of its error log, without the attempt number. */
export function lastErrorOf(row: { error: string | null }): string {
  const log = row.error ?? '';
  const last = log.slice(log.lastIndexOf('\n') + 1);
  return last.replace(/^attempt \d+: /, '') || 'unknown error';
}

export interface RunSummary {
  samples: { kind: string; status: string; reason: string | null; n: number }[];
  calls: {
    total: number;
    sent: number;
    cached: number;
    reused: number;
    failed: number;
    pending: number;
    promptTokens: number;
    completionTokens: number;
    cost: number;
  };
  byStage: { stage: string; calls: number; tokens: number; cost: number }[];
  /** Calls failed for good, grouped by stage and last error, the most frequent first. */
  failures: FailureGroup[];
}

/** Calls that failed for good at one stage with one reason (the last error: kind, HTTP status and the server's message). */
export interface FailureGroup {
  stage: string;
  reason: string;
  n: number;
}

/** Failures grouped by (stage, reason), the most frequent first (ties in first-seen order). Pure. */
export function groupFailures(failures: Iterable<{ stage: string; error: string }>): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const f of failures) {
    const k = JSON.stringify([f.stage, f.error]);
    const g = groups.get(k);
    if (g) g.n++;
    else groups.set(k, { stage: f.stage, reason: f.error, n: 1 });
  }
  return [...groups.values()].sort((a, b) => b.n - a.n);
}

/** Counts for the closing summary and `distillery status`: samples by verdict, calls, tokens, cost. */
export function summarizeRun(db: Db, runId: number): RunSummary {
  const samples = db
    .prepare(`SELECT kind, status, reason, COUNT(*) AS n FROM samples WHERE run_id = ? GROUP BY kind, status, reason ORDER BY kind, status, n DESC`)
    .all(runId) as RunSummary['samples'];
  const c = db
    .prepare(
      `SELECT COUNT(*) AS total,
              SUM(reused_from IS NULL AND attempts > 0) AS sent,
              SUM(reused_from IS NOT NULL) AS reused,
              SUM(status = 'failed') AS failed,
              SUM(status = 'pending') AS pending,
              COALESCE(SUM(CASE WHEN reused_from IS NULL THEN prompt_tokens END), 0) AS promptTokens,
              COALESCE(SUM(CASE WHEN reused_from IS NULL THEN completion_tokens END), 0) AS completionTokens,
              COALESCE(SUM(cost), 0) AS cost
       FROM calls WHERE run_id = ?`,
    )
    .get(runId) as Record<string, number | null>;
  const byStage = db
    .prepare(
      `SELECT stage, COUNT(*) AS calls, COALESCE(SUM(CASE WHEN reused_from IS NULL THEN prompt_tokens + completion_tokens END), 0) AS tokens,
              COALESCE(SUM(cost), 0) AS cost
       FROM calls WHERE run_id = ? GROUP BY stage ORDER BY MIN(id)`,
    )
    .all(runId) as RunSummary['byStage'];
  const n = (k: string) => Number(c[k] ?? 0);
  const failed: { stage: string; error: string }[] = [];
  if (n('failed') > 0) {
    for (const row of db.prepare(`SELECT stage, error FROM calls WHERE run_id = ? AND status = 'failed' ORDER BY id`).iterate(runId) as Iterable<{ stage: string; error: string | null }>) {
      failed.push({ stage: row.stage, error: lastErrorOf(row) });
    }
  }
  return {
    samples,
    calls: {
      total: n('total'),
      sent: n('sent'),
      cached: 0,
      reused: n('reused'),
      failed: n('failed'),
      pending: n('pending'),
      promptTokens: n('promptTokens'),
      completionTokens: n('completionTokens'),
      cost: n('cost'),
    },
    byStage,
    failures: groupFailures(failed),
  };
}
