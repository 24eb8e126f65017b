/**
 * The one wave loop under every recipe. A recipe says what the next wave is (`next`), makes its
 * calls and decides its samples (`run`); the runner numbers the waves, reports progress, stores
 * everything a wave derived (samples, verdicts, lineage, updates of earlier samples, the wave's
 * resume state) in one transaction with its completion mark, resolves the novelty pool's pending
 * ids to sample ids, and stops a run that stalls. Stop requests and budgets surface from the
 * journal as StopRequested, which leaves the unfinished wave to be rebuilt on resume.
 */
import type { NewSample, SampleStatus, Verdict } from '../store/samples.js';
import type { RunContext, RunOutcome } from './context.js';
import type { NoveltyPool } from './novelty-pool.js';
import { describeFailures, StopRequested } from '../teacher/journal.js';

/** A parent link: a stored sample (or a pool's pending id), or `ref`, the index of a sample stored earlier in the same wave. */
export type WaveParent = ({ parentId: number } | { ref: number }) & { relation: string; position?: number };

/** A sample a wave stores; run, wave and ids are the runner's. */
export interface WaveSample extends Omit<NewSample, 'runId' | 'wave' | 'parents'> {
  parents?: WaveParent[];
  /** Its pending id in the novelty pool, resolved to the sample id once stored. */
  poolId?: number;
}

/** A change to a sample stored by an earlier wave (e.g. a curation pass). */
export interface SampleUpdate {
  id: number;
  verdicts?: Verdict[];
  meta?: Record<string, unknown>;
  status?: { status: SampleStatus; reason: string | null };
}

export interface WaveOutput {
  /** The stage stored with the wave's mark; `next` reads it back on resume. */
  stage: string;
  samples: WaveSample[];
  updates?: SampleUpdate[];
  /** Stored with the wave's mark: what the next wave, or a resumed run, continues from. */
  state?: Record<string, unknown>;
  /** Samples of the main kind this wave accepted (progress and stall detection). */
  accepted: number;
  /** A verdict's detail that names another sample of this wave by index, rewritten with the ids stored so far. */
  resolveVerdict?: (v: Verdict, ids: readonly number[]) => Verdict;
}

/** The next wave's stage and progress, or the run's outcome (with the final progress when the runner's own count would be off). */
export type NextWave = { stage: string; accepted: number; target: number } | { done: RunOutcome; accepted?: number; target?: number };

export interface WaveRecipe<S = undefined> {
  /** What the next wave does (its stage, and progress so far), or the run's outcome when there is nothing left. */
  next(wave: number): NextWave | Promise<NextWave>;
  /**
   * Pipelining (optional): send the wave's first stage early, from the state as of wave `asOf`
   * (= wave − depth; 0 or less: as the run started). Its calls overlap the later stages of the
   * waves before it. Store nothing; `run` gets what it returns. A wave may be started and then
   * not run (the target was reached): its answers stay in the journal. `ahead`: the wave is not
   * due yet, and the recipe may decline (return undefined, e.g. the target looks near); it is then
   * started in its turn, from the same state as of `asOf`.
   */
  start?(wave: number, asOf: number, ahead: boolean): S | undefined;
  /** Waves whose first stage is in flight at once (1: one wave at a time, today's datasets). */
  depth?: number;
  /**
   * Make the wave's calls (after its `start`, if any) and decide its samples; store nothing.
   * `decided` (optional to call): the wave has made every decision later waves depend on (e.g.
   * its novelty verdicts, in order), so the next wave may run while this one's later stages are in
   * flight (up to `depth` waves at once). Waves are still stored in order.
   */
  run(wave: number, started: S, decided: () => void): Promise<WaveOutput>;
  /** After the wave is stored, with its samples' ids in order. */
  stored?(output: WaveOutput, ids: readonly number[], wave: number): void;
  /** Waves in a row that accept nothing before the run fails as stalled, and what they failed to add. */
  stall?: { waves: number; what: string };
  /** The ROUGE-L pool whose pending ids the stored verdicts and parents name. */
  pool?: NoveltyPool;
}

