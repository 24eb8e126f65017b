/**
 * Preference data in waves of `wave_size` prompts (see params.ts for the three modes). Per wave:
 * the K answers of every prompt go out at once, grouped by teacher (each named teacher's own
 * journal); then the judge calls of every prompt (per aspect, or two rankings) in one batch, with
 * re-asks batched after it; then each prompt's rows are decided by the pure rules of pairs.ts. The
 * wave is stored in one transaction, so a resumed run rebuilds it from the journals.
 */
import { ConfigError } from '../../config/errors.js';
import { keyLine } from '../../config/load.js';
import type { RunContext } from '../../engine/context.js';
import { defineRecipe } from '../../engine/recipe.js';
import { stepRng } from '../../engine/rng.js';
import { ask, checkStageTemplate, type Answer, type AskContext } from '../../engine/stage.js';
import { runWaves, type WaveSample } from '../../engine/wave-runner.js';
import { loadTemplate, type Template } from '../../prompts/template.js';
import { ensureSourceRows, type SourceRow } from '../custom/inputs.js';
import { fieldText, type Fields } from '../custom/render.js';
import { planCompletions } from './completions.js';
import { judgeOrder, renderAnswers, secondOrder } from './judge-order.js';
import { preferenceManifest } from './manifest.js';
import { PAIR_KIND, rankedRows, ratedRows, spinRows, unjudgedRows, type Completion } from './pairs.js';
import type { Aspect, PreferenceConfig } from './params.js';
import { toStored } from './ranking.js';
import { unshuffle, type Rating } from './rating-parse.js';
import { judgeWithReask } from './reask.js';
import { answerStage, preferenceStages, rankStage, rateStage, spinStage, type JudgeInput } from './stages.js';

type Ctx = RunContext<PreferenceConfig>;

function askContext(ctx: Ctx, name: string): AskContext {
  if (name === 'teacher') return { journal: ctx.journal, config: { teacher: ctx.config.teacher } };
  return { journal: ctx.journalFor!(name), config: { teacher: ctx.config.teachers[name]! } };
}

function modelOf(ctx: Ctx, name: string): string {
  return name === 'teacher' ? ctx.config.teacher.model : ctx.config.teachers[name]!.model;
}

/** The columns each mode reads must be in every row, before anything is stored or sent. */
function checkRows(mode: string, rows: readonly Fields[], file: string): void {
  const need = mode === 'spin' ? ['prompt', 'reference'] : ['prompt'];
  if (rows.length === 0) throw new ConfigError(file, keyLine(file, ['params', 'inputs']), 'params.inputs', 'the inputs select no rows');
  for (const col of need) {
    const bad = rows.findIndex((r) => fieldText(r[col]).trim() === '');
    if (bad >= 0) {
      const cols = Object.keys(rows[bad]!).filter((c) => !c.startsWith('_')).join(', ');
      throw new ConfigError(file, keyLine(file, ['params', 'inputs']), 'params.inputs.columns', `row ${bad + 1} has no "${col}" text (its columns: ${cols}); map a column to it, e.g. columns: { ${col}: <your column> }`);
    }
  }
}

interface Prepared {
  rate: Map<Aspect, Template>;
  rank: Template | undefined;
  principles: Map<string, string>;
}

/** Every template read and checked before the first call. */
function prepare(ctx: Ctx): Prepared {
  const p = ctx.config.params;
  const rate = new Map<Aspect, Template>();
  if (p.mode === 'rate') for (const a of p.aspects) rate.set(a, checkStageTemplate(rateStage, loadTemplate(p.prompts.rate[a] ?? '', ctx.root)));
  const rank = p.mode === 'rank' ? checkStageTemplate(rankStage, loadTemplate(p.prompts.rank, ctx.root)) : undefined;
  const principles = new Map<string, string>();
  if (p.mode !== 'spin') {
    for (const weights of Object.values(p.principles)) {
      for (const name of Object.keys(weights)) {
        const path = p.principle_prompts[name as keyof typeof p.principle_prompts];
        if (!path) throw new ConfigError(ctx.run.config_file ?? ctx.config.name, keyLine(ctx.run.config_file ?? '', ['params', 'principle_prompts']), 'params.principle_prompts', `no system message file for principle "${name}"`);
        if (!principles.has(name)) principles.set(name, loadTemplate(path, ctx.root).text);
      }
    }
  }
  return { rate, rank, principles };
}

