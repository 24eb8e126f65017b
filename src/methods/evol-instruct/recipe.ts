import { chatFormatVerdicts } from '../../chat/edits.js';
import type { RunContext } from '../../engine/context.js';
import { prepareJudge, runJudge, type JudgeSpec } from '../../engine/judge-stage.js';
import { NoveltyPool } from '../../engine/novelty-pool.js';
import { defineRecipe } from '../../engine/recipe.js';
import { stepRng } from '../../engine/rng.js';
import { ask, askEach, checkStageTemplate, type Answer, type Ask } from '../../engine/stage.js';
import { runWaves, type NextWave, type WaveOutput, type WaveSample } from '../../engine/wave-runner.js';
import { refusalVerdict } from '../../chat/refusal.js';
import { equalityVerdict, markerLeakVerdict, sameText, sorryShortVerdict, stopwordsOnlyVerdict } from '../../filters/evol-elimination.js';
import { loadTemplate, requirePlaceholders } from '../../prompts/template.js';
import type { Verdict } from '../../store/samples.js';
import { hashJson } from '../../util/hash.js';
import { advance, rebuildChains, type Chain } from './chains.js';
import { ensureSources, inputsOrigin } from './inputs.js';
import { evolInstructManifest } from './manifest.js';
import { OPERATIONS, type DepthOperation, type EvolInstructConfig, type Operation } from './params.js';
import { completeAnswer } from './parse.js';
import { drawOperation, evolvableText, type EvolTemplates } from './prompts.js';
import { answer, evolveInBreadth, evolveInDepth, judgeEquality, STAGES, type EvolveInput } from './stages.js';
import { checkRound, storedStopState } from './stop-check.js';
import { droppedRounds, scoresText, type StopState } from './stop-rule.js';

type Ctx = RunContext<EvolInstructConfig>;
type Params = EvolInstructConfig['params'];

/** One live instruction's evolution in a round, judged step by step. */
interface Candidate {
  chain: Chain;
  operation: Operation;
  text: string;
  evolveCallId: number;
  verdicts: Verdict[];
  /** Still passing every check so far. */
  open: boolean;
  reason?: string;
  equalityCallId?: number;
  equalityAnswer?: string;
  answer?: string;
  answerCallId?: number;
  poolId?: number;
}

export function loadEvolTemplates(ctx: Pick<Ctx, 'config' | 'root'>): EvolTemplates {
  const p = ctx.config.params.prompts;
  const methods = Object.fromEntries(
    OPERATIONS.filter((op): op is DepthOperation => op !== 'in_breadth').map((op) => [op, loadTemplate(p[op], ctx.root)]),
  ) as EvolTemplates['methods'];
  const t: EvolTemplates = {
    depth: loadTemplate(p.depth, ctx.root),
    breadth: loadTemplate(p.breadth, ctx.root),
    equality: loadTemplate(p.equality, ctx.root),
    methods,
  };
  checkStageTemplate(evolveInDepth, t.depth);
  checkStageTemplate(evolveInBreadth, t.breadth);
  checkStageTemplate(judgeEquality, t.equality);
  // A method's text is inserted into the in-depth frame as data: it takes no placeholders.
  for (const m of Object.values(t.methods)) requirePlaceholders(m, []);
  return t;
}

/**
 * Evol-Instruct (methods.md section 3) in rounds, one wave each. Every live instruction gets one
 * operation drawn with its own seeded stream; the evolutions are checked in a fixed order, each
 * check stopping the candidate at its first failure (teacher calls are made only for candidates
 * still standing): the evolution call, its completeness, emptiness, marker words (rule 4), ROUGE-L
 * against the pool as it stood when the round began, equality with the parent (rule 1), the answer
 * call, its completeness, "sorry" and short (rule 2), stop words only (rule 3), the common LLM judge
 * when enabled, and finally ROUGE-L against the inputs and every accepted evolution, including
 * those accepted earlier in the round.
 * The run ends after `rounds` rounds, or after the round in which the accepted evolutions reach
 * `target`, or when no chain is left alive.
 */
