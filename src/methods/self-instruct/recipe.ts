import { chatFormatVerdicts } from '../../chat/edits.js';
import type { RunContext } from '../../engine/context.js';
import { applyJudgeFilter, prepareJudge } from '../../engine/judge-stage.js';
import { NoveltyPool } from '../../engine/novelty-pool.js';
import { defineRecipe } from '../../engine/recipe.js';
import { stepRng } from '../../engine/rng.js';
import { ensureSeedSamples, isClassificationSeed } from '../../engine/seeds.js';
import { ask, askEach } from '../../engine/stage.js';
import { MAX_IDLE_WAVES, runWaves, type WaveOutput, type WaveSample } from '../../engine/wave-runner.js';
import { firstFailure, instructionVerdicts } from '../../filters/heuristics.js';
import type { SampleRow, SampleText, Verdict } from '../../store/samples.js';
import { hashJson } from '../../util/hash.js';
import { SeedFormatError } from '../../seeds/load.js';
import { judgeInstances, type JudgedInstance } from './instances.js';
import { selfInstructManifest } from './manifest.js';
import type { SelfInstructConfig } from './params.js';
import { instructionListUsable } from './parse.js';
import { planSelfInstruct } from './plan.js';
import { wavePrompts } from './prompts.js';
import { classify, generateInstructions, instancesInputFirst, instancesOutputFirst, loadSelfInstructTemplates, SELF_INSTRUCT_STAGES, type SelfInstructTemplates } from './stages.js';

type Ctx = RunContext<SelfInstructConfig>;

/** The stage of instruction samples and of the waves' marks (plan reads the wave state under it). */
const STAGE = generateInstructions.name;

/** An instruction of this wave: its sample, and for an accepted one the instances it got and their call. */
interface Task {
  sample: WaveSample;
  instances: JudgedInstance[];
  instancesCallId?: number;
}

/**
 * Self-Instruct (methods.md section 1) in waves: each wave draws its prompts' demos from a snapshot
 * of the pool, gets all answers, then applies them in prompt order, so concurrency never changes
 * the dataset. Instruction filters and ROUGE-L run in that order against seeds and every accepted
 * instruction, including those accepted earlier in the same wave; each accepted instruction is then
 * classified and gets its instances (output-first for classification tasks).
 */
export const selfInstruct = defineRecipe<SelfInstructConfig>({
  manifest: selfInstructManifest,
  stages: SELF_INSTRUCT_STAGES,
  // The CLI plans on a copy of the database; this planner extrapolates rather than simulates.
  plan: (input) => planSelfInstruct({ ...input, config: input.config as SelfInstructConfig }),
  async run(ctx) {
    const { store, run, config } = ctx;
    const templates = loadSelfInstructTemplates(ctx);
    prepareJudge(ctx); // the optional common judge: its rubric is checked before the first call
    const seeds = ensureSeedSamples(ctx);
    const machine: SampleText[] = [];
    // The wave each accepted instruction was stored in: a pipelined wave draws from the pool as of an earlier wave.
    const machineWaves: number[] = [];
    for (const m of store.samples.listTextsWithWave(run.id, 'instruction', 'accepted')) {
      machine.push({ id: m.id, instruction: m.instruction });
      machineWaves.push(m.wave);
    }
    const pool = new NoveltyPool(config.params.rouge_threshold);
    for (const s of [...seeds, ...machine]) pool.addStored(s.id, s.instruction);
    const demoSeeds = config.params.classification_only ? seeds.filter(isClassificationSeed) : seeds;
    // Bad input, found before the first call: the run is not kept (see executeRun).
    if (demoSeeds.length === 0) {
      if (seeds.length === 0) return { status: 'failed', detail: 'no seed tasks to draw demos from' };
      throw new SeedFormatError(config.seeds.path, undefined, undefined, 'no classification seed tasks (is_classification: true) to draw demos from, and params.classification_only is true');
    }

    let lastStored = 0; // this session's last stored wave (0: none yet)
    return runWaves(ctx, {
      pool,
      stall: { waves: MAX_IDLE_WAVES, what: 'instruction' },
      next: () =>
        machine.length < config.target
          ? { stage: STAGE, accepted: machine.length, target: config.target }
          : { done: { status: 'completed', detail: `${machine.length} instructions accepted (target ${config.target})` } },
      depth: config.params.wave_depth,
      // The instruction prompts, from the pool as it stood after wave `asOf` (machine is in wave order).
      start: (wave, asOf, ahead) => {
        // A wave ahead is not sent when the waves before it look enough to reach the target (a
        // guess from the yield so far, one instruction a prompt at first): it only saves calls,
        // as the wave is started in its turn if it is needed, from the same snapshot.
        const perWave = lastStored > 0 ? machine.length / lastStored : config.params.wave_size;
        if (ahead && machine.length + perWave * (wave - lastStored - 1) >= config.target) return undefined;
        let n = machine.length;
        while (n > 0 && machineWaves[n - 1]! > asOf) n--;
        return startWave(ctx, templates, wave, demoSeeds, machine.slice(0, n));
      },
      run: (wave, started, decided) => runWave(ctx, templates, wave, started, pool, decided),
      // Accepted instructions join the demo pool of later waves, in sample order.
      stored: (output, ids, wave) => {
        lastStored = wave;
        output.samples.forEach((s, i) => {
          if (s.poolId !== undefined) {
            machine.push({ id: ids[i]!, instruction: s.instruction! });
            machineWaves.push(wave);
          }
        });
      },
    });
  },
});

