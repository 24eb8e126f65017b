import { chatFormatVerdicts } from '../../chat/edits.js';
import type { RunContext } from '../../engine/context.js';
import { AheadGuess } from '../../engine/ahead.js';
import { WaveRefs } from '../../engine/wave-refs.js';
import { defineRecipe } from '../../engine/recipe.js';
import { stepRng } from '../../engine/rng.js';
import { askEach, checkStageTemplate, type Answer } from '../../engine/stage.js';
import { MAX_IDLE_WAVES, runWaves, type WaveSample } from '../../engine/wave-runner.js';
import { firstFailure } from '../../filters/heuristics.js';
import { loadTemplate, type Template } from '../../prompts/template.js';
import type { Verdict } from '../../store/samples.js';
import { hashJson } from '../../util/hash.js';
import { ensureDemoSamples, groupSets, type DemoRow } from './demos.js';
import { coreKey, duplicateVerdict, reformulationVerdicts, withInput, type Seen } from './filters.js';
import { unnaturalManifest } from './manifest.js';
import type { UnnaturalConfig } from './params.js';
import type { CoreAnswer, Reformulation } from './parse.js';
import { coreStage, outputStage, reformulateStage, unnaturalStages } from './stages.js';

type Ctx = RunContext<UnnaturalConfig>;
export const CORE_KIND = unnaturalManifest.mainKind;
export const REFORMULATION_KIND = 'reformulation';

interface Templates {
  core: Template;
  output: Template;
  reformulate: Template;
}

/** A core-generation prompt: its index in the run, the demo set drawn for it and its demos. */
interface CorePrompt {
  n: number;
  set: number | string;
  demos: DemoRow[];
}

/** Prompt n's demos: one set drawn from its own seeded stream, its first `per_prompt` demos in file order. */
export function promptOf(seed: number, n: number, sets: readonly DemoRow[][], perPrompt: number): CorePrompt {
  const set = sets[stepRng(seed, 'unnatural-demo-set', n).int(0, sets.length - 1)]!;
  return { n, set: set[0]!.set, demos: set.slice(0, perPrompt) };
}

/** The filters a core example passed before its output was asked (later waves' duplicates are judged against these). */
const UNIQUE = 'unique';

/**
 * Unnatural Instructions (recipes-more.md) in waves of core-generation prompts. Each prompt shows
 * one fixed demo set and leaves the next example open; its prompts read nothing of earlier waves,
 * so several waves go out at once (`wave_depth`). Answers are read in prompt order: a missing
 * field or a duplicate (of an earlier example or a demo) drops the example; each kept one gets its
 * output from a greedy call, then `reformulations` restatements around the input placeholder,
 * stored as their own rows linked to it and sharing its output.
 */
