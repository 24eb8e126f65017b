import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';
import { nowIso } from './db.js';

export type SampleStatus = 'accepted' | 'rejected' | 'pending';

export interface Verdict {
  filter: string;
  passed: boolean;
  score?: number | null;
  detail?: unknown;
}

export interface LineageLink {
  parentId: number;
  relation: string;
  position?: number;
}

export interface NewSample {
  runId: number;
  kind: string;
  stage: string;
  wave: number;
  round?: number;
  instruction?: string;
  input?: string;
  output?: string;
  messages?: { role: string; content: string }[];
  meta?: Record<string, unknown>;
  status: SampleStatus;
  reason?: string | null;
  contentHash: string;
  callId?: number | null;
  verdicts?: Verdict[];
  parents?: LineageLink[];
}

export interface SampleRow {
  id: number;
  run_id: number;
  kind: string;
  stage: string;
  wave: number;
  round: number;
  instruction: string;
  input: string;
  output: string;
  messages_json: string | null;
  meta_json: string | null;
  status: SampleStatus;
  reason: string | null;
  content_hash: string;
  call_id: number | null;
  created_at: string;
}

export type SampleText = Pick<SampleRow, 'id' | 'instruction'>;

/** Samples with their verdicts and lineage; callers wrap writes of one wave in one transaction. */
export class SamplesRepo {
  private readonly stmts;
  private verdictStmt: Statement | undefined;

  constructor(private readonly db: Db) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO samples (run_id, kind, stage, wave, round, instruction, input, output, messages_json, meta_json, status, reason, content_hash, call_id, created_at)
         VALUES (@runId, @kind, @stage, @wave, @round, @instruction, @input, @output, @messages, @meta, @status, @reason, @contentHash, @callId, @now)`,
      ),
      lineage: db.prepare(`INSERT INTO lineage (child_id, parent_id, relation, position) VALUES (?, ?, ?, ?)`),
      setStatus: db.prepare(`UPDATE samples SET status = ?, reason = ? WHERE id = ?`),
      mergeMeta: db.prepare(`UPDATE samples SET meta_json = json_patch(coalesce(meta_json, '{}'), ?) WHERE id = ?`),
      byKind: db.prepare(`SELECT * FROM samples WHERE run_id = ? AND kind = ? AND status = ? ORDER BY id`),
      textsByKind: db.prepare(`SELECT id, instruction FROM samples WHERE run_id = ? AND kind = ? AND status = ? ORDER BY id`),
      textsByKindWithWave: db.prepare(`SELECT id, instruction, wave FROM samples WHERE run_id = ? AND kind = ? AND status = ? ORDER BY id`),
      countByKind: db.prepare(`SELECT COUNT(*) AS n FROM samples WHERE run_id = ? AND kind = ? AND status = ?`),
      byId: db.prepare(`SELECT * FROM samples WHERE id = ?`),
    };
  }

  insert(s: NewSample): number {
    const id = Number(
      this.stmts.insert.run({
        runId: s.runId,
        kind: s.kind,
        stage: s.stage,
        wave: s.wave,
        round: s.round ?? 0,
        instruction: s.instruction ?? '',
        input: s.input ?? '',
        output: s.output ?? '',
        messages: s.messages ? JSON.stringify(s.messages) : null,
        meta: s.meta ? JSON.stringify(s.meta) : null,
        status: s.status,
        reason: s.reason ?? null,
        contentHash: s.contentHash,
        callId: s.callId ?? null,
        now: nowIso(),
      }).lastInsertRowid,
    );
    for (const v of s.verdicts ?? []) this.addVerdict(id, v);
    s.parents?.forEach((p, i) => this.stmts.lineage.run(id, p.parentId, p.relation, p.position ?? i));
    return id;
  }

  addVerdict(sampleId: number, v: Verdict): void {
    // Prepared on first use: a read-only connection to an older schema (plan) never needs it.
    // The sample's run and kind are copied onto the verdict (schema 5): counting a run's verdicts reads one index.
    this.verdictStmt ??= this.db.prepare(`INSERT INTO verdicts (sample_id, run_id, kind, filter, passed, score, detail_json) SELECT id, run_id, kind, ?, ?, ?, ? FROM samples WHERE id = ?`);
    this.verdictStmt.run(v.filter, v.passed ? 1 : 0, v.score ?? null, v.detail === undefined ? null : JSON.stringify(v.detail), sampleId);
  }

  setStatus(id: number, status: SampleStatus, reason: string | null): void {
    this.stmts.setStatus.run(status, reason, id);
  }

  mergeMeta(id: number, meta: Record<string, unknown>): void {
    this.stmts.mergeMeta.run(JSON.stringify(meta), id);
  }

  list(runId: number, kind: string, status: SampleStatus): SampleRow[] {
    return this.stmts.byKind.all(runId, kind, status) as SampleRow[];
  }

  /** Only ids and instructions (a demo pool of 300K rows loads in a fraction of the time full rows take). */
  listTexts(runId: number, kind: string, status: SampleStatus): SampleText[] {
    return this.stmts.textsByKind.all(runId, kind, status) as SampleText[];
  }

  /** Like `listTexts`, with each sample's wave (a pipelined recipe's pool snapshots are by wave). */
  listTextsWithWave(runId: number, kind: string, status: SampleStatus): (SampleText & { wave: number })[] {
    return this.stmts.textsByKindWithWave.all(runId, kind, status) as (SampleText & { wave: number })[];
  }

  /**
   * A run's sample texts of one kind and status in id order, read one at a time when asked for: the
   * ids come from the index, a text when its position is. For drawing a few from a large pool.
   */
  textPool(runId: number, kind: string, status: SampleStatus): { readonly length: number; at(index: number): SampleText | undefined } {
    const ids = this.db.prepare(`SELECT id FROM samples WHERE run_id = ? AND kind = ? AND status = ? ORDER BY id`).pluck().all(runId, kind, status) as number[];
    const text = this.db.prepare(`SELECT id, instruction FROM samples WHERE id = ?`);
    return { length: ids.length, at: (i) => (ids[i] === undefined ? undefined : (text.get(ids[i]) as SampleText)) };
  }

  count(runId: number, kind: string, status: SampleStatus): number {
    return (this.stmts.countByKind.get(runId, kind, status) as { n: number }).n;
  }

  byId(id: number): SampleRow | undefined {
    return this.stmts.byId.get(id) as SampleRow | undefined;
  }
}
