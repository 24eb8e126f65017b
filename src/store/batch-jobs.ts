import type { Db } from './db.js';
import { nowIso } from './db.js';

export interface BatchJobRow {
  id: number;
  run_id: number;
  provider: string;
  endpoint: string;
  provider_job_id: string | null;
  token: string;
  input_file_id: string | null;
  status: string;
  counts_json: string | null;
  created_at: string;
  updated_at: string;
}

export interface BatchLineRow {
  job_id: number;
  call_id: number;
  custom_id: string;
  outcome: string | null;
}

/**
 * Batch jobs and the calls they carry. A job row and its lines are written before anything is
 * uploaded; the provider's job id once the job exists. A call whose latest job has a provider id
 * and is not yet collected is in flight: resume polls that job rather than submitting it again.
 */
export class BatchJobsRepo {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      insertJob: db.prepare(
        `INSERT INTO batch_jobs (run_id, provider, endpoint, token, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'preparing', ?, ?)`,
      ),
      insertLine: db.prepare(`INSERT INTO batch_lines (job_id, call_id, custom_id) VALUES (?, ?, ?)`),
      submitted: db.prepare(`UPDATE batch_jobs SET provider_job_id = ?, input_file_id = ?, status = ?, updated_at = ? WHERE id = ?`),
      countAttempt: db.prepare(`UPDATE calls SET attempts = attempts + 1 WHERE id IN (SELECT call_id FROM batch_lines WHERE job_id = ?)`),
      state: db.prepare(`UPDATE batch_jobs SET status = ?, counts_json = ?, updated_at = ? WHERE id = ?`),
      lineOutcome: db.prepare(`UPDATE batch_lines SET outcome = ? WHERE job_id = ? AND call_id = ?`),
      byId: db.prepare(`SELECT * FROM batch_jobs WHERE id = ?`),
      lines: db.prepare(`SELECT * FROM batch_lines WHERE job_id = ? ORDER BY call_id`),
      latestOf: db.prepare(
        `SELECT j.* FROM batch_lines l JOIN batch_jobs j ON j.id = l.job_id WHERE l.call_id = ? ORDER BY j.id DESC LIMIT 1`,
      ),
      ofRun: db.prepare(`SELECT * FROM batch_jobs WHERE run_id = ? ORDER BY id`),
    };
  }

  /** A new job's row and its lines (call ids with their custom ids), before anything is submitted. */
  create(runId: number, provider: string, endpoint: string, token: string, lines: readonly { callId: number; customId: string }[]): number {
    const now = nowIso();
    const id = Number(this.stmts.insertJob.run(runId, provider, endpoint, token, now, now).lastInsertRowid);
    for (const l of lines) this.stmts.insertLine.run(id, l.callId, l.customId);
    return id;
  }

  /** The provider accepted the job: its id is stored and each call it carries counts one attempt. */
  submitted(id: number, providerJobId: string, inputFileId: string, status: string): void {
    this.stmts.submitted.run(providerJobId, inputFileId, status, nowIso(), id);
    this.stmts.countAttempt.run(id);
  }

  setState(id: number, status: string, counts: unknown): void {
    this.stmts.state.run(status, counts === undefined ? null : JSON.stringify(counts), nowIso(), id);
  }

  setLineOutcome(jobId: number, callId: number, outcome: string): void {
    this.stmts.lineOutcome.run(outcome, jobId, callId);
  }

  byId(id: number): BatchJobRow | undefined {
    return this.stmts.byId.get(id) as BatchJobRow | undefined;
  }

  lines(jobId: number): BatchLineRow[] {
    return this.stmts.lines.all(jobId) as BatchLineRow[];
  }

  /** The newest job a call was put in, if any. */
  latestOf(callId: number): BatchJobRow | undefined {
    return this.stmts.latestOf.get(callId) as BatchJobRow | undefined;
  }

  ofRun(runId: number): BatchJobRow[] {
    return this.stmts.ofRun.all(runId) as BatchJobRow[];
  }
}