export const unnatural = defineRecipe<UnnaturalConfig>({
  manifest: unnaturalManifest,
  stages: unnaturalStages,
  async run(ctx: Ctx) {
    const { store, run, config } = ctx;
    const p = config.params;
    const t: Templates = {
      core: checkStageTemplate(coreStage, loadTemplate(p.prompts.core, ctx.root)),
      output: checkStageTemplate(outputStage, loadTemplate(p.prompts.output, ctx.root)),
      reformulate: checkStageTemplate(reformulateStage, loadTemplate(p.prompts.reformulate, ctx.root)),
    };
    const demos = ensureDemoSamples(ctx, p.demos);
    const sets = [...groupSets(demos).values()];
    const seen: Seen = new Map();
    const refs = new WaveRefs();
    for (const d of demos) if (!seen.has(coreKey(d.instruction, d.input))) seen.set(coreKey(d.instruction, d.input), { demo: d.id });
    const cores = [...store.samples.list(run.id, CORE_KIND, 'accepted'), ...store.samples.list(run.id, CORE_KIND, 'rejected')].sort((a, b) => a.id - b.id);
    for (const c of cores) {
      const unique = (JSON.parse(c.meta_json ?? '{}') as Record<string, unknown>)[UNIQUE] === true;
      if (unique && !seen.has(coreKey(c.instruction, c.input))) seen.set(coreKey(c.instruction, c.input), { core: c.id });
    }
    let accepted = cores.filter((c) => c.status === 'accepted').length;
    const guess = new AheadGuess(config.target, p.wave_size, store.waves.last(run.id)?.wave ?? 0);
    const firstPrompt = (wave: number) => (wave - 1) * p.wave_size;

    return runWaves(ctx, {
      stall: { waves: MAX_IDLE_WAVES, what: 'core example' },
      depth: p.wave_depth,
      // Done also when the waves in flight look enough: the runner asks again once they are stored.
      next: (wave) =>
        accepted >= config.target || guess.enough(wave, accepted)
          ? { done: { status: 'completed', detail: `${accepted} core examples accepted (target ${config.target})` } }
          : { stage: coreStage.name, accepted, target: config.target },
      start(wave, _asOf, ahead) {
        if (ahead && guess.enough(wave, accepted)) return undefined;
        const prompts = Array.from({ length: p.wave_size }, (_, i) => promptOf(config.seed, firstPrompt(wave) + i, sets, p.demos.per_prompt));
        const answers = askEach(ctx, wave, coreStage, prompts.map((q) => ({ demos: q.demos })), { template: t.core, sampling: p.generation });
        answers.catch(() => {}); // a wave started ahead may never be run; `run` awaits it and sees any rejection
        return { prompts, answers };
      },
      async run(wave, started, decided) {
        const { prompts } = started;
        const answers = await started.answers;
        const rows = readCores(prompts, answers, seen, (i) => refs.ref(wave, i));
        decided(); // later waves' duplicates depend only on which examples passed here

        const unique = rows.filter((r) => r.unique);
        const outputs = await askEach(ctx, wave, outputStage, unique.map((r) => r.triplet), { template: t.output, sampling: p.output });
        unique.forEach((r, j) => addOutput(r, outputs[j]!));
        const kept = unique.filter((r) => firstFailure(r.verdicts) === undefined);
        const asks = kept.flatMap((r) => Array.from({ length: p.reformulations }, () => ({ instruction: r.triplet.instruction, input: r.triplet.input })));
        const restated = await askEach(ctx, wave, reformulateStage, asks, { template: t.reformulate, sampling: p.reformulation });
        kept.forEach((r, j) => (r.reformulations = restated.slice(j * p.reformulations, (j + 1) * p.reformulations)));

        const samples: WaveSample[] = [];
        for (const r of rows) {
          const ref = samples.push(coreSample(r)) - 1;
          samples.push(...reformulationSamples(r, ref, p.input_placeholder));
        }
        const waveAccepted = samples.filter((s) => s.kind === CORE_KIND && s.status === 'accepted').length;
        const rejected: Record<string, number> = {};
        for (const s of samples) if (s.kind === CORE_KIND && s.reason) rejected[s.reason] = (rejected[s.reason] ?? 0) + 1;
        return {
          stage: coreStage.name,
          samples,
          accepted: waveAccepted,
          state: { prompts: prompts.length, accepted: waveAccepted, rejected },
          resolveVerdict: (v: Verdict, ids: readonly number[]) => {
            const d = v.detail as { first_sample?: number } | undefined;
            if (d?.first_sample === undefined || d.first_sample >= 0) return v;
            const cores = ids.filter((_, j) => samples[j]!.kind === CORE_KIND);
            return { ...v, detail: { ...d, first_sample: refs.resolve(d.first_sample, wave, cores) } };
          },
        };
      },
      stored(output, ids, wave) {
        guess.stored(wave, output.accepted);
        accepted += output.accepted;
        // The stand-ins `seen` holds for this wave's examples (by their place among its core rows) now have ids.
        refs.stored(wave, ids.filter((_, j) => output.samples[j]!.kind === CORE_KIND));
      },
    });
  },
});

/** A core example of this wave as it is decided. */
interface CoreRow {
  prompt: CorePrompt;
  answer: Answer<CoreAnswer>;
  triplet: { instruction: string; input: string; constraints: string };
  verdicts: Verdict[];
  unique: boolean;
  output?: Answer<string>;
  reformulations: Answer<Reformulation>[];
}

/**
 * Answers read in prompt order: fields, then duplicates against the demos and every example that
 * passed before, this wave's and those of waves not yet stored included (`seen` grows here, by
 * stand-in `ref`s, so the next wave, which may decide before this one is stored, sees them).
 */
