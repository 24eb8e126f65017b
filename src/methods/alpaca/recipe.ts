import { chatFormatVerdicts } from '../../chat/edits.js';
import type { RunContext } from '../../engine/context.js';
import { applyJudgeFilter, prepareJudge, type JudgeTarget } from '../../engine/judge-stage.js';
import { NoveltyPool } from '../../engine/novelty-pool.js';
import { AheadGuess } from '../../engine/ahead.js';
import { defineRecipe } from '../../engine/recipe.js';
import { stepRng } from '../../engine/rng.js';
import { ensureSeedSamples } from '../../engine/seeds.js';
import { askEach, checkStageTemplate } from '../../engine/stage.js';
import { MAX_IDLE_WAVES, runWaves, type WaveSample } from '../../engine/wave-runner.js';
import { firstFailure, instructionVerdicts } from '../../filters/heuristics.js';
import { loadTemplate, type Template } from '../../prompts/template.js';
import type { Verdict } from '../../store/samples.js';
import { hashJson } from '../../util/hash.js';
import { alpacaManifest } from './manifest.js';
import type { AlpacaConfig } from './params.js';
import { alpacaPrompt, type AlpacaTask } from './prompts.js';
import { generateTasks } from './stages.js';

type Ctx = RunContext<AlpacaConfig>;

/** The stage name of generation calls, samples and waves. */
export const ALPACA_STAGE = generateTasks.name;
/** Accepted tasks are stored under this kind, with the released data's fields instruction, input, output. */
export const ALPACA_KIND = alpacaManifest.mainKind;

export function loadAlpacaTemplate(ctx: Pick<Ctx, 'config' | 'root'>): Template {
  return checkStageTemplate(generateTasks, loadTemplate(ctx.config.params.prompts.instructions, ctx.root));
}

/** A wave's prompts: each draws its demos from the seeds with a stream of its own (seed, wave, prompt index). */
export function alpacaWavePrompts<T extends AlpacaTask>(config: AlpacaConfig, template: Template, wave: number, seeds: readonly T[]): { demos: T[]; text: string }[] {
  return Array.from({ length: config.params.wave_size }, (_, i) => {
    const demos = stepRng(config.seed, 'demos', wave, i).sample(seeds, config.params.demos);
    return { demos, text: alpacaPrompt(template, demos) };
  });
}

/**
 * Stanford Alpaca (methods.md section 2) in waves: each prompt shows `demos` seed tasks drawn with its
 * own seeded stream and asks for the rest of a 20-task list; one answer gives instruction, input and
 * output together. Answers are applied in prompt order, chunk by chunk: parse, heuristics, then ROUGE-L
 * against the seeds and every accepted instruction, including those accepted earlier in the wave;
 * then the optional common judge on the tasks still accepted.
 */
