import type { RunContext } from '../../engine/context.js';
import { defineRecipe } from '../../engine/recipe.js';
import { AheadGuess } from '../../engine/ahead.js';
import { WaveRefs } from '../../engine/wave-refs.js';
import { askEach } from '../../engine/stage.js';
import { MAX_IDLE_WAVES, runWaves, type WaveSample } from '../../engine/wave-runner.js';
import { firstFailure } from '../../filters/heuristics.js';
import { loadTemplate } from '../../prompts/template.js';
import type { Verdict } from '../../store/samples.js';
import { hashJson } from '../../util/hash.js';
import { queryVerdicts, responseVerdict } from './filters.js';
import { magpieManifest } from './manifest.js';
import type { MagpieConfig } from './params.js';
import { queryKey } from './parse.js';
import { answerQuery, drawQuery, type MagpieTemplate } from './stages.js';

type Ctx = RunContext<MagpieConfig>;

export const MAGPIE_KIND = magpieManifest.mainKind;

export function magpieTemplate(ctx: Pick<Ctx, 'config' | 'root'>): MagpieTemplate {
  const t = ctx.config.params.template;
  return { preQuery: loadTemplate(t.pre_query, ctx.root).text, postQuery: t.post_query, specials: t.special_tokens };
}

/**
 * Magpie (methods.md section 5) in waves: `wave_size` draws of the bare pre-query template (each its
 * own journaled request with its own draw index), each query read and filtered in draw order
 * (length, ":" ending, duplicate of an earlier query in the run), then one greedy response call per
 * query that passed. Every draw is stored: the query as an `instruction` row (its call, its
 * verdicts), and for a passing query a `magpie` row with the response, linked `answer-of` to it.
 */
export const magpie = defineRecipe<MagpieConfig>({
  manifest: magpieManifest,
  stages: [drawQuery, answerQuery],
  async run(ctx) {
    const { store, run, config } = ctx;
    const p = config.params;
    const template = magpieTemplate(ctx);
    // Query keys that passed, by sample id (stored) or stand-in (decided by a wave not yet stored).
    const seen = new Map<string, number>();
    const refs = new WaveRefs();
    // Every query that passed its filters in an earlier wave (accepted ones: rejected queries never get an answer).
    for (const s of store.samples.list(run.id, 'instruction', 'accepted').sort((a, b) => a.id - b.id)) if (!seen.has(queryKey(s.instruction))) seen.set(queryKey(s.instruction), s.id);
    let accepted = store.samples.list(run.id, MAGPIE_KIND, 'accepted').length;
    const guess = new AheadGuess(config.target, p.wave_size, store.waves.last(run.id)?.wave ?? 0);

    return runWaves(ctx, {
      stall: { waves: MAX_IDLE_WAVES, what: 'query' },
      // Not yet when the waves in flight look enough: the runner asks again once they are stored.
      next: (wave) =>
        accepted < config.target && !guess.enough(wave, accepted)
          ? { stage: drawQuery.name, accepted, target: config.target }
          : { done: { status: 'completed', detail: `${accepted} conversations accepted (target ${config.target})` } },
      depth: p.wave_depth,
      // The draws read nothing of earlier waves (the bare template), so they go out ahead of their turn.
      start(wave, _asOf, ahead) {
        if (ahead && guess.enough(wave, accepted)) return undefined;
        const draws = askEach(ctx, wave, drawQuery, Array.from({ length: p.wave_size }, () => ({ template })), { sampling: p.instruction });
        draws.catch(() => {}); // a wave started ahead may never be run; `run` awaits it and sees any rejection
        return draws;
      },
      async run(wave, started, decided) {
        const draws = await started;
        const rows: WaveSample[] = [];
        const passed: { ref: number; query: string; verdicts: Verdict[] }[] = [];
        draws.forEach((d, i) => {
          if (!d.ok) return;
          const v = d.value;
          const verdicts: Verdict[] = [...d.checks, { filter: v.ok ? 'turn' : v.reason, passed: v.ok, detail: v.ok && v.cut ? { cut_at_special_token: true } : undefined }];
          if (v.ok) verdicts.push(...queryVerdicts(v.text, { minWords: p.min_words, maxWords: p.max_words, dropColonEndings: p.drop_colon_endings }, seen));
          const reason = firstFailure(verdicts);
          const ref = rows.length;
          rows.push({
            kind: 'instruction', stage: drawQuery.name, instruction: v.text, status: reason ? 'rejected' : 'accepted', reason: reason ?? null,
            contentHash: hashJson([v.text]), callId: d.callId, verdicts, meta: { draw: i, query_passed: !reason },
          });
          if (!reason) {
            // Seen by this wave's later draws and by the next waves at once (they may decide before this one is stored).
            seen.set(queryKey(v.text), refs.ref(wave, ref));
            passed.push({ ref, query: v.text, verdicts });
          }
        });
        decided(); // later waves' duplicates depend only on the queries that passed here
        const answers = await askEach(ctx, wave, answerQuery, passed.map((q) => ({ template, query: q.query })), { sampling: p.response });
        answers.forEach((a, j) => {
          const q = passed[j]!;
          if (!a.ok) return;
          const v = a.value;
          const verdicts: Verdict[] = [...a.checks, { filter: v.ok ? 'turn' : v.reason, passed: v.ok }];
          if (v.ok) verdicts.push(responseVerdict(v.text, p.min_response_words));
          const reason = firstFailure(verdicts);
          rows.push({
            kind: MAGPIE_KIND, stage: answerQuery.name, instruction: q.query, input: '', output: v.text,
            status: reason ? 'rejected' : 'accepted', reason: reason ?? null, contentHash: hashJson([q.query, v.text]), callId: a.callId,
            verdicts, parents: [{ ref: q.ref, relation: 'answer-of' }],
          });
        });
        const waveAccepted = rows.filter((r) => r.kind === MAGPIE_KIND && r.status === 'accepted').length;
        const rejected: Record<string, number> = {};
        for (const r of rows) if (r.reason) rejected[r.reason] = (rejected[r.reason] ?? 0) + 1;
        return {
          stage: drawQuery.name, samples: rows, accepted: waveAccepted,
          state: { draws: p.wave_size, queries: passed.length, accepted: waveAccepted, rejected },
          // The duplicate verdict names the first row's id once it is stored.
          resolveVerdict: (verdict: Verdict, ids: readonly number[]) => {
            const first = (verdict.detail as { first_sample?: number } | undefined)?.first_sample;
            return first !== undefined && first < 0 ? { ...verdict, detail: { first_sample: refs.resolve(first, wave, ids) } } : verdict;
          },
        };
      },
      stored: (output, ids, wave) => {
        guess.stored(wave, output.accepted);
        accepted += output.accepted;
        refs.stored(wave, ids); // the stand-ins `seen` holds for this wave's queries now have ids
      },
    });
  },
});