function readCores(prompts: readonly CorePrompt[], answers: readonly Answer<CoreAnswer>[], seen: Seen, ref: (i: number) => number): CoreRow[] {
  return prompts.map((prompt, i) => {
    const answer = answers[i]!;
    const row: CoreRow = { prompt, answer, triplet: { instruction: '', input: '', constraints: '' }, verdicts: [], unique: false, reformulations: [] };
    if (!answer.ok) {
      row.verdicts.push({ filter: 'call', passed: false, detail: { error: answer.error } });
      return row;
    }
    const v = answer.value;
    row.verdicts.push(...chatFormatVerdicts(answer.edits), ...answer.checks);
    row.verdicts.push({ filter: 'fields', passed: v.ok, detail: v.ok ? undefined : { missing: v.missing } });
    if (!v.ok) return row;
    row.triplet = { instruction: v.instruction, input: v.input, constraints: v.constraints };
    // A cut answer may have lost the end of its constraints: the paper's examples are whole.
    row.verdicts.push({ filter: 'complete', passed: answer.finishReason !== 'length', detail: { finish_reason: answer.finishReason } });
    row.verdicts.push(duplicateVerdict(seen, v.instruction, v.input));
    row.unique = firstFailure(row.verdicts) === undefined;
    if (row.unique) seen.set(coreKey(v.instruction, v.input), { core: ref(i) });
    return row;
  });
}

function addOutput(r: CoreRow, o: Answer<string>): void {
  r.output = o;
  if (!o.ok) {
    r.verdicts.push({ filter: 'call', passed: false, detail: { stage: outputStage.name, error: o.error } });
    return;
  }
  r.verdicts.push(...chatFormatVerdicts(o.edits, undefined, outputStage.name), ...o.checks);
  r.verdicts.push({ filter: 'output', passed: o.value !== '' });
  r.verdicts.push({ filter: 'output-complete', passed: o.finishReason !== 'length', detail: { finish_reason: o.finishReason } });
}

function coreSample(r: CoreRow): WaveSample {
  const reason = firstFailure(r.verdicts);
  const output = r.output?.ok ? r.output.value : '';
  const raw = r.answer.ok && !r.unique ? { raw: r.answer.text } : {};
  return {
    kind: CORE_KIND,
    stage: coreStage.name,
    instruction: r.triplet.instruction,
    input: r.triplet.input,
    output,
    status: reason ? 'rejected' : 'accepted',
    reason: reason ?? null,
    contentHash: hashJson([r.triplet.instruction, r.triplet.input, r.triplet.constraints, output]),
    callId: r.answer.callId,
    verdicts: r.verdicts,
    meta: {
      prompt: r.prompt.n,
      demo_set: r.prompt.set,
      constraints: r.triplet.constraints,
      [UNIQUE]: r.unique,
      ...(r.output ? { output_call_id: r.output.callId } : {}),
      ...raw,
    },
    parents: r.prompt.demos.map((d, position) => ({ parentId: d.id, relation: 'demo-in-prompt', position })),
  };
}

/** The example's reformulations in call order; each kept one is the task restated with the input in place, and the example's output. */
function reformulationSamples(r: CoreRow, ref: number, placeholder: string): WaveSample[] {
  const kept: string[] = [];
  const output = r.output?.ok ? r.output.value : '';
  return r.reformulations.map((o, k) => {
    const verdicts: Verdict[] = [];
    let text = '';
    if (!o.ok) verdicts.push({ filter: 'call', passed: false, detail: { error: o.error } });
    else {
      verdicts.push(...chatFormatVerdicts(o.edits), ...o.checks, { filter: 'reformulation', passed: o.value.ok });
      if (o.value.ok) {
        text = o.value.text;
        verdicts.push(...reformulationVerdicts(text, r.triplet, placeholder, kept));
      }
    }
    const reason = firstFailure(verdicts);
    if (!reason) kept.push(text);
    const instruction = text ? withInput(text, placeholder, r.triplet.input) : '';
    return {
      kind: REFORMULATION_KIND,
      stage: reformulateStage.name,
      instruction,
      input: '',
      output,
      status: reason ? 'rejected' : 'accepted',
      reason: reason ?? null,
      contentHash: hashJson([text, r.triplet.input, output]),
      callId: o.callId,
      verdicts,
      meta: { reformulation: k, template: text, placeholder, ...(o.ok && !o.value.ok ? { raw: o.text } : {}) },
      parents: [{ ref, relation: 'reformulation-of' }],
    };
  });
}
