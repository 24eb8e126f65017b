import { hashJson, canonicalJson } from '../util/hash.js';
import { recipeOf, type PipelineConfig } from '../methods/registry.js';
import { checkCapabilities } from './capabilities.js';
import { Store } from '../store/index.js';
import { createRun, deleteRun, getRunByName, restoreRun, setRunStatus, updateRunConfig, type RunRow, type RunStatus } from '../store/runs.js';
import { describeHolder, LeaseHeldError, leaseOptionsFromEnv, takeLease, type LeaseOptions, type RunLease } from '../store/lease.js';
import { describeFailures, Journal, StopRequested, type JournalEvent, type JournalStats } from '../teacher/journal.js';
import { resolveTeacher } from '../teacher/factory.js';
import { endpointOf } from '../teacher/key.js';
import { pricesFor } from '../teacher/billing.js';
import type { Teacher } from '../teacher/types.js';
import { SIM_MODEL } from '../teacher/sim/index.js';
import { SimTeacher } from '../teacher/sim/sim-teacher.js';
import type { TeacherConfig } from '../config/common.js';
import type { Progress } from '../engine/context.js';
import { groupFailures, type FailureGroup } from '../store/summary.js';
import { stepRng } from '../engine/rng.js';
import { TOOL_VERSION } from '../version.js';
import { redactUrl } from '../util/redact.js';
import { ConfigError } from '../config/errors.js';
import { TemplateError } from '../prompts/template.js';
import { SeedFormatError } from '../seeds/load.js';

export interface RunRequest {
  config: PipelineConfig;
  configFile: string | null;
  dbPath: string;
  /** Folder that seeds and prompts paths resolve against. */
  root: string;
  env: NodeJS.ProcessEnv;
  progress: Progress;
  onCall?: (e: JournalEvent) => void;
  /** Calls stored as failed for good are not sent again; their failure stands (`--skip-failed`). */
  skipFailed?: boolean;
  /** Said to the user as the run starts. */
  notify?: (line: string) => void;
  /** Hook for signal handlers: called with the journal once it exists. */
  onJournal?: (journal: Journal) => void;
  /** Tests and `plan` may inject a teacher. */
  teacher?: Teacher;
  /** `plan` runs on an in-memory copy of the database; the caller keeps it open. */
  store?: Store;
  /** Set by `plan`: the play acts only on its copy (recipes skip their outside commands). */
  planning?: boolean;
  retryBaseMs?: number;
  /** Run lease timings (default: the store's, or DISTILLERY_LEASE_TTL_MS / DISTILLERY_LEASE_HEARTBEAT_MS in env). */
  lease?: LeaseOptions;
  /**
   * When another live process holds the run, wait up to this long for it to finish (checking every
   * second) instead of refusing at once (`--wait-for-lease SECONDS`; default 0: refuse).
   */
  waitForLeaseMs?: number;
}

export interface RunResult {
  run: RunRow;
  status: RunStatus;
  detail: string;
  resumed: boolean;
  stats: JournalStats;
  teacherNotice: string;
  seconds: number;
  /** Calls that failed for good in this session, grouped by stage and reason (kind, HTTP status, the server's message), the most frequent first. */
  failures: FailureGroup[];
}

/**
 * Start a run, or resume the run of the same name: the latest config becomes the run's config
 * and every stored answer whose key still matches is reused.
 */
