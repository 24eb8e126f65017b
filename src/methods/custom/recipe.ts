/**
 * A user's pipeline run in waves of `wave_size` input rows: every stage runs over the wave's live
 * rows in order (one journal batch per stage, each row's `n` answers drawn in row order), each
 * answer is read into fields and put through the stage's filters, and a row that passes every
 * stage is mapped to the dataset's shape. Every row gets a sample, accepted or rejected with the
 * stage and filter that stopped it, linked to its input row. The wave is stored in one
 * transaction, so a resumed run rebuilds an unfinished wave from the journal without paying twice.
 */
import { chatFormatVerdicts } from '../../chat/edits.js';
import type { Template } from '../../prompts/template.js';
import type { RunContext } from '../../engine/context.js';
import { runJudge, checkJudgeTemplate } from '../../engine/judge-stage.js';
import { NoveltyPool } from '../../engine/novelty-pool.js';
import { defineRecipe } from '../../engine/recipe.js';
import { stepRng } from '../../engine/rng.js';
import { ask, type AskContext } from '../../engine/stage.js';
import { runWaves, type WaveSample } from '../../engine/wave-runner.js';
import { firstFailure } from '../../filters/heuristics.js';
import { loadTemplate } from '../../prompts/template.js';
import type { SampleRow, Verdict } from '../../store/samples.js';
import { hashJson } from '../../util/hash.js';
import { reject, startBranch, type Branch } from './branches.js';
import { duplicateKey, filterName, localVerdict, type LocalFilter } from './filters.js';
import { checkColumns, ensureSourceRows } from './inputs.js';
import { customManifest } from './manifest.js';
import type { CustomConfig, CustomStage } from './params.js';
import { stagePrompt } from './prompt.js';
import { fieldText, inlineTemplate, renderFields, type Fields } from './render.js';
import { CUSTOM_STAGES, customStage } from './stages.js';
import { mapOutput } from './output.js';

type Ctx = RunContext<CustomConfig>;
export const CUSTOM_KIND = customManifest.mainKind;

interface Prepared {
  stage: CustomStage;
  index: number;
  template: Template;
  judges: Map<number, Template>;
}

/** Every template read and checked before the first call. */
function prepareStages(ctx: Ctx): Prepared[] {
  return ctx.config.params.stages.map((stage, index) => {
    const template = stage.template !== undefined ? inlineTemplate(`params.stages.${index}.template`, stage.template) : loadTemplate(stage.template_file!, ctx.root);
    const judges = new Map<number, Template>();
    stage.filters.forEach((f, j) => {
      if (f.type !== 'judge') return;
      const t = loadTemplate(f.prompt, ctx.root);
      checkJudgeTemplate(t);
      judges.set(j, t);
    });
    return { stage, index, template, judges };
  });
}

function systemFor(config: CustomConfig, p: Prepared, b: Branch): string | undefined {
  const s = p.stage.system;
  if (s === undefined) return undefined;
  if (typeof s === 'string') return s;
  if ('field' in s) return fieldText(b.fields[s.field]);
  // Drawn per row, with a stream of its own: the same row gets the same message on every run.
  const rng = stepRng(config.seed, 'system', p.stage.name, b.source.id, b.path.join('.'));
  return rng.pickWeighted(s.choose.map((c) => c.text), s.choose.map((c) => c.weight));
}

/** Texts the rouge and duplicate filters compare against: what passed them in stored waves, in id order. */
function rebuildMemory(samples: readonly SampleRow[], pool: NoveltyPool | undefined, rougeField: string | undefined, dups: Map<string, Set<string>>): void {
  for (const s of samples) {
    const meta = JSON.parse(s.meta_json ?? '{}') as { fields?: Fields; remembered?: string[] };
    const passed = (name: string) => meta.remembered?.includes(name) ?? false;
    if (pool && rougeField && passed('rouge-l')) pool.addStored(s.id, fieldText(meta.fields?.[rougeField]));
    for (const [name, set] of dups) if (passed(name)) set.add(duplicateKey(fieldText(meta.fields?.[name.slice('duplicate:'.length)])));
  }
}

