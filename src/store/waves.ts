import type { Db } from './db.js';
import { nowIso } from './db.js';

/** Completed waves: a wave's row is written in the same transaction as its samples. */
export class WavesRepo {
  private readonly stmts;
  constructor(db: Db) {
    this.stmts = {
      done: db.prepare(`INSERT INTO waves (run_id, wave, stage, state_json, completed_at) VALUES (?, ?, ?, ?, ?)`),
      last: db.prepare(`SELECT wave, stage, state_json FROM waves WHERE run_id = ? ORDER BY wave DESC LIMIT 1`),
      all: db.prepare(`SELECT wave, stage, state_json FROM waves WHERE run_id = ? ORDER BY wave`),
    };
  }
  markDone(runId: number, wave: number, stage: string, state?: unknown): void {
    this.stmts.done.run(runId, wave, stage, state === undefined ? null : JSON.stringify(state), nowIso());
  }
  last(runId: number): { wave: number; stage: string; state: unknown } | undefined {
    const row = this.stmts.last.get(runId) as { wave: number; stage: string; state_json: string | null } | undefined;
    return row && { wave: row.wave, stage: row.stage, state: row.state_json ? JSON.parse(row.state_json) : undefined };
  }
  /** Every completed wave of the run, in wave order, with its stored state. */
  all(runId: number): { wave: number; stage: string; state: unknown }[] {
    const rows = this.stmts.all.all(runId) as { wave: number; stage: string; state_json: string | null }[];
    return rows.map((row) => ({ wave: row.wave, stage: row.stage, state: row.state_json ? JSON.parse(row.state_json) : undefined }));
  }
}
