/** PRAGMA application_id of a Distillery database ("DSTL"), set by migration 3. */
export const APPLICATION_ID = 0x4453544c;

/** The tables every Distillery database has had since version 1 (files of versions 1-2 carry no application id: they are known by these). */
export const CORE_TABLES: readonly string[] = ['runs', 'calls', 'samples', 'lineage', 'verdicts', 'waves'];

/**
 * Schema versions, applied in order and recorded in PRAGMA user_version.
 * Never edit a shipped migration: add the next one.
 */
export const MIGRATIONS: readonly string[] = [
  /* 1: runs, samples, lineage, calls (the request journal), verdicts, waves */ `
  CREATE TABLE runs (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    method        TEXT NOT NULL,
    config_json   TEXT NOT NULL,
    config_hash   TEXT NOT NULL,
    config_file   TEXT,
    seed          INTEGER NOT NULL,
    provider      TEXT NOT NULL,
    model         TEXT NOT NULL,
    simulated     INTEGER NOT NULL DEFAULT 0,
    status        TEXT NOT NULL CHECK (status IN ('running','paused','interrupted','completed','failed')),
    status_detail TEXT,
    target        INTEGER NOT NULL,
    tool_version  TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
  );

  CREATE TABLE calls (
    id                 INTEGER PRIMARY KEY,
    run_id             INTEGER NOT NULL REFERENCES runs(id),
    key                TEXT NOT NULL,
    content_hash       TEXT NOT NULL,
    draw               INTEGER NOT NULL DEFAULT 0,
    wave               INTEGER NOT NULL,
    stage              TEXT NOT NULL,
    provider           TEXT NOT NULL,
    model              TEXT NOT NULL,
    mode               TEXT NOT NULL,
    request_json       TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('pending','ok','failed')),
    response_text      TEXT,
    finish_reason      TEXT,
    response_model     TEXT,
    response_id        TEXT,
    simulated          INTEGER NOT NULL DEFAULT 0,
    prompt_tokens      INTEGER NOT NULL DEFAULT 0,
    completion_tokens  INTEGER NOT NULL DEFAULT 0,
    cached_tokens      INTEGER NOT NULL DEFAULT 0,
    cost               REAL NOT NULL DEFAULT 0,
    latency_ms         INTEGER,
    attempts           INTEGER NOT NULL DEFAULT 0,
    -- Every failed attempt, one line each (kept after a later success, for the audit).
    error              TEXT,
    reused_from        INTEGER REFERENCES calls(id),
    created_at         TEXT NOT NULL,
    completed_at       TEXT,
    UNIQUE (run_id, key)
  );
  CREATE INDEX calls_key ON calls(key, status);
  CREATE INDEX calls_run_stage ON calls(run_id, stage, status);
  CREATE INDEX calls_run_content ON calls(run_id, content_hash, wave);

  CREATE TABLE samples (
    id            INTEGER PRIMARY KEY,
    run_id        INTEGER NOT NULL REFERENCES runs(id),
    kind          TEXT NOT NULL,
    stage         TEXT NOT NULL,
    wave          INTEGER NOT NULL DEFAULT 0,
    round         INTEGER NOT NULL DEFAULT 0,
    instruction   TEXT NOT NULL DEFAULT '',
    input         TEXT NOT NULL DEFAULT '',
    output        TEXT NOT NULL DEFAULT '',
    messages_json TEXT,
    meta_json     TEXT,
    status        TEXT NOT NULL CHECK (status IN ('accepted','rejected','pending')),
    reason        TEXT,
    content_hash  TEXT NOT NULL,
    call_id       INTEGER REFERENCES calls(id),
    created_at    TEXT NOT NULL
  );
  CREATE INDEX samples_run ON samples(run_id, kind, status);
  CREATE INDEX samples_run_reason ON samples(run_id, reason);
  CREATE INDEX samples_call ON samples(call_id);

  CREATE TABLE lineage (
    child_id   INTEGER NOT NULL REFERENCES samples(id),
    parent_id  INTEGER NOT NULL REFERENCES samples(id),
    relation   TEXT NOT NULL,
    position   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (child_id, relation, position)
  );
  CREATE INDEX lineage_parent ON lineage(parent_id);

  CREATE TABLE verdicts (
    id          INTEGER PRIMARY KEY,
    sample_id   INTEGER NOT NULL REFERENCES samples(id),
    filter      TEXT NOT NULL,
    passed      INTEGER NOT NULL,
    score       REAL,
    detail_json TEXT
  );
  CREATE INDEX verdicts_sample ON verdicts(sample_id);

  -- A wave is applied in one transaction; its row marks it done so resume starts after it.
  CREATE TABLE waves (
    run_id      INTEGER NOT NULL REFERENCES runs(id),
    wave        INTEGER NOT NULL,
    stage       TEXT NOT NULL,
    state_json  TEXT,
    completed_at TEXT NOT NULL,
    PRIMARY KEY (run_id, wave)
  );
  `,
  /* 2: audit indexes: a run's samples in id order (alone, by status, by stage) for keyset pages; verdicts by filter */ `
  CREATE INDEX samples_run_id ON samples(run_id);
  CREATE INDEX samples_run_status ON samples(run_id, status);
  CREATE INDEX samples_run_stage ON samples(run_id, stage);
  CREATE INDEX verdicts_filter ON verdicts(filter, passed);
  `,
  /* 3: run leases (one process at a time works on a run, DESIGN invariant 9) and the application id */ `
  CREATE TABLE leases (
    run_id        INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
    -- A random value only the holder knows: renewals and the release match on it.
    token         TEXT NOT NULL,
    pid           INTEGER NOT NULL,
    host          TEXT NOT NULL,
    -- hostname, boot id and pid namespace: where "pid" can be checked for liveness.
    host_id       TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    heartbeat_at  TEXT NOT NULL,
    -- The holder's promise: a lease whose heartbeat is older than this may be taken over.
    ttl_ms        INTEGER NOT NULL
  );
  PRAGMA application_id = ${APPLICATION_ID};
  `,
  /* 4: who answered (DESIGN invariant 10) and which stop fired: the run's endpoint (set at each session's start), each call's endpoint and stop reason */ `
  ALTER TABLE runs ADD COLUMN endpoint TEXT;
  ALTER TABLE calls ADD COLUMN endpoint TEXT;
  -- The stop string (or "token:<id>") that ended the answer, where the server says so (vLLM, SGLang).
  ALTER TABLE calls ADD COLUMN stop_reason TEXT;
  `,
  /* 5: counts without reading rows: status, the dashboard and the summary aggregate a run's samples, calls and verdicts from covering indexes; verdicts carry their sample's run and kind so counting them needs no join */ `
  ALTER TABLE verdicts ADD COLUMN run_id INTEGER;
  ALTER TABLE verdicts ADD COLUMN kind TEXT;
  UPDATE verdicts SET (run_id, kind) = (SELECT s.run_id, s.kind FROM samples s WHERE s.id = verdicts.sample_id);
  CREATE INDEX verdicts_run_stats ON verdicts(run_id, filter, kind, passed, score);
  CREATE INDEX samples_counts ON samples(run_id, kind, status, reason, stage);
  CREATE INDEX calls_run_counts ON calls(run_id, stage, status, reused_from, attempts, finish_reason, prompt_tokens, completion_tokens, cost, latency_ms);
  -- The dashboard's survival by round and by operation; the expressions are store/audit.ts's ROUND_OF and OPERATION_OF, exactly.
  CREATE INDEX samples_round ON samples(run_id, kind, (CASE WHEN round != 0 THEN round WHEN json_valid(meta_json) AND typeof(json_extract(meta_json, '$.round')) = 'integer' THEN json_extract(meta_json, '$.round') ELSE 0 END), status);
  CREATE INDEX samples_operation ON samples(run_id, (CASE WHEN json_valid(meta_json) AND json_type(meta_json, '$.operation') = 'text' THEN json_extract(meta_json, '$.operation') END), status);
  `,
  /* 6: human review: each decision a row of its own beside the machine's verdicts (never changing them); the latest row of a sample wins, kept in review_latest by a trigger */ `
  CREATE TABLE reviews (
    id          INTEGER PRIMARY KEY,
    sample_id   INTEGER NOT NULL REFERENCES samples(id),
    run_id      INTEGER NOT NULL REFERENCES runs(id),
    decision    TEXT NOT NULL CHECK (decision IN ('approved','rejected','flagged')),
    note        TEXT NOT NULL DEFAULT '',
    labels_json TEXT NOT NULL DEFAULT '[]',
    reviewer    TEXT NOT NULL,
    created_at  TEXT NOT NULL
  );
  CREATE INDEX reviews_sample ON reviews(sample_id, id);
  -- A run's newest review in one seek: the fingerprint of cached review figures.
  CREATE INDEX reviews_run ON reviews(run_id, id);
  -- Each reviewed sample's latest decision (the highest review id), so queues, filters, export and
  -- progress read one row per sample instead of finding the latest among its reviews.
  CREATE TABLE review_latest (
    sample_id  INTEGER PRIMARY KEY REFERENCES samples(id),
    run_id     INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    decision   TEXT NOT NULL,
    review_id  INTEGER NOT NULL REFERENCES reviews(id)
  );
  CREATE INDEX review_latest_run ON review_latest(run_id, kind, decision);
  CREATE TRIGGER reviews_keep_latest AFTER INSERT ON reviews BEGIN
    INSERT INTO review_latest (sample_id, run_id, kind, decision, review_id)
    SELECT NEW.sample_id, NEW.run_id, s.kind, NEW.decision, NEW.id FROM samples s WHERE s.id = NEW.sample_id
    ON CONFLICT (sample_id) DO UPDATE SET decision = excluded.decision, review_id = excluded.review_id WHERE excluded.review_id > review_latest.review_id;
  END;
  `,
  /* 7: a run's calls of one wave by stage from an index (plan and resume read the unfinished wave's answered calls) */ `
  CREATE INDEX calls_run_wave ON calls(run_id, wave, stage, status);
  `,
  /* 8: the replica that answered a call, when the teacher is several endpoints (calls.endpoint stays the group the key is made under) */ `
  ALTER TABLE calls ADD COLUMN answered_by TEXT;
  `,
  /* 9: batch mode: each provider batch job, and which calls each job carries (journaled before the job is submitted) */ `
  CREATE TABLE batch_jobs (
    id              INTEGER PRIMARY KEY,
    run_id          INTEGER NOT NULL REFERENCES runs(id),
    provider        TEXT NOT NULL,
    endpoint        TEXT NOT NULL,
    -- Null until the provider's create call returned: such a job was never submitted.
    provider_job_id TEXT,
    -- Sent as the job's metadata: finds a job whose create call answered after the process died.
    token           TEXT NOT NULL,
    input_file_id   TEXT,
    -- 'preparing' before submission, then the provider's states; 'collected' once every line is stored; 'abandoned' when never submitted.
    status          TEXT NOT NULL,
    counts_json     TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
  );
  CREATE INDEX batch_jobs_run ON batch_jobs(run_id, status);
  CREATE TABLE batch_lines (
    job_id    INTEGER NOT NULL REFERENCES batch_jobs(id),
    call_id   INTEGER NOT NULL REFERENCES calls(id),
    custom_id TEXT NOT NULL,
    -- Null until the job's results are stored: 'ok', or the line's error.
    outcome   TEXT,
    PRIMARY KEY (job_id, call_id)
  );
  CREATE INDEX batch_lines_call ON batch_lines(call_id, job_id);
  `,
];
