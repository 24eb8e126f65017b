import { checkJudgeTemplate, prepareJudge, type JudgeSpec } from '../../engine/judge-stage.js';
import { defineRecipe } from '../../engine/recipe.js';
import { ensureSeedSamples } from '../../engine/seeds.js';
import { checkStageTemplate } from '../../engine/stage.js';
import { runWaves, type WaveOutput } from '../../engine/wave-runner.js';
import { loadTemplate, type Template } from '../../prompts/template.js';
import type { SampleRow } from '../../store/samples.js';
import { wordCount } from '../../util/text.js';
import { backtranslationManifest } from './manifest.js';
import type { BacktranslationConfig } from './params.js';
import { selfAugment } from './stages.js';
import { allPairs, augmentWave, curateWave, Ingestion, ingestWave, outcomeDetail, type Ctx, type Pair, type Pass } from './waves.js';

/**
 * The stages of a run, in order. Each wave stores its stage and the id of the last item it
 * handled (`through`), so a resumed run starts right after the last completed wave.
 */
const STAGE_ORDER = ['seed', 'ingest', 'self-augment', 'curate-iter1', 'curate-iter2', 'judge'] as const;
type Stage = (typeof STAGE_ORDER)[number];
type Cursor = { stage: string; state: unknown } | undefined;

interface Templates {
  augment: Template;
  curate: Template;
  curateDemos: Template;
}

export function loadBacktranslationTemplates(ctx: Pick<Ctx, 'config' | 'root'>): Templates {
  const paths = ctx.config.params.prompts;
  const t: Templates = {
    augment: checkStageTemplate(selfAugment, loadTemplate(paths.self_augment, ctx.root)),
    curate: loadTemplate(paths.curate, ctx.root),
    curateDemos: loadTemplate(paths.curate_demos, ctx.root),
  };
  checkJudgeTemplate(t.curate, { demos: false });
  checkJudgeTemplate(t.curateDemos, { demos: true });
  return t;
}

/** A stage working through rows in id order, a batch per wave: the wave that handles the rows after `from`, if any. */
interface Phase {
  stage: Stage;
  batch(from: number): ((wave: number) => Promise<WaveOutput>) | undefined;
}

/** Its rows are read once, when the stage is first reached: they depend on the stages before it. */
function phase<T extends { row: SampleRow }>(stage: Stage, size: number, rows: () => readonly T[], wave: (wave: number, batch: readonly T[]) => Promise<WaveOutput>): Phase {
  let list: readonly T[] | undefined;
  return {
    stage,
    batch(from) {
      list ??= rows();
      const start = firstAfter(list, from);
      if (start >= list.length) return undefined;
      const batch = list.slice(start, start + size);
      return (w) => wave(w, batch);
    },
  };
}

/**
 * Instruction backtranslation with self-curation (methods.md section 4), in waves:
 * 1. ingest: the corpus is read once (streamed), cut into passages, filtered and deduplicated, and every
 *    passage (kept or not) stored as a `passage` sample with its file and offset, a bounded batch per wave;
 * 2. self-augment: per wave of passages, the teacher writes the instruction each passage answers,
 *    from a few-shot prompt of seed pairs turned around; each answer is a `pair` sample
 *    (instruction, output = passage) linked `backtranslated-from` its passage;
 * 3. curate-iter1: the 5-point rubric judge scores every candidate pair (`judge-iter1` verdicts);
 * 4. curate-iter2: every candidate is scored again, the judge shown pairs kept in iteration 1 as
 *    rated demonstrations (`judge-iter2`); the last iteration decides: kept when score >= min_score;
 * 5. judge (only with `judge.enabled`): the common judge stage on the kept pairs.
 * Demos are drawn with a generator seeded by the item's content.
 */