export const alpaca = defineRecipe<AlpacaConfig>({
  manifest: alpacaManifest,
  stages: [generateTasks],
  async run(ctx) {
    const { store, run, config } = ctx;
    const p = config.params;
    const template = loadAlpacaTemplate(ctx);
    prepareJudge(ctx); // the rubric is checked before the first call
    const seeds = ensureSeedSamples(ctx);
    if (seeds.length === 0) return { status: 'failed', detail: 'no seed tasks to draw demos from' };
    const pool = new NoveltyPool(p.rouge_threshold);
    for (const s of seeds) pool.addStored(s.id, s.instruction);
    const stored = store.samples.list(run.id, ALPACA_KIND, 'accepted');
    // The pool holds every task that passed ROUGE-L, including those the optional judge rejected afterwards.
    const judged = store.samples.list(run.id, ALPACA_KIND, 'rejected').filter((s) => s.reason === 'judge');
    for (const s of [...stored, ...judged].sort((a, b) => a.id - b.id)) pool.addStored(s.id, s.instruction);
    let accepted = stored.length;
    // Before any wave is stored, a prompt is guessed to add 10 tasks (it asks for 20; the filters take some).
    const guess = new AheadGuess(config.target, p.wave_size * 10, store.waves.last(run.id)?.wave ?? 0);

    return runWaves(ctx, {
      pool,
      stall: { waves: MAX_IDLE_WAVES, what: 'task' },
      // Not yet when the waves in flight look enough: the runner asks again once they are stored.
      next: (wave) =>
        accepted < config.target && !guess.enough(wave, accepted)
          ? { stage: ALPACA_STAGE, accepted, target: config.target }
          : { done: { status: 'completed', detail: `${accepted} tasks accepted (target ${config.target})` } },
      // Demos come from the seeds only, so a wave's prompts never depend on earlier waves: any depth gives the same dataset.
      depth: p.wave_depth,
      start(wave, _asOf, ahead) {
        if (ahead && guess.enough(wave, accepted)) return undefined;
        const prompts = alpacaWavePrompts(config, template, wave, seeds);
        const answers = askEach(ctx, wave, generateTasks, prompts, { template, sampling: p.generation });
        answers.catch(() => {}); // awaited by `run` if the wave is run
        return { prompts, answers };
      },
      async run(wave, started, decided) {
        const { prompts } = started;
        const answers = await started.answers;
        const rows: (WaveSample & { target?: JudgeTarget })[] = [];
        answers.forEach((o, i) => {
          if (!o.ok) return;
          const parents = prompts[i]!.demos.map((d, position) => ({ parentId: d.id, relation: 'demo-in-prompt', position }));
          for (const [item, c] of o.value.entries()) {
            const position = { chunk: c.index, number: c.number };
            const chat = [...chatFormatVerdicts(o.edits, item), ...o.checks];
            if (!c.ok) {
              // A chunk that could not be parsed keeps its raw text, so nothing is lost silently.
              const verdicts: Verdict[] = [...chat, { filter: c.reason, passed: false, detail: c.detail }];
              rows.push({ kind: 'instruction', stage: ALPACA_STAGE, instruction: c.raw, status: 'rejected', reason: c.reason, contentHash: hashJson([c.raw]), callId: o.callId, verdicts, meta: { ...position, raw_chunk: true }, parents });
              continue;
            }
            const verdicts: Verdict[] = [
              ...chat,
              ...instructionVerdicts(c.instruction, { minWords: p.min_words, maxWords: p.max_words, blocklist: p.blocklist }),
              ...(p.require_output ? [{ filter: 'empty-output', passed: c.output !== '' }] : []),
              pool.verdict(c.instruction),
            ];
            const reason = firstFailure(verdicts);
            const row: WaveSample & { target?: JudgeTarget } = {
              kind: ALPACA_KIND, stage: ALPACA_STAGE, instruction: c.instruction, input: c.input, output: c.output,
              status: reason ? 'rejected' : 'accepted', reason: reason ?? null, contentHash: hashJson([c.instruction, c.input, c.output]),
              callId: o.callId, verdicts, meta: position, parents,
            };
            if (!reason) {
              row.poolId = pool.addPending(c.instruction);
              row.target = { instruction: c.instruction, sample: { input: c.input, output: c.output, status: 'accepted', verdicts } };
            }
            rows.push(row);
          }
        });
        decided(); // the novelty verdicts, in order, are all the next wave reads of this one
        const targets = rows.flatMap((r) => (r.target ? [r] : []));
        await applyJudgeFilter(ctx, wave, targets.map((r) => r.target!));
        for (const r of targets) {
          r.status = r.target!.sample.status;
          r.reason = r.target!.sample.reason ?? null;
        }
        const samples = rows.map(({ target: _t, ...s }) => s);
        const wavesAccepted = samples.filter((s) => s.status === 'accepted').length;
        const rejected: Record<string, number> = {};
        for (const s of samples) if (s.reason) rejected[s.reason] = (rejected[s.reason] ?? 0) + 1;
        return { stage: ALPACA_STAGE, samples, accepted: wavesAccepted, state: { prompts: p.wave_size, candidates: samples.length, accepted: wavesAccepted, rejected } };
      },
      stored: (output, _ids, wave) => {
        guess.stored(wave, output.accepted);
        accepted += output.accepted;
      },
    });
  },
});