export const custom = defineRecipe<CustomConfig>({
  manifest: customManifest,
  stages: CUSTOM_STAGES,
  async run(ctx) {
    const { store, run, config } = ctx;
    const p = config.params;
    const prepared = prepareStages(ctx);
    const sources = await ensureSourceRows(ctx, p.inputs, (rows, file) => checkColumns(config, rows, file));
    const rouge = p.stages.flatMap((s) => s.filters).find((f) => f.type === 'rouge');
    const pool = rouge ? new NoveltyPool(rouge.threshold) : undefined;
    if (pool && rouge?.inputs_field) for (const s of sources) pool.addStored(s.id, fieldText(s.fields[rouge.inputs_field]));
    const dups = new Map<string, Set<string>>();
    for (const f of p.stages.flatMap((s) => s.filters)) if (f.type === 'duplicate') dups.set(`duplicate:${f.field}`, new Set());
    rebuildMemory([...store.samples.list(run.id, CUSTOM_KIND, 'accepted'), ...store.samples.list(run.id, CUSTOM_KIND, 'rejected')].sort((a, b) => a.id - b.id), pool, rouge?.field, dups);
    const waves = Math.ceil(sources.length / p.wave_size);
    let accepted = store.samples.list(run.id, CUSTOM_KIND, 'accepted').length;
    const target = sources.length;

    const askCtx = (stage: CustomStage): AskContext => {
      const journal = stage.teacher ? ctx.journalFor!(stage.teacher) : ctx.journal;
      const teacher = stage.teacher ? config.teachers[stage.teacher]! : config.teacher;
      const rf = stage.output.type === 'json' ? (stage.output.response_format ?? teacher.structured_outputs) : false;
      return { journal, config: { teacher: { ...teacher, structured_outputs: rf } } };
    };

    return runWaves(ctx, {
      pool,
      next: (wave) =>
        wave <= waves
          ? { stage: p.stages[0]!.name, accepted, target }
          : { done: { status: 'completed', detail: `${sources.length} input rows through ${p.stages.length} stage(s): ${accepted} accepted` }, accepted, target },
      async run(wave) {
        const rows = sources.slice((wave - 1) * p.wave_size, wave * p.wave_size);
        let live = rows.map(startBranch);
        const finished: Branch[] = [];
        for (const stage of prepared) {
          live = await runStage(ctx, askCtx(stage.stage), config, wave, stage, live, pool, dups);
          finished.push(...live.filter((b) => b.rejected));
          live = live.filter((b) => !b.rejected);
        }
        const all = [...finished, ...live].sort((a, b) => a.source.id - b.source.id || a.path.join('.').localeCompare(b.path.join('.'), 'en', { numeric: true }));
        const samples: WaveSample[] = all.map((b) => toSample(config, b));
        const n = samples.filter((s) => s.status === 'accepted').length;
        const reasons: Record<string, number> = {};
        for (const s of samples) if (s.reason) reasons[s.reason] = (reasons[s.reason] ?? 0) + 1;
        return { stage: p.stages[p.stages.length - 1]!.name, samples, accepted: n, state: { rows: rows.length, samples: samples.length, accepted: n, rejected: reasons } };
      },
      stored: (output) => {
        accepted += output.accepted;
      },
    });
  },
});

async function runStage(ctx: Ctx, actx: AskContext, config: CustomConfig, wave: number, p: Prepared, live: Branch[], pool: NoveltyPool | undefined, dups: Map<string, Set<string>>): Promise<Branch[]> {
  const { stage } = p;
  const decl = customStage(stage);
  const asks = live.flatMap((b) => {
    const system = systemFor(config, p, b);
    const prompt = stagePrompt(stage, renderFields(p.template, { ...b.fields, system: system ?? b.system ?? '' }), system);
    return Array.from({ length: stage.n }, () => ({ stage: decl, input: { prompt }, sampling: stage.sampling, system }));
  });
  const answers = await ask(actx, wave, asks);
  const out: Branch[] = [];
  live.forEach((b, bi) => {
    for (let k = 0; k < stage.n; k++) {
      const a = answers[bi * stage.n + k]!;
      const system = asks[bi * stage.n + k]!.system;
      const next: Branch = { ...b, path: [...b.path, k], fields: { ...b.fields }, calls: { ...b.calls }, teachers: { ...b.teachers }, verdicts: [...b.verdicts], system: system ?? b.system };
      if (!a.ok) continue; // a failed call stops the wave (the runner), nothing of it is stored
      next.calls[stage.name] = a.callId;
      next.teachers[stage.name] = stage.teacher ?? 'default';
      next.verdicts.push(...chatFormatVerdicts(a.edits, undefined, stage.name), ...a.checks);
      Object.assign(next.fields, a.value.fields);
      const format: Verdict = a.value.ok
        ? { filter: `output-format:${stage.name}`, passed: true }
        : { filter: `output-format:${stage.name}`, passed: false, detail: { error: a.value.error, output: stage.output.type } };
      next.verdicts.push(format);
      if (!a.value.ok) reject(next, stage.name, format.filter);
      else applyLocalFilters(stage, next, pool, dups);
      out.push(next);
    }
  });
  await applyJudges(actx, wave, p, out.filter((b) => !b.rejected));
  return out;
}

