import type { StageSampling } from '../../config/common.js';
import type { EvolInstructConfig } from './params.js';
import type { RunContext, RunOutcome } from '../../engine/context.js';
import { prepareJudge, runJudge, type JudgeSpec } from '../../engine/judge-stage.js';
import { buildRequest } from '../../engine/requests.js';
import { stepRng } from '../../engine/rng.js';
import {
  equalityVerdict,
  markerLeakVerdict,
  sameText,
  sorryShortVerdict,
  stopwordsOnlyVerdict,
} from '../../filters/evol-elimination.js';
import { loadTemplate, requirePlaceholders } from '../../prompts/template.js';
import type { Verdict } from '../../store/samples.js';
import type { CallOutcome } from '../../teacher/journal.js';
import { hashJson } from '../../util/hash.js';
import { advance, rebuildChains, type Chain } from './chains.js';
import { ensureSources, inputsOrigin } from './inputs.js';
import { NoveltyPool } from '../../engine/novelty-pool.js';
import { OPERATIONS, type DepthOperation, type Operation } from './params.js';
import { completeAnswer, parseEvolution } from './parse.js';
import { drawOperation, equalityPrompt, evolutionPrompt, evolvableText, type EvolTemplates } from './prompts.js';

type Ctx = RunContext<EvolInstructConfig>;

/** The stages of a round, as the journal names their calls. */
export const STAGES = { evolve: 'evolve', equality: 'judge-equality', answer: 'answer', judge: 'judge' } as const;

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
  requirePlaceholders(t.depth, ['method', 'instruction']);
  requirePlaceholders(t.breadth, ['instruction']);
  requirePlaceholders(t.equality, ['first', 'second']);
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
 * A round's samples, verdicts and lineage are stored in one transaction with its completion mark.
 * The run ends after `rounds` rounds, or after the round in which the accepted evolutions reach
 * `target`, or when no chain is left alive.
 */
export async function runEvolInstruct(ctx: Ctx): Promise<RunOutcome> {
  const { store, run, config } = ctx;
  const p = config.params;
  const templates = loadEvolTemplates(ctx);
  const judge = prepareJudge(ctx);
  const sources = await ensureSources(ctx);
  if (sources.length === 0) return { status: 'failed', detail: `no inputs to evolve (${inputsOrigin(config)})` };

  const evolved = [...store.samples.list(run.id, 'evolved', 'accepted'), ...store.samples.list(run.id, 'evolved', 'rejected')];
  const chains = rebuildChains(sources, evolved, p.on_failure);
  const pool = new NoveltyPool(p.rouge_threshold);
  for (const s of sources) pool.addStored(s.id, evolvableText(s.instruction, s.input));
  for (const e of evolved) if (e.status === 'accepted') pool.addStored(e.id, e.instruction);
  let accepted = evolved.filter((e) => e.status === 'accepted').length;

  let round = (store.waves.last(run.id)?.wave ?? 0) + 1;
  let ended = '';
  while (round <= p.rounds && accepted < config.target) {
    const live = chains.filter((c) => c.alive);
    if (live.length === 0) {
      ended = `; no instruction left to evolve after round ${round - 1}`;
      break;
    }
    ctx.progress.wave({ wave: round, accepted, target: config.target, stage: STAGES.evolve });
    accepted += await runRound(ctx, templates, judge, round, live, pool);
    round++;
  }
  ctx.progress.wave({ wave: round, accepted, target: config.target, stage: 'done' });
  const rounds = Math.min(round - 1, p.rounds);
  if (!ended) ended = accepted >= config.target ? `; target ${config.target} reached` : '';
  return { status: 'completed', detail: `${accepted} evolved instructions accepted over ${rounds} of ${p.rounds} rounds from ${sources.length} inputs${ended}` };
}

