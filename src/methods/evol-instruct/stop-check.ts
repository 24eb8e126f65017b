/**
 * Code Evol-Instruct's round stop rule (WizardCoder stopped evolving when dev pass@1 dropped),
 * with the user's command as the scorer: after a round is decided and before it is stored, the
 * dataset so far is written as JSONL and scored; the score and the rule's state go into the
 * round's wave state, in the same transaction as its samples. A check that fails stores nothing
 * of the round (resume rebuilds it from the journal and checks it again), and so does a stop
 * request during the check, which ends the command; a stored round is never checked again. When `patience` rounds in a row do not improve on the best score, the
 * evolutions of the rounds after the best one are rejected (`stop-check`) and the run ends.
 */
import type { RunContext } from '../../engine/context.js';
import type { SampleUpdate, WaveOutput } from '../../engine/wave-runner.js';
import type { Verdict } from '../../store/samples.js';
import { StopRequested } from '../../teacher/journal.js';
import type { EvolInstructConfig, StopCheck } from './params.js';
import { readScore } from './score-output.js';
import { runCheck, samplesPath, writeSamples, type CheckRow } from './stop-command.js';
import { checkLine, droppedRounds, nextStopState, type StopState } from './stop-rule.js';

type Ctx = RunContext<EvolInstructConfig>;

/** The rule's state as the stored rounds left it (the latest wave that carries one). */
export function storedStopState(ctx: Pick<Ctx, 'store' | 'run'>): StopState | undefined {
  let found: StopState | undefined;
  for (const w of ctx.store.waves.all(ctx.run.id)) {
    const s = (w.state as { stop_check?: StopState } | undefined)?.stop_check;
    if (s) found = s;
  }
  return found;
}

/** The file the check reads: the inputs (round 0), the accepted evolutions stored, then this round's. */
export function datasetSoFar(ctx: Pick<Ctx, 'store' | 'run'>, output: WaveOutput): CheckRow[] {
  const { store, run } = ctx;
  const row = (s: { instruction?: string; input?: string; output?: string; round?: number }): CheckRow => ({
    instruction: s.instruction ?? '',
    input: s.input ?? '',
    output: s.output ?? '',
    round: s.round ?? 0,
  });
  return [
    ...store.samples.list(run.id, 'source', 'accepted').map((s) => row({ ...s, round: 0 })),
    ...store.samples.list(run.id, 'evolved', 'accepted').map(row),
    ...output.samples.filter((s) => s.kind === 'evolved' && s.status === 'accepted').map(row),
  ];
}

/** Score round `round` and apply the rule to its output; throws StopRequested('failed') when the check fails. */
export async function checkRound(ctx: Ctx, check: StopCheck, round: number, output: WaveOutput, prev: StopState | undefined): Promise<{ output: WaveOutput; state: StopState }> {
  const path = samplesPath(ctx.store.db.name, ctx.root, ctx.run.name, round);
  writeSamples(path, datasetSoFar(ctx, output));
  const exit = await runCheck({
    command: check.command,
    cwd: ctx.root,
    env: { ...process.env, DISTILLERY_SAMPLES: path, DISTILLERY_ROUND: String(round) },
    timeoutMs: check.timeout_seconds * 1000,
    stopped: () => ctx.journal.stopped !== null,
  });
  // Ctrl-C (or a lost lease) during the check: the round is not stored, and resume checks it again.
  const stop = ctx.journal.stopped;
  if (exit.interrupted && stop) throw stop;
  const read = readScore(exit, { command: check.command, round, timeoutSeconds: check.timeout_seconds });
  if ('error' in read) throw new StopRequested('failed', read.error);
  const state = nextStopState(prev, round, read.score, check);
  ctx.progress.note?.(checkLine(state, check.patience));
  return { output: applyStop(ctx, output, round, state), state };
}

/** The verdict a dropped evolution gets. */
export function stopVerdict(state: StopState, round: number): Verdict {
  const own = state.scores.find((s) => s.round === round);
  return {
    filter: 'stop-check',
    passed: false,
    score: own?.score ?? null,
    detail: { round, score: own?.score ?? null, best_round: state.best.round, best_score: state.best.score },
  };
}

/**
 * The round's output with the rule's state in its wave state; when the run stops, its accepted
 * evolutions rejected and, as updates, those of the stored rounds after the best one.
 */
export function applyStop(ctx: Pick<Ctx, 'store' | 'run'>, output: WaveOutput, round: number, state: StopState): WaveOutput {
  const withState = { ...output, state: { ...output.state, stop_check: state } };
  const dropped = new Set(droppedRounds(state));
  if (!dropped.has(round)) return withState;
  const samples = output.samples.map((s) =>
    s.kind === 'evolved' && s.status === 'accepted' ? { ...s, status: 'rejected' as const, reason: 'stop-check', verdicts: [...(s.verdicts ?? []), stopVerdict(state, round)] } : s,
  );
  const updates: SampleUpdate[] = ctx.store.samples
    .list(ctx.run.id, 'evolved', 'accepted')
    .filter((s) => dropped.has(s.round))
    .map((s) => ({ id: s.id, verdicts: [stopVerdict(state, s.round)], status: { status: 'rejected', reason: 'stop-check' } }));
  return { ...withState, samples, updates: [...(output.updates ?? []), ...updates], accepted: 0 };
}