export const evolInstruct = defineRecipe<EvolInstructConfig>({
  manifest: evolInstructManifest,
  stages: [evolveInDepth, evolveInBreadth, judgeEquality, answer],
  async run(ctx) {
    const { store, run, config } = ctx;
    const p = config.params;
    const templates = loadEvolTemplates(ctx);
    const judge = prepareJudge(ctx);
    const sources = await ensureSources(ctx);
    if (sources.length === 0) return { status: 'failed', detail: `no inputs to evolve (${inputsOrigin(config)})` };

    // On resume the chains, the pool and the count are rebuilt from the stored rounds.
    const evolved = [...store.samples.list(run.id, 'evolved', 'accepted'), ...store.samples.list(run.id, 'evolved', 'rejected')];
    const chains = rebuildChains(sources, evolved, p.on_failure);
    const pool = new NoveltyPool(p.rouge_threshold);
    for (const s of sources) pool.addStored(s.id, evolvableText(s.instruction, s.input));
    for (const e of evolved) if (e.status === 'accepted') pool.addStored(e.id, e.instruction);
    let accepted = evolved.filter((e) => e.status === 'accepted').length;
    let candidates: Candidate[] = []; // the round being stored, for `stored`
    // The stop rule as the stored rounds left it; checked only when configured and not in a plan.
    let stop: StopState | undefined = storedStopState(ctx);
    const checking = p.stop_check !== undefined && !ctx.planning;

    const done = (round: number, ended: string): NextWave => ({
      done: { status: 'completed', detail: `${accepted} evolved instructions accepted over ${Math.min(round - 1, p.rounds)} of ${p.rounds} rounds from ${sources.length} inputs${ended}${stopNote(stop, p, ctx.planning)}` },
      // With the stop check, the count is the recipe's (its updates reject samples stored before).
      ...(stop ? { accepted } : {}),
    });
    return runWaves(ctx, {
      pool,
      next(round) {
        if (stop?.stopped) return done(round, `; ${stoppedText(stop, p.stop_check?.patience)}`);
        if (accepted >= config.target) return done(round, `; target ${config.target} reached`);
        if (round > p.rounds) return done(round, `; target ${config.target} not reached: all ${p.rounds} rounds are done (raise params.rounds and run again to go on)`);
        if (!chains.some((c) => c.alive)) return done(round, `; target ${config.target} not reached: no instruction left to evolve after round ${round - 1} (every chain ended)`);
        return { stage: STAGES.evolve, accepted, target: config.target };
      },
      async run(round) {
        candidates = await evolveRound(ctx, templates, judge, pool, round, chains.filter((c) => c.alive));
        const output = roundOutput(round, candidates);
        if (!checking || !p.stop_check) return output;
        const checked = await checkRound(ctx, p.stop_check, round, output, stop);
        stop = checked.state;
        return checked.output;
      },
      stored(output, ids) {
        // Only once stored: the accepted evolutions become their chains' tips (a sample's status is its candidate's, or `stop-check`).
        candidates.forEach((c, i) => {
          const s = output.samples[i]!;
          advance(c.chain, { id: ids[i]!, text: c.text, status: s.status === 'accepted' ? 'accepted' : 'rejected', reason: s.reason ?? null }, p.on_failure);
        });
        // Updates are the stop check's: accepted evolutions of earlier rounds it rejected.
        accepted += output.accepted - (output.updates?.length ?? 0);
      },
    });
  },
});

/** The stop check's part of the outcome: the scores, or why it did not run. */
function stopNote(stop: StopState | undefined, p: Params, planning: boolean | undefined): string {
  if (planning && p.stop_check) return '; params.stop_check was not run (a plan plays every round)';
  if (!stop || stop.stopped) return '';
  return `; stop check scores: ${scoresText(stop)} (best: round ${stop.best.round})`;
}