export async function executeRun(req: RunRequest): Promise<RunResult> {
  const started = Date.now();
  const recipe = recipeOf(req.config.method);
  if (!recipe) throw new Error(`no recipe for method "${req.config.method}"`);
  if (!req.teacher) {
    checkCapabilities(req.config, recipe.manifest, req.env, req.configFile);
    // Each named teacher's settings too (mode, structured outputs), before the first call.
    for (const named of Object.values(req.config.teachers)) checkCapabilities({ ...req.config, teacher: named }, recipe.manifest, req.env, req.configFile);
  }
  const resolved = req.teacher ? { teacher: req.teacher, notice: `teacher: ${req.teacher.provider}/${req.teacher.model}` } : resolveTeacher(req.config.teacher, req.env);
  const { teacher } = resolved;
  req.notify?.(resolved.notice);
  const leaseOptions = { ...leaseOptionsFromEnv(req.env), ...req.lease };
  const store = req.store ?? Store.open(req.dbPath);
  let lease: RunLease | undefined;
  let named: ReturnType<typeof namedJournals> | undefined;
  try {
    // The stored copy (shown by status, the report and exports) has no URL credentials; the client got the real URL.
    const stored = storedConfig(req.config);
    const fields = {
      configJson: canonicalJson(stored),
      configHash: hashJson(stored),
      configFile: req.configFile,
      provider: teacher.provider,
      model: teacher.model,
      simulated: teacher.simulated,
      target: req.config.target,
      endpoint: endpointOf(teacher),
    };
    // One IMMEDIATE transaction finds or creates the run and takes its lease, so two processes
    // starting the same run at once cannot both go ahead. An in-memory database (`plan`) is seen
    // by no other process: it needs no lease.
    const needsLease = !store.db.memory;
    const { existing, run } = await waitingForLease(req, () => store.transaction(() => {
      const existing = getRunByName(store.db, req.config.name);
      if (existing && existing.method !== req.config.method) {
        throw new Error(`run "${existing.name}" in ${req.dbPath} is a ${existing.method} run; this pipeline is ${req.config.method} (choose another name with --name)`);
      }
      if (existing) {
        if (needsLease) lease = takeLease(store, existing, leaseOptions);
        updateRunConfig(store.db, existing.id, fields);
        setRunStatus(store.db, existing.id, 'running');
        return { existing, run: { ...existing, ...{ status: 'running' as const } } };
      }
      const run = createRun(store.db, { name: req.config.name, method: req.config.method, seed: req.config.seed, toolVersion: TOOL_VERSION, ...fields });
      if (needsLease) lease = takeLease(store, run, leaseOptions);
      return { existing, run };
    }));
    if (lease?.tookOver) req.notify?.(`taking over run "${run.name}" from ${describeHolder(lease.tookOver.holder)}: ${lease.tookOver.why}`);
    req.notify?.(existing ? `resuming run "${run.name}" (id ${run.id}) in ${req.dbPath}` : `new run "${run.name}" (id ${run.id}) in ${req.dbPath}`);
    const jitter = stepRng(req.config.seed, 'backoff-jitter', Date.now());
    const journal = new Journal({
      store,
      runId: run.id,
      teacher,
      limits: req.config.limits,
      budget: req.config.budget,
      prices: pricesFor(req.config.prices, teacher),
      sendSeed: req.config.teacher.send_seed,
      random: () => jitter.float(),
      retryBaseMs: req.retryBaseMs ?? req.config.limits.retry_base_ms,
      timeoutMs: req.config.teacher.timeout_seconds * 1000,
      onEvent: req.onCall,
      skipFailed: req.skipFailed,
      ...batchMode(req.config.teacher),
    });
    req.onJournal?.(journal);
    named = namedJournals(req, journal, run.id, store, jitter);
    // Taken over by another process (this one stalled past the expiry): stop; the write guard already refuses.
    lease?.start((lost) => journal.stop('interrupt', lost.message));
    let status: RunStatus;
    let detail: string;
    try {
      const mainKindOf = (method: string) => recipeOf(method)?.manifest.mainKind;
      const outcome = await recipe.run({ store, run, config: req.config, journal, progress: req.progress, root: req.root, planning: req.planning, mainKindOf, journalFor: named.journalFor, otherFailures: named.otherFailures });
      status = outcome.status;
      detail = outcome.detail;
      // Never "completed" over calls that failed for good in this session (DESIGN invariant 8).
      if (status === 'completed' && named.failures().length > 0) {
        status = 'failed';
        detail = `${describeFailures(named.failures())}; resume retries them (or leaves them out with --skip-failed)`;
      } else if (status === 'completed' && journal.stats.skipped > 0) {
        detail = `${detail}; ${journal.stats.skipped} call(s) that failed for good were left out (--skip-failed)`;
      }
    } catch (err) {
      // The run is another process's now: its status is not this process's to write.
      if (lease?.lost) throw lease.lost;
      if (!(err instanceof StopRequested)) {
        if (isInputError(err) && journal.stats.attempts === 0) {
          undoRun(store, run, existing);
          req.notify?.(existing ? `run "${run.name}" left as it was: its input is unusable` : `run "${run.name}" not kept: its input is unusable`);
          throw err;
        }
        setRunStatus(store.db, run.id, 'failed', (err as Error).message);
        throw err;
      }
      status = err.reason === 'interrupt' ? 'interrupted' : err.reason === 'failed' ? 'failed' : 'paused';
      detail = err.detail;
    }
    if (lease?.lost) throw lease.lost;
    store.transaction(() => setRunStatus(store.db, run.id, status, detail));
    const failures = groupFailures(named.all().flatMap((j) => j.failed));
    return { run, status, detail, resumed: !!existing, stats: named.stats(), teacherNotice: resolved.notice, seconds: (Date.now() - started) / 1000, failures };
  } finally {
    await named?.close();
    if (lease) {
      store.group.flush();
      lease.release();
    }
    if (!req.store) store.close();
    await teacher.close?.();
  }
}

/**
 * A named teacher the sim answers for goes by the sim's model name plus its own ("distillery-sim-1+gpt-4o"):
 * several named sim teachers then key their answers apart, as different real models would, and the
 * sim writes a model's own answer where a stage asks for it (the preference recipe's answers).
 */
function namedSim(teacher: Teacher, model: string): Teacher {
  return teacher.simulated ? new SimTeacher(`${SIM_MODEL}+${model}`) : teacher;
}

