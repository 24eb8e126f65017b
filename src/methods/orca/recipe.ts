import { z } from 'zod';
import { chatFormatVerdicts } from '../../chat/edits.js';
import type { RunContext } from '../../engine/context.js';
import { AheadGuess } from '../../engine/ahead.js';
import { defineRecipe } from '../../engine/recipe.js';
import { askEach, checkStageTemplate, type Answer } from '../../engine/stage.js';
import { runWaves, type WaveSample } from '../../engine/wave-runner.js';
import { firstFailure } from '../../filters/heuristics.js';
import { loadTemplate } from '../../prompts/template.js';
import type { SampleRow, Verdict } from '../../store/samples.js';
import { hashJson } from '../../util/hash.js';
import { wordCount } from '../../util/text.js';
import { drawSystemKind } from './draw.js';
import { orcaManifest } from './manifest.js';
import type { OrcaConfig, OrcaParams } from './params.js';
import { chosenOption } from './parse.js';
import { queryText } from './prompts.js';
import { ensureQuerySamples, QueryMetaSchema } from './queries.js';
import { answerStage, orcaStages } from './stages.js';
import type { SystemKind } from './system-messages.js';

type Ctx = RunContext<OrcaConfig>;

export const EXPLANATION_KIND = orcaManifest.mainKind;
export const ORCA_STAGE = 'answer';

const StateSchema = z.looseObject({ next: z.number().int().nonnegative() });

export interface Row {
  query: SampleRow;
  n: number;
  text: string;
  options: string[] | undefined;
  kind: SystemKind;
}

export function rowOf(query: SampleRow, n: number, seed: number, p: OrcaParams): Row {
  const meta = QueryMetaSchema.parse(JSON.parse(query.meta_json ?? '{}'));
  const options = meta.options;
  const kind = drawSystemKind(seed, n, meta.collection, options !== undefined, p.system_kinds);
  return { query, n, text: queryText(query.instruction, query.input, options), options, kind };
}

/** The stored sample of one answered query: the conversation as the student will see it, and the teacher's system message. */
export function explanationSample(r: Row, answer: Answer<string>, p: OrcaParams): WaveSample {
  const teacherSystem = r.kind.text;
  const studentSystem = p.prompt_erasing ? p.erased_system : teacherSystem;
  const out = answer.ok ? answer.value : '';
  const verdicts: Verdict[] = [];
  if (!answer.ok) verdicts.push({ filter: 'call', passed: false, detail: { error: answer.error } });
  else {
    verdicts.push(...chatFormatVerdicts(answer.edits, undefined, ORCA_STAGE), ...answer.checks);
    verdicts.push({ filter: 'complete', passed: answer.finishReason !== 'length', detail: { finish_reason: answer.finishReason } });
    if (p.min_words > 0) verdicts.push({ filter: 'min-words', passed: wordCount(out) >= p.min_words, score: wordCount(out) });
  }
  const reason = firstFailure(verdicts);
  const chosen = r.options && out ? chosenOption(out, r.options) : null;
  const messages = [...(studentSystem ? [{ role: 'system', content: studentSystem }] : []), { role: 'user', content: r.text }, { role: 'assistant', content: out }];
  return {
    kind: EXPLANATION_KIND,
    stage: ORCA_STAGE,
    instruction: r.text,
    output: out,
    messages,
    status: reason ? 'rejected' : 'accepted',
    reason: reason ?? null,
    contentHash: hashJson([r.text, teacherSystem, studentSystem, out]),
    callId: answer.callId,
    verdicts,
    meta: {
      query: r.n,
      system_kind: r.kind.id,
      system_kind_name: r.kind.name,
      teacher_system: teacherSystem,
      prompt_erased: p.prompt_erasing,
      ...(r.options ? { options: r.options, chosen_option: chosen } : {}),
    },
    parents: [{ parentId: r.query.id, relation: 'answer-of' }],
  };
}

/**
 * Orca explanation tuning (recipes-more.md). Queries are taken in file order, `wave_size` per wave;
 * each gets a system-message kind drawn from its own seeded stream (its collection's set, the
 * multiple-choice kinds only for multiple-choice rows) and one answer. The stored conversation
 * carries the system message the student trains on: the teacher's, or with Orca 2's prompt
 * erasing the generic one (the teacher's stays in the meta for the audit).
 */
export const orca = defineRecipe<OrcaConfig>({
  manifest: orcaManifest,
  stages: orcaStages,
  async run(ctx: Ctx) {
    const { store, run, config } = ctx;
    const p = config.params;
    const template = checkStageTemplate(answerStage, loadTemplate(p.prompts.query, ctx.root));
    const queries = ensureQuerySamples(ctx, p.queries);
    if (queries.length === 0) return { status: 'failed', detail: 'no queries to answer' };
    let accepted = store.samples.list(run.id, EXPLANATION_KIND, 'accepted').length;
    const last = store.waves.last(run.id);
    // The first query this session answers: after those of the last stored wave.
    let next0 = 0;
    if (last && last.wave > 0) {
      const s = StateSchema.safeParse(last.state);
      if (!s.success) throw new Error(`the stored state of wave ${last.wave} is not an orca state`);
      next0 = s.data.next;
    }
    // This session's first wave: wave k answers the wave_size queries after those of the waves before it.
    const wave0 = (last?.wave ?? 0) + 1;
    const guess = new AheadGuess(config.target, p.wave_size, wave0 - 1);
    const rowsOf = (wave: number): Row[] => {
      const from = next0 + (wave - wave0) * p.wave_size;
      const to = Math.min(from + p.wave_size, queries.length);
      return Array.from({ length: Math.max(0, to - from) }, (_, i) => rowOf(queries[from + i]!, from + i, config.seed, p));
    };

    return runWaves(ctx, {
      // Done also when the waves in flight look enough or answer the rest of the file: the runner asks again once they are stored.
      next(wave) {
        if (accepted >= config.target || guess.enough(wave, accepted)) return { done: { status: 'completed', detail: `${accepted} explained answers accepted (target ${config.target})` } };
        if (rowsOf(wave).length > 0) return { stage: ORCA_STAGE, accepted, target: config.target };
        return { done: { status: 'completed', detail: `all ${queries.length} queries answered: ${accepted} accepted of target ${config.target} (add queries to go on)` } };
      },
      depth: p.wave_depth,
      // A wave's queries are the next slice of the file: they read nothing of earlier waves and go out ahead of their turn.
      start(wave, _asOf, ahead) {
        if (ahead && guess.enough(wave, accepted)) return undefined;
        const rows = rowsOf(wave);
        const answers = askEach(ctx, wave, answerStage, rows.map((r) => ({ query: r.text, system: r.kind.text })), { template, sampling: p.answer });
        answers.catch(() => {}); // a wave started ahead may never be run; `run` awaits it and sees any rejection
        return { rows, answers };
      },
      async run(_wave, started, decided) {
        const { rows } = started;
        const answers = await started.answers;
        decided();
        const samples = rows.map((r, i) => explanationSample(r, answers[i]!, p));
        const added = samples.filter((s) => s.status === 'accepted').length;
        const end = rows.length > 0 ? rows.at(-1)!.n + 1 : queries.length;
        return { stage: ORCA_STAGE, samples, accepted: added, state: { next: end, answered: samples.length, accepted: added } };
      },
      stored(output, _ids, wave) {
        guess.stored(wave, output.accepted);
        accepted += output.accepted;
      },
    });
  },
});