export const backtranslation = defineRecipe<BacktranslationConfig>({
  manifest: backtranslationManifest,
  stages: [selfAugment],
  async run(ctx) {
    const { store, run, config } = ctx;
    const p = config.params;
    const templates = loadBacktranslationTemplates(ctx);
    const judge = prepareJudge(ctx);
    const seeds = ensureSeedSamples(ctx);
    const demoPool = seeds.filter((s) => s.input.trim() === '' && wordCount(s.output) >= p.demo_min_words);
    if (p.demos > 0 && demoPool.length === 0) {
      return { status: 'failed', detail: `no seed task can serve as a self-augmentation demo (empty input and an output of at least ${p.demo_min_words} words) in ${config.seeds.path}` };
    }

    const curateSpec = (filter: string): JudgeSpec => ({ template: templates.curate, demosTemplate: templates.curateDemos, sampling: p.curate, minScore: p.min_score, filter });
    const judging = (pass: Pass, spec: JudgeSpec, rows: () => Pair[]): Phase => {
      let demos: Pair[] = [];
      const load = () => {
        const list = rows();
        // Iteration 2 shows the pairs iteration 1 kept; none of them changes while iteration 2 runs.
        if (pass.iteration === 2) demos = list.filter((x) => x.meta.judge?.iter1?.passed === true);
        return list;
      };
      return phase(pass.stage, p.wave_size, load, (wave, batch) => curateWave(ctx, pass, spec, wave, batch, demos));
    };
    const passagesAfter = store.db.prepare(`SELECT * FROM samples WHERE run_id = ? AND kind = 'passage' AND status = 'accepted' AND id > ? ORDER BY id LIMIT ?`);
    const candidates = () => allPairs(ctx).filter((x) => x.meta.candidate);
    const phases: Phase[] = [
      // Passages are read a wave at a time (never the whole corpus at once): none of them changes while this stage runs.
      {
        stage: 'self-augment',
        batch(from) {
          const batch = passagesAfter.all(run.id, from, p.wave_size) as SampleRow[];
          return batch.length === 0 ? undefined : (w) => augmentWave(ctx, templates.augment, w, batch, demoPool);
        },
      },
      judging({ stage: 'curate-iter1', filter: 'judge-iter1', iteration: 1, final: p.iterations === 1 }, curateSpec('judge-iter1'), candidates),
      ...(p.iterations === 2 ? [judging({ stage: 'curate-iter2', filter: 'judge-iter2', iteration: 2, final: true }, curateSpec('judge-iter2'), candidates)] : []),
      ...(judge ? [judging({ stage: 'judge', filter: 'judge', iteration: 0, final: true }, judge, () => allPairs(ctx).filter((x) => x.row.status === 'accepted'))] : []),
    ];

    // The cursor: the stage and state of the last stored wave, read from the store once, then kept up by `stored`.
    let cursor: Cursor = store.waves.last(run.id);
    let todo: ((wave: number) => Promise<WaveOutput>) | undefined;
    let ingestion: Ingestion | undefined;
    // The first stage, in order, with rows left after the cursor.
    const nextWave = (): { stage: Stage; run: (wave: number) => Promise<WaveOutput> } | undefined => {
      const ingested = after(cursor, 'ingest');
      if (ingested !== Infinity) {
        // One reading of the corpus for all ingest waves of this session (from the passages stored before it).
        ingestion ??= new Ingestion(ctx, ingested);
        const ing = ingestion;
        return { stage: 'ingest', run: () => ingestWave(ctx, ing) };
      }
      for (const ph of phases) {
        const from = after(cursor, ph.stage);
        const run = from === Infinity ? undefined : ph.batch(from);
        if (run) return { stage: ph.stage, run };
      }
      return undefined;
    };

    // Progress shows pairs kept against passages taken (the passage cap `target` until ingestion is done).
    let passages: number | undefined;
    const counts = () => {
      if (passages === undefined && after(cursor, 'ingest') === Infinity) passages = store.samples.count(run.id, 'passage', 'accepted');
      return { accepted: store.samples.count(run.id, 'pair', 'accepted'), target: passages ?? config.target };
    };
    return runWaves(ctx, {
      next: () => {
        const step = nextWave();
        todo = step?.run;
        // 'done' shows the stored counts: the judge pass only rejects, and a finished run resumed runs no wave.
        if (!step) return { done: { status: 'completed', detail: outcomeDetail(ctx, judge !== undefined) }, ...counts() };
        return { stage: step.stage, ...counts() };
      },
      run: (wave) => todo!(wave),
      stored: (output, ids) => {
        if (output.stage === 'ingest') ingestion?.stored(ids);
        cursor = { stage: output.stage, state: output.state };
      },
    });
  },
});

/** Where a stage resumes: 0 before it started, the last id handled while in it, Infinity once past it. */
function after(last: Cursor, stage: Stage): number {
  if (!last) return 0;
  const at = STAGE_ORDER.indexOf(last.stage as Stage);
  const want = STAGE_ORDER.indexOf(stage);
  if (at > want) return Infinity;
  if (at < want) return 0;
  const through = (last.state as { through?: number } | undefined)?.through;
  return typeof through === 'number' ? through : Infinity;
}

/** Index of the first row with an id above `id` (rows in id order). */
function firstAfter(rows: readonly { row: SampleRow }[], id: number): number {
  if (id === Infinity) return rows.length;
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid]!.row.id <= id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
