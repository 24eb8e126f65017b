import type { Db } from './db.js';
import { nowIso } from './db.js';

export interface CallRow {
  id: number;
  run_id: number;
  key: string;
  content_hash: string;
  draw: number;
  wave: number;
  stage: string;
  provider: string;
  model: string;
  mode: string;
  request_json: string;
  status: 'pending' | 'ok' | 'failed';
  response_text: string | null;
  finish_reason: string | null;
  response_model: string | null;
  response_id: string | null;
  simulated: number;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  cost: number;
  latency_ms: number | null;
  attempts: number;
  error: string | null;
  reused_from: number | null;
  created_at: string;
  completed_at: string | null;
  /** Who answered: the run's endpoint when the answer was stored (null before schema 4, or for a backend without one). */
  endpoint: string | null;
  /** The stop string (or "token:<id>") that ended the answer, where the server said so. */
  stop_reason: string | null;
  /** The replica that answered (teacher.endpoints); null for a single endpoint, or before schema 8. */
  answered_by: string | null;
}

export interface NewCall {
  runId: number;
  key: string;
  contentHash: string;
  draw: number;
  wave: number;
  stage: string;
  provider: string;
  model: string;
  mode: string;
  requestJson: string;
}

export interface CallResult {
  text: string;
  finishReason: string;
  responseModel: string;
  responseId: string | null;
  simulated: boolean;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  cost: number;
  latencyMs: number;
  attempts: number;
  /** The stop the server says fired (default null). */
  stopReason?: string | null;
  /** The replica that answered, for a teacher of several endpoints (default null). */
  answeredBy?: string | null;
}

/**
 * Where else a stored answer may be: `plan` plays on an in-memory database that holds only the runs
 * it reads, and finds other runs' answers in the file through this, each copied in when first asked.
 */
export type AnswersElsewhere = (key: string) => CallRow | undefined;

/** The request journal: one row per request of a run, keyed by content. */
export class CallsRepo {
  private readonly stmts;

  constructor(
    private readonly db: Db,
    private readonly elsewhere?: AnswersElsewhere,
  ) {
    this.stmts = {
      own: db.prepare(`SELECT * FROM calls WHERE run_id = ? AND key = ?`),
      anyOk: db.prepare(`SELECT * FROM calls WHERE key = ? AND status = 'ok' ORDER BY id LIMIT 1`),
      insert: db.prepare(
        `INSERT INTO calls (run_id, key, content_hash, draw, wave, stage, provider, model, mode, request_json, status, created_at)
         VALUES (@runId, @key, @contentHash, @draw, @wave, @stage, @provider, @model, @mode, @requestJson, 'pending', @now)`,
      ),
      attemptFailed: db.prepare(
        `UPDATE calls SET attempts = ?, error = substr(coalesce(error || char(10), '') || ?, -4000) WHERE id = ?`,
      ),
      complete: db.prepare(
        `UPDATE calls SET status = 'ok', response_text = @text, finish_reason = @finishReason, response_model = @responseModel, response_id = @responseId,
           simulated = @simulated, prompt_tokens = @promptTokens, completion_tokens = @completionTokens, cached_tokens = @cachedTokens,
           cost = cost + @cost, latency_ms = @latencyMs, attempts = @attempts, completed_at = @now, stop_reason = @stopReason, answered_by = @answeredBy,
           endpoint = (SELECT r.endpoint FROM runs r WHERE r.id = calls.run_id) WHERE id = @id`,
      ),
      charge: db.prepare(`UPDATE calls SET cost = cost + ? WHERE id = ?`),
      fail: db.prepare(`UPDATE calls SET status = 'failed', attempts = ?, latency_ms = ?, completed_at = ? WHERE id = ?`),
      reuse: db.prepare(
        `INSERT INTO calls (run_id, key, content_hash, draw, wave, stage, provider, model, mode, request_json, status, response_text,
           finish_reason, response_model, response_id, simulated, prompt_tokens, completion_tokens, cached_tokens, cost, latency_ms, attempts, reused_from, created_at, completed_at,
           endpoint, stop_reason, answered_by)
         SELECT @runId, key, content_hash, @draw, @wave, @stage, provider, model, mode, request_json, 'ok', response_text,
           finish_reason, response_model, response_id, simulated, prompt_tokens, completion_tokens, cached_tokens, 0, 0, 0, id, @now, @now,
           endpoint, stop_reason, answered_by
         FROM calls WHERE id = @sourceId`,
      ),
      earlierDraws: db.prepare(`SELECT COUNT(*) AS n FROM calls WHERE run_id = ? AND content_hash = ? AND wave < ?`),
      byId: db.prepare(`SELECT * FROM calls WHERE id = ?`),
      spent: db.prepare(
        `SELECT COALESCE(SUM(cost), 0) AS cost, COALESCE(SUM(prompt_tokens + completion_tokens), 0) AS tokens, COUNT(*) AS calls
         FROM calls WHERE run_id = ? AND reused_from IS NULL AND attempts > 0`,
      ),
    };
  }

