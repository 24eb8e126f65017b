import type { SelfInstructConfig } from './params.js';
import type { RunContext, RunOutcome } from '../../engine/context.js';
import { buildRequest } from '../../engine/requests.js';
import { stepRng } from '../../engine/rng.js';
import { ensureSeedSamples, isClassificationSeed } from '../../engine/seeds.js';
import { NoveltyPool } from '../../engine/novelty-pool.js';
import { applyJudgeFilter, prepareJudge } from '../../engine/judge-stage.js';
import { firstFailure, instructionVerdicts } from '../../filters/heuristics.js';
import { loadTemplate, requirePlaceholders, type Template } from '../../prompts/template.js';
import type { SampleRow, Verdict } from '../../store/samples.js';
import type { CallOutcome } from '../../teacher/journal.js';
import { hashJson } from '../../util/hash.js';
import { judgeInstances, type JudgedInstance } from './instances.js';
import {
  instructionListUsable,
  parseClassificationInstances,
  parseGenerationInstances,
  parseInstructionList,
  parseIsClassification,
} from './parse.js';
import { classificationPrompt, instancesPrompt, instructionPrompt } from './prompts.js';

type Ctx = RunContext<SelfInstructConfig>;

/** Waves in a row that add no instruction before the run gives up as stalled. */
const MAX_IDLE_WAVES = 25;

interface Templates {
  instructions: Template;
  classify: Template;
  instancesClf: Template;
  instancesGen: Template;
}

interface Candidate {
  text: string;
  callId: number;
  demoIds: number[];
  verdicts: Verdict[];
  status: 'accepted' | 'rejected';
  reason?: string;
  /** Index id while the wave is in memory (negative), replaced by the sample id once stored. */
  poolId?: number;
  isClassification?: boolean;
  classifyCallId?: number;
  instancesCallId?: number;
  instances?: JudgedInstance[];
}

export function loadSelfInstructTemplates(ctx: Pick<Ctx, 'config' | 'root'>): Templates {
  const paths = ctx.config.params.prompts;
  const t = {
    instructions: loadTemplate(ctx.config.params.classification_only ? paths.instructions_classification : paths.instructions, ctx.root),
    classify: loadTemplate(paths.is_classification, ctx.root),
    instancesClf: loadTemplate(paths.instances_classification, ctx.root),
    instancesGen: loadTemplate(paths.instances, ctx.root),
  };
  requirePlaceholders(t.instructions, ['demos', 'next']);
  requirePlaceholders(t.classify, ['instruction']);
  requirePlaceholders(t.instancesClf, ['instruction']);
  requirePlaceholders(t.instancesGen, ['instruction']);
  return t;
}

/**
 * Self-Instruct (methods.md section 1) in waves: each wave draws its prompts' demos from a snapshot
 * of the pool, gets all answers, then applies them in prompt order, so concurrency never changes
 * the dataset. Instruction filters and ROUGE-L run in that order against seeds and every accepted
 * instruction, including those accepted earlier in the same wave.
 */
export async function runSelfInstruct(ctx: Ctx): Promise<RunOutcome> {
  const { store, run, config } = ctx;
  const templates = loadSelfInstructTemplates(ctx);
  prepareJudge(ctx); // the optional common judge: its rubric is checked before the first call
  const seeds = ensureSeedSamples(ctx);
  const machine = store.samples.list(run.id, 'instruction', 'accepted');
  const pool = new NoveltyPool(config.params.rouge_threshold);
  for (const s of [...seeds, ...machine]) pool.addStored(s.id, s.instruction);
  const demoSeeds = config.params.classification_only ? seeds.filter(isClassificationSeed) : seeds;
  if (demoSeeds.length === 0) return { status: 'failed', detail: 'no seed tasks to draw demos from' };

  let wave = (store.waves.last(run.id)?.wave ?? 0) + 1;
  let idle = 0;
  while (machine.length < config.target) {
    ctx.progress.wave({ wave, accepted: machine.length, target: config.target, stage: 'generate-instructions' });
    const added = await runWave(ctx, templates, wave, demoSeeds, machine, pool);
    machine.push(...added);
    idle = added.length === 0 ? idle + 1 : 0;
    if (idle >= MAX_IDLE_WAVES) {
      return { status: 'failed', detail: `stalled: ${idle} waves in a row accepted no new instruction` };
    }
    wave++;
  }
  ctx.progress.wave({ wave, accepted: machine.length, target: config.target, stage: 'done' });
  return { status: 'completed', detail: `${machine.length} instructions accepted (target ${config.target})` };
}