/** A wave's first stage in flight: its prompts (with their demos) and the answers to come. */
interface Started {
  prompts: ReturnType<typeof wavePrompts<SampleText>>;
  lists: ReturnType<typeof askEach<{ text: string }, string[]>>;
}

/** 1. Prompts from the pool snapshot, each with its own seeded draw, sent at once (journaled now, in prompt order). */
function startWave(ctx: Ctx, t: SelfInstructTemplates, wave: number, demoSeeds: SampleRow[], machine: readonly SampleText[]): Started {
  const p = ctx.config.params;
  const prompts = wavePrompts(ctx.config, t.instructions, wave, demoSeeds, machine);
  const lists = askEach(ctx, wave, generateInstructions, prompts, { template: t.instructions, sampling: p.generation });
  lists.catch(() => {}); // a wave started ahead may never be run; `runWave` awaits it and sees any rejection
  return { prompts, lists };
}

async function runWave(ctx: Ctx, t: SelfInstructTemplates, wave: number, started: Started, pool: NoveltyPool, decided: () => void): Promise<WaveOutput> {
  const { config } = ctx;
  const p = config.params;

  // 2. Answers applied in prompt order, against the pool as every earlier wave left it.
  const { prompts } = started;
  const lists = await started.lists;
  const tasks: Task[] = [];
  // A chat answer cut at max_tokens loses only its last item (the one the cut may be inside); the
  // reference, reading a completion, discards the whole list, and completion mode keeps that rule.
  const chatRead = config.teacher.mode === 'chat' && config.teacher.chat.normalise;
  lists.forEach((o, i) => {
    if (!o.ok) return;
    const parents = prompts[i]!.demos.map((d, position) => ({ parentId: d.id, relation: 'demo-in-prompt', position }));
    for (const [item, text] of o.value.entries()) {
      const complete = instructionListUsable(o.finishReason) || (chatRead && item < o.value.length - 1);
      const verdicts: Verdict[] = [
        ...chatFormatVerdicts(o.edits, item),
        ...o.checks,
        { filter: 'response-complete', passed: complete, detail: complete ? undefined : { finish_reason: o.finishReason } },
        ...instructionVerdicts(text, { minWords: p.min_words, maxWords: p.max_words, blocklist: p.blocklist }),
        pool.verdict(text),
      ];
      const reason = firstFailure(verdicts);
      const sample: WaveSample = {
        kind: 'instruction', stage: STAGE, instruction: text, status: reason ? 'rejected' : 'accepted', reason: reason ?? null,
        contentHash: hashJson([text]), callId: o.callId, verdicts, parents,
      };
      if (!reason) sample.poolId = pool.addPending(text);
      tasks.push({ sample, instances: [] });
    }
  });
  const accepted = tasks.filter((c) => c.sample.status === 'accepted');
  const inputs = accepted.map((c) => ({ instruction: c.sample.instruction! }));
  // The novelty verdicts are all later waves read of this one: the next wave may filter now.
  decided();

  // 3. Classification or not, then 4. instances in one batch, output-first for classification tasks.
  const kinds = await askEach(ctx, wave, classify, inputs, { template: t.classify, sampling: p.classify });
  const isClf = kinds.map((o) => (o.ok ? o.value : false));
  kinds.forEach((o, j) => {
    if (o.ok) accepted[j]!.sample.verdicts?.push(...chatFormatVerdicts(o.edits, undefined, classify.name));
  });
  const clfSampling = { ...p.instances, max_tokens: p.instances_classification_max_tokens };
  const answers = await ask(
    ctx,
    wave,
    inputs.map((input, j) =>
      isClf[j]
        ? { stage: instancesOutputFirst, input, template: t.instancesClf, sampling: clfSampling }
        : { stage: instancesInputFirst, input, template: t.instancesGen, sampling: p.instances },
    ),
  );
  accepted.forEach((c, j) => {
    const o = answers[j]!;
    c.instancesCallId = o.callId;
    c.sample.meta = { is_classification: isClf[j], classify_call_id: kinds[j]!.callId, instances_call_id: o.callId };
    // The per-task instance cap draws from a stream of its own (seed, wave, task index).
    if (!o.ok) return;
    c.instances = judgeInstances(o.value, o.finishReason === 'length', p.max_instances_per_task, stepRng(config.seed, 'instance-limit', wave, j));
    // The item index is the instance's place in the parser's output, which judgeInstances keeps.
    c.instances.forEach((inst, item) => inst.verdicts.unshift(...chatFormatVerdicts(o.edits, item), ...o.checks));
  });
  await applyJudgeFilter(ctx, wave, accepted.flatMap((c) => c.instances.map((sample) => ({ instruction: c.sample.instruction!, sample }))));

  // 5. Each instruction, then its instances (linked by their index in this list); stored together by the runner.
  const samples: WaveSample[] = [];
  for (const c of tasks) {
    const ref = samples.push(c.sample) - 1;
    const text = c.sample.instruction!;
    for (const inst of c.instances) {
      samples.push({
        kind: 'instance', stage: instancesInputFirst.name, instruction: text, input: inst.input, output: inst.output,
        status: inst.status, reason: inst.reason ?? null, contentHash: hashJson([text, inst.input, inst.output]),
        callId: c.instancesCallId ?? null, verdicts: inst.verdicts, parents: [{ ref, relation: 'instance-of' }],
      });
    }
  }
  return { stage: STAGE, samples, accepted: accepted.length, state: { candidates: tasks.length, accepted: accepted.length } };
}