/** Waves in a row that add nothing before a run is given up as stalled (the recipes' default). */
export const MAX_IDLE_WAVES = 25;

export async function runWaves<S = undefined>(ctx: RunContext, recipe: WaveRecipe<S>): Promise<RunOutcome> {
  const started = new Map<number, S>();
  const live: Live[] = [];
  try {
    return await waveLoop(ctx, recipe, started, live);
  } finally {
    // Waves started or run ahead and not stored: their calls finish (and are journaled) before the
    // run ends, so nothing writes to the store after it is closed; they are rebuilt from the journal later.
    await Promise.allSettled([...started.values(), ...live.map((l) => l.output)]);
  }
}

/** A wave being run: launched once the wave before it made its in-order decisions. */
interface Live {
  wave: number;
  step: { stage: string; accepted: number; target: number };
  output: Promise<WaveOutput>;
  decided: boolean;
  failedBefore: number;
  /** Failures of the run's other journals when the wave started. */
  otherBefore: number;
}

async function waveLoop<S>(ctx: RunContext, recipe: WaveRecipe<S>, started: Map<number, S>, live: Live[]): Promise<RunOutcome> {
  let wave = (ctx.store.waves.last(ctx.run.id)?.wave ?? 0) + 1;
  let idle = 0;
  let last = { accepted: 0, target: ctx.config.target };
  const depth = recipe.start ? Math.max(1, recipe.depth ?? 1) : 1;
  // Wave k's first stage reads the state as of wave k − depth whenever it is started (fresh run,
  // resume, or in the pipeline), so the dataset depends on the depth, never on timing.
  let stored = wave - 1; // the last wave stored
  const begin = (k: number, ahead: boolean): S | undefined => {
    if (started.has(k)) return started.get(k);
    if (k - depth > stored) return undefined; // its state is not there yet (started after wave k − depth is stored)
    const s = recipe.start?.(k, k - depth, ahead);
    if (s === undefined) return undefined;
    if (s instanceof Promise) s.catch(() => {}); // awaited by `run`; a rejection surfaces there
    started.set(k, s);
    return s;
  };
  let wake: () => void = () => {};
  for (;;) {
    // Launch waves while the window has room and the last one launched has made its decisions
    // (a recipe that never says so runs one wave at a time, as with depth 1).
    while (live.length < depth && (live.length === 0 || live.at(-1)!.decided)) {
      const step = await recipe.next(wave);
      if ('done' in step) {
        if (live.length > 0) break; // asked again once the waves before are stored
        ctx.progress.wave({ wave, accepted: step.accepted ?? last.accepted, target: step.target ?? last.target, stage: 'done' });
        return step.done;
      }
      if (live.length === 0) {
        last = { accepted: step.accepted, target: step.target };
        ctx.progress.wave({ wave, accepted: step.accepted, target: step.target, stage: step.stage });
      }
      const failedBefore = ctx.journal?.failures.length ?? 0;
      const own = begin(wave, false) as S; // the window keeps wave − depth ≤ stored
      // The next waves' first stages go out now: wave + j needs only waves up to wave + j − depth.
      for (let j = 1; j < depth; j++) begin(wave + j, true);
      const entry: Live = { wave, step, decided: false, failedBefore, otherBefore: ctx.otherFailures?.().length ?? 0, output: undefined as unknown as Promise<WaveOutput> };
      entry.output = recipe.run(wave, own, () => {
        entry.decided = true;
        wake();
      });
      entry.output.then(() => wake(), () => wake());
      live.push(entry);
      wave++;
    }
    const head = live[0]!;
    // Wait until the oldest wave is done or the newest has decided (then another may launch).
    const settled = await Promise.race([
      head.output.then(() => true, () => true),
      new Promise<boolean>((r) => (wake = () => r(false))),
    ]);
    if (!settled) continue;
    const output = await head.output;
    live.shift();
    started.delete(head.wave);
    const ahead = new Set([...started.keys(), ...live.map((l) => l.wave)]);
    // A wave is stored only when none of its calls failed for good (DESIGN invariant 8): otherwise
    // the run stops, and resume rebuilds the wave from the journal, sending again only what failed,
    // so the dataset ends as an uninterrupted run's. (`--skip-failed` answers stored failures as
    // failures instead of sending them again; a wave built on them is stored.) Only this wave's
    // failures count: a wave run or started ahead fails when it is its turn.
    const failed = [
      ...(ctx.journal?.failuresOfWave(head.wave, head.failedBefore, ahead) ?? []),
      // The named teachers' journals (a custom pipeline's stage teachers, a preference run's pool), as the main one's.
      ...(ctx.otherFailures?.().filter((f, i) => f.wave === head.wave || (i >= head.otherBefore && !ahead.has(f.wave))).map((f) => f.text) ?? []),
    ];
    if (failed.length > 0) {
      throw new StopRequested('failed', `wave ${head.wave}: ${describeFailures(failed)}; the wave is not stored; resume retries them (or leaves them out with --skip-failed)`);
    }
    const ids = storeWave(ctx, head.wave, output, recipe.pool);
    stored = head.wave;
    recipe.stored?.(output, ids, head.wave);
    last = { accepted: head.step.accepted + output.accepted, target: head.step.target };
    idle = output.accepted === 0 ? idle + 1 : 0;
    if (recipe.stall && idle >= recipe.stall.waves) {
      return { status: 'failed', detail: `stalled: ${idle} waves in a row accepted no new ${recipe.stall.what}` };
    }
    // The waves whose state (wave − depth) is now stored go out.
    for (let k = head.wave + 1; k <= head.wave + depth; k++) begin(k, true);
    // A wave launched before this one was stored asked `next` too early: ask again now.
    const nextLive = live[0];
    if (nextLive) {
      const step = await recipe.next(nextLive.wave);
      if ('done' in step) {
        ctx.progress.wave({ wave: nextLive.wave, accepted: step.accepted ?? last.accepted, target: step.target ?? last.target, stage: 'done' });
        return step.done;
      }
      nextLive.step = step;
      last = { accepted: step.accepted, target: step.target };
      ctx.progress.wave({ wave: nextLive.wave, accepted: step.accepted, target: step.target, stage: step.stage });
    }
  }
}

