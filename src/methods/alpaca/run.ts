import type { ConfigOf } from '../../config/schema.js';
import type { RunContext, RunOutcome } from '../../engine/context.js';
import { applyJudgeFilter, prepareJudge, type JudgeTarget } from '../../engine/judge-stage.js';
import { NoveltyPool } from '../../engine/novelty-pool.js';
import { buildRequest } from '../../engine/requests.js';
import { stepRng } from '../../engine/rng.js';
import { ensureSeedSamples } from '../../engine/seeds.js';
import { firstFailure, instructionVerdicts } from '../../filters/heuristics.js';
import { loadTemplate, requirePlaceholders, type Template } from '../../prompts/template.js';
import type { SampleRow, Verdict } from '../../store/samples.js';
import { hashJson } from '../../util/hash.js';
import { parseAlpacaAnswer, type AlpacaChunk } from './parse.js';
import { alpacaPrompt } from './prompts.js';

type Ctx = RunContext<ConfigOf<'alpaca'>>;

/** The stage name of generation calls, samples and waves. */
export const ALPACA_STAGE = 'generate-tasks';
/** Accepted tasks are stored under this kind, with the released data's fields instruction, input, output. */
export const ALPACA_KIND = 'alpaca';
/** Waves in a row that add no task before the run gives up as stalled. */
const MAX_IDLE_WAVES = 25;

interface Row {
  chunk: AlpacaChunk;
  callId: number;
  demoIds: number[];
  verdicts: Verdict[];
  status: 'accepted' | 'rejected';
  reason?: string;
  poolId?: number;
}

export function loadAlpacaTemplate(ctx: Pick<Ctx, 'config' | 'root'>): Template {
  const t = loadTemplate(ctx.config.params.prompts.instructions, ctx.root);
  requirePlaceholders(t, []);
  return t;
}

/**
 * Stanford Alpaca (methods.md section 2) in waves: each prompt shows `demos` seed tasks drawn with its
 * own seeded stream and asks for the rest of a 20-task list; one answer gives instruction, input and
 * output together. Answers are applied in prompt order, chunk by chunk: parse, heuristics, then ROUGE-L
 * against the seeds and every accepted instruction, including those accepted earlier in the wave.
 */
export async function runAlpaca(ctx: Ctx): Promise<RunOutcome> {
  const { store, run, config } = ctx;
  const template = loadAlpacaTemplate(ctx);
  prepareJudge(ctx); // the optional common judge: its rubric is checked before the first call
  const seeds = ensureSeedSamples(ctx);
  if (seeds.length === 0) return { status: 'failed', detail: 'no seed tasks to draw demos from' };
  const pool = new NoveltyPool(config.params.rouge_threshold);
  for (const s of seeds) pool.addStored(s.id, s.instruction);
  const accepted0 = store.samples.list(run.id, ALPACA_KIND, 'accepted');
  let accepted = accepted0.length;
  // The pool holds every task that passed ROUGE-L, including those the optional judge rejected afterwards.
  const judged = store.samples.list(run.id, ALPACA_KIND, 'rejected').filter((s) => s.reason === 'judge');
  for (const s of [...accepted0, ...judged].sort((a, b) => a.id - b.id)) pool.addStored(s.id, s.instruction);

  let wave = (store.waves.last(run.id)?.wave ?? 0) + 1;
  let idle = 0;
  while (accepted < config.target) {
    ctx.progress.wave({ wave, accepted, target: config.target, stage: ALPACA_STAGE });
    const added = await runWave(ctx, template, wave, seeds, pool);
    accepted += added;
    idle = added === 0 ? idle + 1 : 0;
    if (idle >= MAX_IDLE_WAVES) return { status: 'failed', detail: `stalled: ${idle} waves in a row accepted no new task` };
    wave++;
  }
  ctx.progress.wave({ wave, accepted, target: config.target, stage: 'done' });
  return { status: 'completed', detail: `${accepted} tasks accepted (target ${config.target})` };
}

/** A wave's prompts: each draws its demos from the seeds with a stream of its own (seed, wave, prompt index). */
export function alpacaWavePrompts<T extends { instruction: string; input: string; output: string }>(
  config: ConfigOf<'alpaca'>,
  template: Template,
  wave: number,
  seeds: readonly T[],
): { demos: T[]; text: string }[] {
  const p = config.params;
  return Array.from({ length: p.wave_size }, (_, i) => {
    const demos = stepRng(config.seed, 'demos', wave, i).sample(seeds, p.demos);
    return { demos, text: alpacaPrompt(template, demos) };
  });
}