  own(runId: number, key: string): CallRow | undefined {
    return this.stmts.own.get(runId, key) as CallRow | undefined;
  }

  /** A completed response for this content in any run of the database. */
  anyOk(key: string): CallRow | undefined {
    return (this.stmts.anyOk.get(key) as CallRow | undefined) ?? this.elsewhere?.(key);
  }

  byId(id: number): CallRow | undefined {
    return this.stmts.byId.get(id) as CallRow | undefined;
  }

  insertPending(call: NewCall): number {
    return Number(this.stmts.insert.run({ ...call, now: nowIso() }).lastInsertRowid);
  }

  /** Record a response another run already paid for, at no cost to this run. */
  insertReused(runId: number, sourceId: number, wave: number, stage: string, draw: number): number {
    return Number(this.stmts.reuse.run({ runId, sourceId, wave, stage, draw, now: nowIso() }).lastInsertRowid);
  }

  /** An attempt failed; its error is appended to the call's error log. */
  recordFailure(id: number, attempt: number, error: string): void {
    this.stmts.attemptFailed.run(attempt, `attempt ${attempt}: ${error}`, id);
  }

  /** An attempt the server answered and billed but the journal rejected (e.g. empty text): its cost is added to the call's. */
  charge(id: number, cost: number): void {
    if (cost > 0) this.stmts.charge.run(cost, id);
  }

  /** The answer, stored with the endpoint of the run's current session (the one that sent it); its cost is added to what earlier billed attempts of the call were charged. */
  complete(id: number, r: CallResult): void {
    this.stmts.complete.run({ ...r, stopReason: r.stopReason ?? null, answeredBy: r.answeredBy ?? null, simulated: r.simulated ? 1 : 0, id, now: nowIso() });
  }

  /** Failed for good after `attempts`; the reason is the last line of the error log. */
  fail(id: number, attempts: number, latencyMs: number): void {
    this.stmts.fail.run(attempts, latencyMs, nowIso(), id);
  }

  /** What this run has paid for so far: requests sent (reused answers are free). */
  spent(runId: number): { cost: number; tokens: number; calls: number } {
    return this.stmts.spent.get(runId) as { cost: number; tokens: number; calls: number };
  }

  /** How often this exact content was requested in the run's earlier waves (the draw index base). */
  earlierDraws(runId: number, contentHash: string, wave: number): number {
    return (this.stmts.earlierDraws.get(runId, contentHash, wave) as { n: number }).n;
  }
}

/** Who answered a run's stored calls: each endpoint with the model names it reported, most calls first. */
export function answeredBy(db: Db, runId: number): { endpoint: string | null; model: string; calls: number }[] {
  return db
    .prepare(
      `SELECT endpoint, COALESCE(response_model, model) AS model, COUNT(*) AS calls FROM calls
        WHERE run_id = ? AND status = 'ok' GROUP BY endpoint, COALESCE(response_model, model) ORDER BY calls DESC, endpoint, model`,
    )
    .all(runId) as { endpoint: string | null; model: string; calls: number }[];
}

/**
 * The newest answers an endpoint gave for a model with the prompt size it reported: the requests
 * and `usage.prompt_tokens`, for `plan` to learn how that server's tokenizer counts our prompts.
 * Simulated answers and servers that report no usage are left out; only the newest 20,000 calls of
 * the database are looked at.
 */
/** How far back (in calls of the whole database) `promptTokenSamples` looks: a bounded read on a large file. */
const LOOK_BACK = 20_000;

export function promptTokenSamples(db: Db, endpoint: string, model: string, limit = 200): { request_json: string; prompt_tokens: number }[] {
  return db
    .prepare(
      `SELECT request_json, prompt_tokens FROM calls
        WHERE id > (SELECT coalesce(MAX(id), 0) FROM calls) - ? AND status = 'ok' AND simulated = 0 AND prompt_tokens > 0 AND reused_from IS NULL AND endpoint = ? AND model = ?
        ORDER BY id DESC LIMIT ?`,
    )
    .all(LOOK_BACK, endpoint, model, limit) as { request_json: string; prompt_tokens: number }[];
}