function applyLocalFilters(stage: CustomStage, b: Branch, pool: NoveltyPool | undefined, dups: Map<string, Set<string>>): void {
  for (const f of stage.filters) {
    if (b.rejected) return;
    if (f.type === 'judge') continue;
    if (f.type === 'rouge') {
      const text = fieldText(b.fields[f.field]);
      const found = pool!.verdict(text);
      const v: Verdict = { ...found, detail: { ...(found.detail as object), field: f.field } };
      b.verdicts.push(v);
      if (!v.passed) reject(b, stage.name, v.filter);
      else b.poolId = pool!.addPending(text);
      continue;
    }
    const seen = f.type === 'duplicate' ? dups.get(`duplicate:${f.field}`) : undefined;
    const v = localVerdict(f as LocalFilter, b.fields, seen);
    b.verdicts.push(v);
    if (!v.passed) reject(b, stage.name, v.filter);
    else if (seen) seen.add(duplicateKey(fieldText(b.fields[f.field])));
  }
}

async function applyJudges(actx: AskContext, wave: number, p: Prepared, live: Branch[]): Promise<void> {
  for (const [j, template] of p.judges) {
    const f = p.stage.filters[j]!;
    if (f.type !== 'judge') continue;
    const targets = live.filter((b) => !b.rejected);
    const name = filterName(f, p.stage.name);
    const results = await runJudge(actx, name, wave, targets.map((b) => ({
      instruction: fieldText(b.fields[f.instruction]),
      input: f.input ? fieldText(b.fields[f.input]) : '',
      output: fieldText(b.fields[f.output]),
    })), { template, sampling: f.sampling, minScore: f.min_score, filter: name });
    targets.forEach((b, i) => {
      const r = results[i]!;
      b.verdicts.push(r.verdict);
      b.calls[name] = r.callId;
      if (!r.passed) reject(b, p.stage.name, name);
    });
  }
}

function toSample(config: CustomConfig, b: Branch): WaveSample {
  const reason = b.rejected?.reason ?? firstFailure(b.verdicts) ?? null;
  const mapped = mapOutput(config.params.output, { ...b.fields, system: b.system ?? '' });
  // Which novelty and duplicate filters it passed: a resumed run remembers its text for them.
  const remembered = b.verdicts.filter((v) => v.passed && (v.filter === 'rouge-l' || v.filter.startsWith('duplicate:'))).map((v) => v.filter);
  const meta = { fields: b.fields, remembered, calls: b.calls, teachers: b.teachers, system: b.system ?? null, branch: b.path.join('.'), ...(b.rejected ? { stopped_at: b.rejected.stage } : {}), columns: mapped.columns };
  const last = Object.values(b.calls).at(-1) ?? null;
  return {
    kind: CUSTOM_KIND,
    stage: b.rejected?.stage ?? config.params.stages[config.params.stages.length - 1]!.name,
    instruction: mapped.instruction,
    input: mapped.input,
    output: mapped.output,
    messages: mapped.messages,
    status: reason ? 'rejected' : 'accepted',
    reason,
    contentHash: hashJson([b.source.id, b.path, mapped.instruction, mapped.output, mapped.messages ?? null]),
    callId: last,
    verdicts: b.verdicts,
    meta,
    parents: [{ parentId: b.source.id, relation: 'input-row' }],
    poolId: b.poolId,
  };
}