async function runWave(ctx: Ctx, template: Template, wave: number, seeds: SampleRow[], pool: NoveltyPool): Promise<number> {
  const { config, journal } = ctx;
  const p = config.params;
  const prompts = alpacaWavePrompts(config, template, wave, seeds);
  const outcomes = await journal.callAll(
    journal.prepare(ALPACA_STAGE, wave, prompts.map((pr) => buildRequest(config.teacher, journal.model, pr.text, p.generation))),
  );

  const rows: Row[] = [];
  outcomes.forEach((outcome, i) => {
    if (!outcome.ok) return;
    const demos = prompts[i]!.demos;
    for (const chunk of parseAlpacaAnswer(outcome.text, demos.length, outcome.finishReason)) {
      const base = { chunk, callId: outcome.callId, demoIds: demos.map((d) => d.id) };
      if (!chunk.ok) {
        rows.push({ ...base, verdicts: [{ filter: chunk.reason, passed: false, detail: chunk.detail }], status: 'rejected', reason: chunk.reason });
        continue;
      }
      const verdicts: Verdict[] = [
        ...instructionVerdicts(chunk.instruction, { minWords: p.min_words, maxWords: p.max_words, blocklist: p.blocklist }),
        ...(p.require_output ? [{ filter: 'empty-output', passed: chunk.output !== '' }] : []),
        pool.verdict(chunk.instruction),
      ];
      const reason = firstFailure(verdicts);
      const row: Row = { ...base, verdicts, status: reason ? 'rejected' : 'accepted', reason };
      if (!reason) row.poolId = pool.addPending(chunk.instruction);
      rows.push(row);
    }
  });
  // The optional common LLM judge (config key `judge`) on the tasks still accepted.
  const targets = rows.flatMap((row): { row: Row; target: JudgeTarget }[] =>
    row.chunk.ok && row.status === 'accepted'
      ? [{ row, target: { instruction: row.chunk.instruction, sample: { input: row.chunk.input, output: row.chunk.output, status: row.status, verdicts: row.verdicts } } }]
      : [],
  );
  await applyJudgeFilter(ctx, wave, targets.map((t) => t.target));
  for (const { row, target } of targets) {
    row.status = target.sample.status;
    row.reason = target.sample.reason;
  }
  return storeWave(ctx, wave, rows, pool);
}

/** Everything derived from the wave's answers, and the wave's completion mark, in one transaction. */
function storeWave(ctx: Ctx, wave: number, rows: Row[], pool: NoveltyPool): number {
  const { store, run } = ctx;
  let added = 0;
  store.transaction(() => {
    for (const r of rows) {
      const c = r.chunk;
      const parents = r.demoIds.map((parentId, position) => ({ parentId, relation: 'demo-in-prompt', position }));
      const position = { chunk: c.index, number: c.number };
      const id = c.ok
        ? store.samples.insert({
            runId: run.id,
            kind: ALPACA_KIND,
            stage: ALPACA_STAGE,
            wave,
            instruction: c.instruction,
            input: c.input,
            output: c.output,
            status: r.status,
            reason: r.reason ?? null,
            contentHash: hashJson([c.instruction, c.input, c.output]),
            callId: r.callId,
            verdicts: r.verdicts.map((v) => pool.resolveVerdict(v)),
            meta: position,
            parents,
          })
        : // A chunk that could not be parsed keeps its raw text, so nothing is lost silently.
          store.samples.insert({
            runId: run.id,
            kind: 'instruction',
            stage: ALPACA_STAGE,
            wave,
            instruction: c.raw,
            status: 'rejected',
            reason: c.reason,
            contentHash: hashJson([c.raw]),
            callId: r.callId,
            verdicts: r.verdicts,
            meta: { ...position, raw_chunk: true },
            parents,
          });
      if (r.poolId !== undefined) pool.markStored(r.poolId, id);
      if (r.status === 'accepted') added++;
    }
    const rejected: Record<string, number> = {};
    for (const r of rows) if (r.reason) rejected[r.reason] = (rejected[r.reason] ?? 0) + 1;
    store.waves.markDone(run.id, wave, ALPACA_STAGE, { prompts: ctx.config.params.wave_size, candidates: rows.length, accepted: added, rejected });
  });
  return added;
}