/**
 * The journals of a pipeline's named teachers (`teachers`), made on first use: each its own
 * teacher, limiter and stats, the run's limits and budget, stopped together with the run's journal.
 * A test's or `plan`'s injected teacher answers for every name.
 */
function namedJournals(req: RunRequest, main: Journal, runId: number, store: Store, jitter: { float(): number }) {
  const decls: Record<string, TeacherConfig> = req.config.teachers;
  const made = new Map<string, Journal>();
  const clients: Teacher[] = [];
  const journalFor = (name: string): Journal => {
    const known = made.get(name);
    if (known) return known;
    const cfg = decls[name];
    if (!cfg) throw new Error(`no teacher named "${name}" in teachers`);
    const teacher = req.teacher ?? namedSim(resolveTeacher(cfg, req.env).teacher, cfg.model);
    if (!req.teacher) clients.push(teacher);
    req.notify?.(`teacher "${name}": ${teacher.provider}/${teacher.model}`);
    const j = new Journal({
      store, runId, teacher, limits: req.config.limits, budget: req.config.budget, prices: pricesFor(req.config.prices, teacher),
      sendSeed: cfg.send_seed, random: () => jitter.float(), retryBaseMs: req.retryBaseMs ?? req.config.limits.retry_base_ms,
      timeoutMs: cfg.timeout_seconds * 1000, onEvent: req.onCall, skipFailed: req.skipFailed, follows: main, ...batchMode(cfg),
    });
    made.set(name, j);
    return j;
  };
  const all = () => [main, ...made.values()];
  return {
    journalFor,
    all,
    close: async () => {
      for (const t of clients) await t.close?.();
    },
    failures: () => all().flatMap((j) => j.failures),
    otherFailures: () => [...made.values()].flatMap((j) => j.failed.map((f) => ({ wave: f.wave, text: `stage ${f.stage}: ${f.error}` }))),
    stats: (): JournalStats => {
      const sum = { ...main.stats };
      for (const j of made.values()) for (const k of Object.keys(sum) as (keyof JournalStats)[]) sum[k] += j.stats[k];
      return sum;
    },
  };
}

/** Batch mode's journal option (README, "Batch mode"): polled every `batch_poll_seconds`, 30 by default. */
function batchMode(cfg: TeacherConfig): { batch?: { pollMs: number } } {
  return cfg.batch ? { batch: { pollMs: (cfg.batch_poll_seconds ?? 30) * 1000 } } : {};
}

/** The config as stored with the run: the teacher's base URL without its `user:password@`. */
function storedConfig(config: PipelineConfig): PipelineConfig {
  const clean = <T extends { base_url?: string }>(t: T): T => (t.base_url && redactUrl(t.base_url) !== t.base_url ? { ...t, base_url: redactUrl(t.base_url) } : t);
  const teachers = Object.fromEntries(Object.entries(config.teachers).map(([name, t]) => [name, clean(t)]));
  return { ...config, teacher: clean(config.teacher), teachers };
}

/** Bad input the user can fix (a config, template, seeds or corpus problem), as opposed to a failure of the run. */
function isInputError(err: unknown): boolean {
  return err instanceof ConfigError || err instanceof TemplateError || err instanceof SeedFormatError;
}

/**
 * Bad input leaves no trace (issue 21 item 9). A recipe reads its templates, seeds and corpus only
 * once the run row exists (seeds and passages are stored as the run's samples), so an input error
 * is found after the row was created or resumed. When nothing was sent in this process, the run is
 * put back as it was, in one transaction: a new run is deleted with every row it wrote (its seeds,
 * passages, waves and lease row), an existing run gets its previous config and status back. Once a
 * request was sent the run is kept and marked failed, so what was paid for is reused next time.
 * The lease is still held here (the delete passes the write guard) and is released by the caller.
 */
function undoRun(store: Store, run: RunRow, existing: RunRow | undefined): void {
  store.group.flush();
  store.transaction(() => {
    if (existing) restoreRun(store.db, existing);
    else deleteRun(store.db, run.id);
  });
}

const LEASE_POLL_MS = 1000;

/**
 * `start` (the transaction that finds or creates the run and takes its lease), tried again every
 * second while another live process holds the run, for up to `req.waitForLeaseMs`; said once.
 * The refusal after that long is the usual one, naming the holder.
 */
async function waitingForLease<T>(req: Pick<RunRequest, 'waitForLeaseMs' | 'notify' | 'config'>, start: () => T): Promise<T> {
  const deadline = Date.now() + (req.waitForLeaseMs ?? 0);
  let told = false;
  for (;;) {
    try {
      return start();
    } catch (err) {
      if (!(err instanceof LeaseHeldError) || Date.now() + LEASE_POLL_MS > deadline) throw err;
      if (!told) req.notify?.(`run "${req.config.name}" is in use by ${describeHolder(err.holder)}: waiting up to ${Math.round((deadline - Date.now()) / 1000)} s for it (--wait-for-lease)`);
      told = true;
      await new Promise((r) => setTimeout(r, LEASE_POLL_MS));
    }
  }
}