async function runRound(
  ctx: Ctx,
  templates: EvolTemplates,
  judge: JudgeSpec | undefined,
  round: number,
  live: Chain[],
  pool: NoveltyPool,
): Promise<number> {
  const { config, journal } = ctx;
  const p = config.params;
  const request = (prompt: string, sampling: StageSampling) => buildRequest(config.teacher, journal.model, prompt, sampling);

  // 1. One operation per live instruction, from the chain's own stream; then the evolutions.
  const ops = live.map((chain) => drawOperation(stepRng(config.seed, 'evol-op', round, chain.index), p.operations));
  const evolutions = await journal.callAll(
    journal.prepare(STAGES.evolve, round, live.map((chain, i) => request(evolutionPrompt(templates, ops[i]!, chain.tip.text), p.evolution))),
  );
  const candidates = live.map((chain, i): Candidate => {
    const o = evolutions[i]!;
    const c: Candidate = { chain, operation: ops[i]!, text: o.ok ? parseEvolution(o.text) : '', evolveCallId: o.callId, verdicts: [], open: true };
    checkEvolution(c, o, p.marker_phrases, pool, p);
    return c;
  });

  // 2. Rule 1: equal to the parent? Identical text needs no question.
  for (const c of candidates.filter((c) => c.open && sameText(c.chain.tip.text, c.text))) check(c, equalityVerdict(null));
  const asked = candidates.filter((c) => c.open);
  const judged = await journal.callAll(
    journal.prepare(STAGES.equality, round, asked.map((c) => request(equalityPrompt(templates.equality, c.chain.tip.text, c.text), p.equality))),
  );
  asked.forEach((c, j) => {
    const o = judged[j]!;
    c.equalityCallId = o.callId;
    if (!o.ok) return check(c, { filter: 'equality-call', passed: false, detail: { error: o.error } });
    c.equalityAnswer = o.text;
    check(c, equalityVerdict(o.text));
  });

  // 3. The teacher answers each evolution still standing; rules 2 and 3 judge the answer.
  const toAnswer = candidates.filter((c) => c.open);
  const answers = await journal.callAll(journal.prepare(STAGES.answer, round, toAnswer.map((c) => request(c.text, p.answer))));
  toAnswer.forEach((c, j) => {
    const o = answers[j]!;
    c.answerCallId = o.callId;
    if (!o.ok) return check(c, { filter: 'answer-call', passed: false, detail: { error: o.error } });
    c.answer = o.text.trim();
    check(c, { filter: 'answer-complete', passed: completeAnswer(o.finishReason), detail: { finish_reason: o.finishReason } });
    check(c, sorryShortVerdict(c.answer, p.sorry_max_words));
    check(c, stopwordsOnlyVerdict(c.answer));
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
    check(c, pool.verdict(c.text, excluded(config.params, c)));
    if (c.open) c.poolId = pool.addPending(c.text);
  }
  return storeRound(ctx, round, candidates, pool);
}

/** The ancestors ROUGE-L leaves out for this candidate (none when `rouge_ignore_ancestors` is off). */
function excluded(params: EvolInstructConfig['params'], c: Candidate): readonly number[] {
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
function checkEvolution(c: Candidate, o: CallOutcome, markers: readonly string[], pool: NoveltyPool, params: EvolInstructConfig['params']): void {
  if (!o.ok) return check(c, { filter: 'evolution-call', passed: false, detail: { error: o.error } });
  check(c, { filter: 'evolution-complete', passed: completeAnswer(o.finishReason), detail: { finish_reason: o.finishReason } });
  check(c, { filter: 'empty-evolution', passed: c.text !== '' });
  check(c, markerLeakVerdict(c.text, markers));
  if (!c.open) return;
  // Novelty against the pool as the round began: a failure here fails the final check too, so
  // the candidate is stopped before any answer is paid for. A pass is recorded by the final check.
  const early = pool.verdict(c.text, excluded(params, c));
  if (!early.passed) check(c, { ...early, detail: { ...(early.detail as object), checked: 'before-answer' } });
}

function storeRound(ctx: Ctx, round: number, candidates: Candidate[], pool: NoveltyPool): number {
  const { store, run, config } = ctx;
  const ids: number[] = [];
  const reasons: Record<string, number> = {};
  const operations: Record<string, number> = {};
  let accepted = 0;
  store.transaction(() => {
    for (const c of candidates) {
      const status = c.open ? 'accepted' : 'rejected';
      if (c.reason) reasons[c.reason] = (reasons[c.reason] ?? 0) + 1;
      operations[c.operation] = (operations[c.operation] ?? 0) + 1;
      const id = store.samples.insert({
        runId: run.id,
        kind: 'evolved',
        stage: STAGES.evolve,
        wave: round,
        round,
        instruction: c.text,
        output: c.answer ?? '',
        status,
        reason: c.reason ?? null,
        contentHash: hashJson([c.text, c.answer ?? '']),
        callId: c.evolveCallId,
        verdicts: c.verdicts.map((v) => pool.resolveVerdict(v)),
        meta: {
          operation: c.operation,
          root_id: c.chain.rootId,
          parent_id: c.chain.tip.id,
          depth: c.chain.tip.depth + 1,
          equality_call_id: c.equalityCallId ?? null,
          equality_answer: c.equalityAnswer ?? null,
          answer_call_id: c.answerCallId ?? null,
        },
        parents: [
          { parentId: c.chain.tip.id, relation: 'evolved-from' },
          { parentId: c.chain.rootId, relation: 'evolution-root' },
        ],
      });
      ids.push(id);
      if (c.poolId !== undefined) {
        pool.markStored(c.poolId, id);
        accepted++;
      }
    }
    store.waves.markDone(run.id, round, STAGES.evolve, { live: candidates.length, accepted, rejected: reasons, operations });
  });
  // Only once stored: the accepted evolutions become their chains' tips.
  candidates.forEach((c, i) =>
    advance(c.chain, { id: ids[i]!, text: c.text, status: c.open ? 'accepted' : 'rejected', reason: c.reason ?? null }, config.params.on_failure),
  );
  return accepted;
}