/** Everything the wave derived, and its completion mark, in one transaction; returns the new samples' ids in order. */
export function storeWave(ctx: Pick<RunContext, 'store' | 'run'>, wave: number, output: WaveOutput, pool?: NoveltyPool): number[] {
  const { store, run } = ctx;
  const ids: number[] = [];
  store.transaction(() => {
    for (const s of output.samples) {
      const { parents, poolId, verdicts, ...fields } = s;
      const resolved = (verdicts ?? []).map((v) => {
        const own = output.resolveVerdict ? output.resolveVerdict(v, ids) : v;
        return pool ? pool.resolveVerdict(own) : own;
      });
      const id = store.samples.insert({
        ...fields,
        runId: run.id,
        wave,
        verdicts: resolved,
        parents: parents?.map((p) => ({
          parentId: 'ref' in p ? ids[p.ref]! : pool ? pool.resolve(p.parentId) : p.parentId,
          relation: p.relation,
          position: p.position,
        })),
      });
      if (poolId !== undefined) pool?.markStored(poolId, id);
      ids.push(id);
    }
    for (const u of output.updates ?? []) {
      for (const v of u.verdicts ?? []) store.samples.addVerdict(u.id, v);
      if (u.meta) store.samples.mergeMeta(u.id, u.meta);
      if (u.status) store.samples.setStatus(u.id, u.status.status, u.status.reason);
    }
    store.waves.markDone(run.id, wave, output.stage, output.state);
  });
  return ids;
}