/** "stopped by the stop check after round 3: ..." with every round's score and what left the dataset. */
function stoppedText(stop: StopState, patience: number | undefined): string {
  const last = stop.scores.at(-1)!;
  const dropped = droppedRounds(stop);
  const rounds = dropped.length === 1 ? `round ${dropped[0]}'s evolutions were` : `rounds ${dropped.join(', ')}'s evolutions were`;
  const n = patience ?? stop.since_best;
  return `stopped by the stop check after round ${last.round}: ${last.score} (best ${stop.best.score} at round ${stop.best.round}), ${stop.since_best} round${stop.since_best === 1 ? '' : 's'} without improvement (patience ${n}); ${rounds} rejected (stop-check); the dataset ends at round ${stop.best.round}; scores: ${scoresText(stop)}`;
}

async function evolveRound(ctx: Ctx, templates: EvolTemplates, judge: JudgeSpec | undefined, pool: NoveltyPool, round: number, live: Chain[]): Promise<Candidate[]> {
  const p = ctx.config.params;

  // 1. One operation per live instruction, from the chain's own stream; then the evolutions, both variants in one batch in chain order.
  const ops = live.map((chain) => drawOperation(stepRng(ctx.config.seed, 'evol-op', round, chain.index), p.operations));
  const evolutions = await ask(ctx, round, live.map((chain, i): Ask<EvolveInput, string> => {
    const op = ops[i]!;
    const instruction = chain.tip.text;
    if (op === 'in_breadth') return { stage: evolveInBreadth, input: { instruction }, template: templates.breadth, sampling: p.evolution };
    return { stage: evolveInDepth, input: { instruction, method: templates.methods[op].text }, template: templates.depth, sampling: p.evolution };
  }));
  const candidates = live.map((chain, i): Candidate => {
    const o = evolutions[i]!;
    const c: Candidate = { chain, operation: ops[i]!, text: o.ok ? o.value : '', evolveCallId: o.callId, verdicts: [], open: true };
    checkEvolution(c, o, pool, p);
    return c;
  });

  // 2. Rule 1: equal to the parent? Identical text needs no question.
  for (const c of candidates.filter((c) => c.open && sameText(c.chain.tip.text, c.text))) check(c, equalityVerdict(null));
  const asked = candidates.filter((c) => c.open);
  const judged = await askEach(ctx, round, judgeEquality, asked.map((c) => ({ parent: c.chain.tip.text, evolved: c.text })), { template: templates.equality, sampling: p.equality });
  asked.forEach((c, j) => {
    const o = judged[j]!;
    c.equalityCallId = o.callId;
    if (!o.ok) return check(c, { filter: 'equality-call', passed: false, detail: { error: o.error } });
    c.equalityAnswer = o.text;
    // What the chat normaliser read into the answer, named by its stage, and the call's own checks.
    for (const v of [...chatFormatVerdicts(o.edits, undefined, judgeEquality.name), ...o.checks]) check(c, v);
    check(c, o.value);
  });

  // 3. The teacher answers each evolution still standing; rules 2 and 3 judge the answer.
  const toAnswer = candidates.filter((c) => c.open);
  const chatRead = ctx.config.teacher.mode === 'chat' && ctx.config.teacher.chat.normalise;
  const answers = await askEach(ctx, round, answer, toAnswer.map((c) => c.text), { sampling: p.answer });
  toAnswer.forEach((c, j) => {
    const o = answers[j]!;
    c.answerCallId = o.callId;
    if (!o.ok) return check(c, { filter: 'answer-call', passed: false, detail: { error: o.error } });
    c.answer = o.value;
    for (const v of o.checks) check(c, v);
    check(c, { filter: 'answer-complete', passed: completeAnswer(o.finishReason), detail: { finish_reason: o.finishReason } });
    check(c, sorryShortVerdict(c.answer, p.sorry_max_words));
    check(c, stopwordsOnlyVerdict(c.answer));
    // Read in chat mode: a refusal without "sorry" in it ("I can't help with that.") fails too.
    // Recorded only when it fails, like the chat-format verdicts: the reference's verdicts stay as they were.
    const refusal = chatRead ? refusalVerdict(c.answer, p.sorry_max_words) : undefined;
    if (refusal && !refusal.passed) check(c, refusal);
  });

  // 4. The common LLM judge, when the pipeline enables it, on the evolutions still standing.
  if (judge) {
    const toJudge = candidates.filter((c) => c.open);
    const results = await runJudge(ctx, STAGES.judge, round, toJudge.map((c) => ({ instruction: c.text, output: c.answer ?? '' })), judge);
    toJudge.forEach((c, j) => check(c, results[j]!.verdict));
  }

  // 5. ROUGE-L in candidate order against the pool, including evolutions accepted just before.
  for (const c of candidates) {
    if (!c.open) continue;
    check(c, pool.verdict(c.text, excluded(p, c)));
    if (c.open) c.poolId = pool.addPending(c.text);
  }
  return candidates;
}