async function runWave(
  ctx: Ctx,
  templates: Templates,
  wave: number,
  demoSeeds: SampleRow[],
  machine: readonly SampleRow[],
  pool: NoveltyPool,
): Promise<SampleRow[]> {
  const { config, journal } = ctx;
  const p = config.params;
  const model = ctx.journal.model;

  // 1. Prompts from the pool snapshot, each with its own seeded draw.
  const prompts = wavePrompts(config, templates.instructions, wave, demoSeeds, machine);
  const generated = await journal.callAll(
    journal.prepare('generate-instructions', wave, prompts.map((pr) => buildRequest(config.teacher, model, pr.text, p.generation))),
  );

  // 2. Apply in prompt order.
  const candidates: Candidate[] = [];
  generated.forEach((outcome, i) => {
    if (!outcome.ok) return;
    const usable = instructionListUsable(outcome.finishReason);
    for (const text of parseInstructionList(outcome.text)) {
      const verdicts: Verdict[] = [
        { filter: 'response-complete', passed: usable, detail: usable ? undefined : { finish_reason: outcome.finishReason } },
        ...instructionVerdicts(text, { minWords: p.min_words, maxWords: p.max_words, blocklist: p.blocklist }),
      ];
      verdicts.push(pool.verdict(text));
      const reason = firstFailure(verdicts);
      const c: Candidate = { text, callId: outcome.callId, demoIds: prompts[i]!.demos.map((d) => d.id), verdicts, status: reason ? 'rejected' : 'accepted', reason };
      if (!reason) c.poolId = pool.addPending(text);
      candidates.push(c);
    }
  });
  const accepted = candidates.filter((c) => c.status === 'accepted');

  // 3. Classification or not, then 4. instances, output-first for classification tasks.
  const classified = await journal.callAll(
    journal.prepare('classify', wave, accepted.map((c) => buildRequest(config.teacher, model, classificationPrompt(templates.classify, c.text), p.classify))),
  );
  accepted.forEach((c, j) => {
    const o = classified[j]!;
    c.classifyCallId = o.callId;
    c.isClassification = o.ok ? parseIsClassification(o.text) : false;
  });
  const instanceOutcomes = await journal.callAll(
    journal.prepare(
      'generate-instances',
      wave,
      accepted.map((c) =>
        c.isClassification
          ? buildRequest(config.teacher, model, instancesPrompt(templates.instancesClf, c.text), { ...p.instances, max_tokens: p.instances_classification_max_tokens })
          : buildRequest(config.teacher, model, instancesPrompt(templates.instancesGen, c.text), p.instances),
      ),
    ),
  );
  accepted.forEach((c, j) => judgeTaskInstances(ctx, wave, j, c, instanceOutcomes[j]!));
  await applyJudgeFilter(ctx, wave, accepted.flatMap((c) => (c.instances ?? []).map((sample) => ({ instruction: c.text, sample }))));

  // 5. Everything derived from this wave's answers is stored in one transaction.
  return storeWave(ctx, wave, candidates, pool);
}

/** A wave's instruction prompts: demos drawn from the pool snapshot with the wave's own seeded streams. */
export function wavePrompts<T extends { instruction: string }>(
  config: SelfInstructConfig,
  template: Template,
  wave: number,
  demoSeeds: readonly T[],
  machine: readonly T[],
): { demos: T[]; text: string }[] {
  const p = config.params;
  return Array.from({ length: p.wave_size }, (_, i) => {
    const rng = stepRng(config.seed, 'demos', wave, i);
    const fromMachine = rng.sample(machine, Math.min(p.machine_demos, p.demos, machine.length));
    const fromSeeds = rng.sample(demoSeeds, p.demos - fromMachine.length);
    const demos = rng.shuffle([...fromMachine, ...fromSeeds]);
    return { demos, text: instructionPrompt(template, demos.map((d) => d.instruction)) };
  });
}

function judgeTaskInstances(ctx: Ctx, wave: number, j: number, c: Candidate, o: CallOutcome): void {
  c.instancesCallId = o.callId;
  if (!o.ok) {
    c.instances = [];
    return;
  }
  const raw = c.isClassification ? parseClassificationInstances(o.text) : parseGenerationInstances(o.text);
  const rng = stepRng(ctx.config.seed, 'instance-limit', wave, j);
  c.instances = judgeInstances(raw, o.finishReason === 'length', ctx.config.params.max_instances_per_task, rng);
}

function storeWave(ctx: Ctx, wave: number, candidates: Candidate[], pool: NoveltyPool): SampleRow[] {
  const { store, run } = ctx;
  const added: number[] = [];
  store.transaction(() => {
    for (const c of candidates) {
      const id = store.samples.insert({
        runId: run.id,
        kind: 'instruction',
        stage: 'generate-instructions',
        wave,
        instruction: c.text,
        status: c.status,
        reason: c.reason ?? null,
        contentHash: hashJson([c.text]),
        callId: c.callId,
        verdicts: c.verdicts.map((v) => pool.resolveVerdict(v)),
        meta:
          c.status === 'accepted'
            ? { is_classification: c.isClassification ?? false, classify_call_id: c.classifyCallId, instances_call_id: c.instancesCallId }
            : undefined,
        parents: c.demoIds.map((parentId, position) => ({ parentId: pool.resolve(parentId), relation: 'demo-in-prompt', position })),
      });
      if (c.poolId !== undefined) {
        pool.markStored(c.poolId, id);
        added.push(id);
      }
      for (const inst of c.instances ?? []) {
        store.samples.insert({
          runId: run.id,
          kind: 'instance',
          stage: 'generate-instances',
          wave,
          instruction: c.text,
          input: inst.input,
          output: inst.output,
          status: inst.status,
          reason: inst.reason ?? null,
          contentHash: hashJson([c.text, inst.input, inst.output]),
          callId: c.instancesCallId ?? null,
          verdicts: inst.verdicts,
          parents: [{ parentId: id, relation: 'instance-of' }],
        });
      }
    }
    store.waves.markDone(run.id, wave, 'generate-instructions', { candidates: candidates.length, accepted: added.length });
  });
  return added.map((id) => store.samples.byId(id)!);
}