/** Every prompt's K answers: all teachers' calls at once, each teacher's in one batch of its own journal. */
async function answerAll(ctx: Ctx, wave: number, rows: readonly SourceRow[], prep: Prepared): Promise<(Completion[] | undefined)[]> {
  const p = ctx.config.params;
  const plans = rows.map((r) => {
    const dataset = fieldText(r.fields['dataset']);
    const weights = p.principles[dataset] ?? p.principles['default'];
    return planCompletions(ctx.config.seed, String(r.id), p.pool, p.k, Object.keys(p.principles).length > 0 ? weights : undefined);
  });
  const byTeacher = new Map<string, { row: number; slot: number }[]>();
  plans.forEach((plan, row) => plan.teachers.forEach((t, slot) => byTeacher.set(t, [...(byTeacher.get(t) ?? []), { row, slot }])));
  const out: (Answer<string> | undefined)[][] = rows.map(() => new Array(p.k));
  await Promise.all(
    [...byTeacher].map(async ([name, items]) => {
      const asks = items.map(({ row, slot }) => {
        const principle = plans[row]!.principles[slot];
        const system = principle ? prep.principles.get(principle) : undefined;
        return { stage: answerStage, input: { prompt: fieldText(rows[row]!.fields['prompt']), system }, sampling: p.answer };
      });
      const answers = await ask(askContext(ctx, name), wave, asks);
      items.forEach(({ row, slot }, i) => (out[row]![slot] = answers[i]));
    }),
  );
  return out.map((answers, row) =>
    answers.every((a) => a?.ok)
      ? answers.map((a, slot) => {
          const ok = a as Extract<Answer<string>, { ok: true }>;
          const teacher = plans[row]!.teachers[slot]!;
          return { teacher, model: modelOf(ctx, teacher), principle: plans[row]!.principles[slot], text: ok.value, callId: ok.callId, checks: ok.checks };
        })
      : undefined, // a call failed for good: the wave is not stored, resume sends it again
  );
}

async function rateWave(ctx: Ctx, wave: number, rows: readonly SourceRow[], prep: Prepared): Promise<WaveSample[]> {
  const p = ctx.config.params;
  const answers = await answerAll(ctx, wave, rows, prep);
  const judged = rows.flatMap((r, i) => (answers[i] && answers[i]!.every((a) => a.text !== '') ? [i] : []));
  const orders = new Map(judged.map((i) => [i, judgeOrder(ctx.config.seed, String(rows[i]!.id), 'rate', p.k)]));
  const inputs: { row: number; aspect: Aspect; input: JudgeInput }[] = [];
  for (const aspect of p.aspects) {
    for (const i of judged) {
      const texts = answers[i]!.map((a) => a.text);
      const knowledge = aspect === 'truthfulness' ? fieldText(rows[i]!.fields['world_knowledge']).trim() : '';
      inputs.push({ row: i, aspect, input: { instruction: fieldText(rows[i]!.fields['prompt']), answers: renderAnswers(texts, orders.get(i)!), count: p.k, context: knowledge || undefined } });
    }
  }
  const judge = askContext(ctx, p.judge);
  // One batch per aspect's template; all aspects' batches at once.
  const readings = await Promise.all(
    p.aspects.map((aspect) => {
      const mine = inputs.filter((x) => x.aspect === aspect);
      return judgeWithReask<{ ratings: Rating[] }>(judge, wave, rateStage, mine.map((x) => x.input), { template: prep.rate.get(aspect)!, sampling: p.rating, limit: p.attempts }).then((r) => r.map((res, j) => ({ ...mine[j]!, res })));
    }),
  );
  const flat = readings.flat();
  return assemble(rows, (i, base) => {
    const order = orders.get(i);
    if (!order) return unjudgedRows(prompted(rows[i]!), base, 'rate', answers[i]!);
    const mine = flat.filter((x) => x.row === i);
    if (mine.some((x) => x.res.callFailed)) return undefined;
    const aspectReadings = mine.map((x) => ({ aspect: x.aspect, ratings: x.res.value ? unshuffle(x.res.value.ratings, order) : undefined, attempts: x.res.attempts }));
    return ratedRows(prompted(rows[i]!), base, answers[i]!, order, aspectReadings, stepRng(ctx.config.seed, 'preference-binarize', rows[i]!.id));
  });
}