/** Every candidate becomes a sample (in candidate order, so `stored` pairs them with their ids); the wave's state counts them. */
function roundOutput(round: number, candidates: Candidate[]): WaveOutput {
  const rejected: Record<string, number> = {};
  const operations: Record<string, number> = {};
  const samples = candidates.map((c): WaveSample => {
    if (c.reason) rejected[c.reason] = (rejected[c.reason] ?? 0) + 1;
    operations[c.operation] = (operations[c.operation] ?? 0) + 1;
    const meta = {
      operation: c.operation,
      root_id: c.chain.rootId,
      parent_id: c.chain.tip.id,
      depth: c.chain.tip.depth + 1,
      equality_call_id: c.equalityCallId ?? null,
      equality_answer: c.equalityAnswer ?? null,
      answer_call_id: c.answerCallId ?? null,
    };
    const output = c.answer ?? '';
    return {
      kind: 'evolved', stage: STAGES.evolve, round, instruction: c.text, output, status: c.open ? 'accepted' : 'rejected', reason: c.reason ?? null,
      contentHash: hashJson([c.text, output]), callId: c.evolveCallId, verdicts: c.verdicts, meta, poolId: c.poolId,
      parents: [{ parentId: c.chain.tip.id, relation: 'evolved-from' }, { parentId: c.chain.rootId, relation: 'evolution-root' }],
    };
  });
  const accepted = candidates.filter((c) => c.poolId !== undefined).length;
  return { stage: STAGES.evolve, samples, accepted, state: { live: candidates.length, accepted, rejected, operations } };
}

/** The ancestors ROUGE-L leaves out for this candidate (none when `rouge_ignore_ancestors` is off). */
function excluded(params: Params, c: Candidate): readonly number[] {
  return params.rouge_ignore_ancestors ? c.chain.tip.ancestors : [];
}

/** Record a verdict; the first failed one closes the candidate and names its reason. */
function check(c: Candidate, v: Verdict): void {
  if (!c.open) return;
  c.verdicts.push(v);
  if (!v.passed) {
    c.open = false;
    c.reason = v.filter;
  }
}

/** The checks that need no further call: the evolution itself, its words, and novelty so far. */
function checkEvolution(c: Candidate, o: Answer<string>, pool: NoveltyPool, params: Params): void {
  if (!o.ok) return check(c, { filter: 'evolution-call', passed: false, detail: { error: o.error } });
  // What the chat normaliser took out of the evolution, and the call's own checks, come first.
  for (const v of [...chatFormatVerdicts(o.edits), ...o.checks]) check(c, v);
  check(c, { filter: 'evolution-complete', passed: completeAnswer(o.finishReason), detail: { finish_reason: o.finishReason } });
  check(c, { filter: 'empty-evolution', passed: c.text !== '' });
  check(c, markerLeakVerdict(c.text, params.marker_phrases));
  if (!c.open) return;
  // Novelty against the pool as the round began: a failure here fails the final check too, so
  // the candidate is stopped before any answer is paid for. A pass is recorded by the final check.
  const early = pool.verdict(c.text, excluded(params, c));
  if (!early.passed) check(c, { ...early, detail: { ...(early.detail as object), checked: 'before-answer' } });
}