async function rankWave(ctx: Ctx, wave: number, rows: readonly SourceRow[], prep: Prepared): Promise<WaveSample[]> {
  const p = ctx.config.params;
  const answers = await answerAll(ctx, wave, rows, prep);
  const judged = rows.flatMap((r, i) => (answers[i] && answers[i]!.every((a) => a.text !== '') ? [i] : []));
  const asks = judged.flatMap((i) => {
    const first = judgeOrder(ctx.config.seed, String(rows[i]!.id), 'rank-1', p.k);
    const texts = answers[i]!.map((a) => a.text);
    return [first, secondOrder(ctx.config.seed, String(rows[i]!.id), first)].map((order) => ({
      row: i, order, input: { instruction: fieldText(rows[i]!.fields['prompt']), answers: renderAnswers(texts, order), count: p.k },
    }));
  });
  const res = await judgeWithReask<{ order: number[] }>(askContext(ctx, p.judge), wave, rankStage, asks.map((a) => a.input), { template: prep.rank!, sampling: p.ranking, limit: p.attempts });
  return assemble(rows, (i, base) => {
    const mine = asks.flatMap((a, j) => (a.row === i ? [{ ...a, res: res[j]! }] : []));
    if (mine.length === 0) return unjudgedRows(prompted(rows[i]!), base, 'rank', answers[i]!);
    if (mine.some((x) => x.res.callFailed)) return undefined;
    const readings = mine.map((x) => ({ order: x.order, ranking: x.res.value ? toStored(x.res.value.order, x.order) : undefined, attempts: x.res.attempts })) as [never, never];
    return rankedRows(prompted(rows[i]!), base, answers[i]!, readings, p.keep, stepRng(ctx.config.seed, 'preference-rank-pair', rows[i]!.id));
  });
}

async function spinWave(ctx: Ctx, wave: number, rows: readonly SourceRow[]): Promise<WaveSample[]> {
  const p = ctx.config.params;
  const answers = await ask(askContext(ctx, p.student), wave, rows.map((r) => ({ stage: spinStage, input: { prompt: fieldText(r.fields['prompt']) }, sampling: p.generation })));
  const model = modelOf(ctx, p.student);
  return assemble(rows, (i, base) => {
    const a = answers[i]!;
    if (!a.ok) return undefined;
    return spinRows(prompted(rows[i]!), base, fieldText(rows[i]!.fields['reference']), { teacher: p.student, model, principle: undefined, text: a.value, callId: a.callId, checks: a.checks });
  });
}

function prompted(r: SourceRow): { sourceId: number; prompt: string } {
  return { sourceId: r.id, prompt: fieldText(r.fields['prompt']) };
}

/** Each prompt's rows in row order; `base` is where its first answer sits in the wave, for the pair's links. */
function assemble(rows: readonly SourceRow[], build: (i: number, base: number) => WaveSample[] | undefined): WaveSample[] {
  const out: WaveSample[] = [];
  rows.forEach((_, i) => {
    const mine = build(i, out.length);
    if (mine) out.push(...mine);
  });
  return out;
}

export const preference = defineRecipe<PreferenceConfig>({
  manifest: preferenceManifest,
  stages: preferenceStages,
  async run(ctx) {
    const { store, run, config } = ctx;
    const p = config.params;
    const prep = prepare(ctx);
    const sources = await ensureSourceRows(ctx, p.inputs, (rows, file) => checkRows(p.mode, rows, file));
    const waves = Math.ceil(sources.length / p.wave_size);
    let accepted = store.samples.list(run.id, PAIR_KIND, 'accepted').length;
    const target = sources.length;
    return runWaves(ctx, {
      next: (wave) =>
        wave <= waves
          ? { stage: p.mode === 'spin' ? spinStage.name : answerStage.name, accepted, target }
          : { done: { status: 'completed', detail: `${sources.length} prompts: ${accepted} preference pairs accepted (${p.mode})` }, accepted, target },
      // A wave reads nothing of the others (no cross-prompt filter), so wave_depth waves run at once:
      // nothing is sent ahead of `run`, and each wave has made its decisions as soon as it starts.
      depth: p.wave_depth,
      start: () => true,
      async run(wave, _started, decided) {
        decided();
        const rows = sources.slice((wave - 1) * p.wave_size, wave * p.wave_size);
        const samples = p.mode === 'rate' ? await rateWave(ctx, wave, rows, prep) : p.mode === 'rank' ? await rankWave(ctx, wave, rows, prep) : await spinWave(ctx, wave, rows);
        const pairs = samples.filter((s) => s.kind === PAIR_KIND);
        const n = pairs.filter((s) => s.status === 'accepted').length;
        const rejected: Record<string, number> = {};
        for (const s of pairs) if (s.reason) rejected[s.reason] = (rejected[s.reason] ?? 0) + 1;
        return { stage: 'pair', samples, accepted: n, state: { prompts: rows.length, pairs: pairs.length, accepted: n, rejected } };
      },
      stored: (output) => {
        accepted += output.accepted;
      },
    });
  },
});
