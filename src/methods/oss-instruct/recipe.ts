import { chatFormatVerdicts } from '../../chat/edits.js';
import type { RunContext } from '../../engine/context.js';
import { AheadGuess } from '../../engine/ahead.js';
import { WaveRefs } from '../../engine/wave-refs.js';
import { defineRecipe } from '../../engine/recipe.js';
import { stepRng } from '../../engine/rng.js';
import { askEach, checkStageTemplate } from '../../engine/stage.js';
import { MAX_IDLE_WAVES, runWaves, type WaveSample } from '../../engine/wave-runner.js';
import { firstFailure } from '../../filters/heuristics.js';
import { loadTemplate } from '../../prompts/template.js';
import type { Verdict } from '../../store/samples.js';
import { hashJson } from '../../util/hash.js';
import { benchmarkIndex, contaminationVerdict, copiedCodeVerdict, duplicateVerdict, emptySeen, type Seen } from './clean.js';
import { loadBenchmarks, loadCorpus } from './corpus.js';
import { ossInstructManifest } from './manifest.js';
import type { OssInstructConfig } from './params.js';
import { squash } from './parse.js';
import { pickSnippet } from './snippets.js';
import { writeProblem } from './stages.js';

type Ctx = RunContext<OssInstructConfig>;
export const OSS_KIND = ossInstructManifest.mainKind;

function remember(seen: Seen, id: number, seed: string, problem: string, solution: string): void {
  for (const [k, v] of [['seed', seed], ['problem', problem], ['solution', solution]] as const) if (!seen[k].has(squash(v))) seen[k].set(squash(v), id);
}

/**
 * OSS-Instruct (recipes-more.md, Magicoder) in waves over the corpus: documents in a seeded order,
 * one snippet each (1-15 consecutive lines from a random start), one greedy call per snippet. Each
 * answer is parsed with the reference's drops, then cleaned in document order (duplicates against
 * every accepted sample, code copied from the problem) and decontaminated. The run ends at the
 * target or when the corpus is used up.
 */
export const ossInstruct = defineRecipe<OssInstructConfig>({
  manifest: ossInstructManifest,
  stages: [writeProblem],
  async run(ctx: Ctx) {
    const { store, run, config } = ctx;
    const p = config.params;
    const template = checkStageTemplate(writeProblem, loadTemplate(p.prompts.problem, ctx.root));
    const system = loadTemplate(p.prompts.system, ctx.root).text;
    const docs = stepRng(config.seed, 'corpus-order').shuffle(loadCorpus(p.corpus, p.jsonl_field, ctx.root));
    const index = benchmarkIndex(loadBenchmarks(p.decontaminate, ctx.root), p.decontaminate_min_chars);
    if (docs.length === 0) return { status: 'failed', detail: 'the corpus holds no document' };
    const seen = emptySeen();
    const refs = new WaveRefs();
    for (const s of store.samples.list(run.id, OSS_KIND, 'accepted').sort((a, b) => a.id - b.id)) {
      remember(seen, s.id, (JSON.parse(s.meta_json ?? '{}') as { seed?: string }).seed ?? '', s.instruction, s.output);
    }
    let accepted = store.samples.list(run.id, OSS_KIND, 'accepted').length;
    // This session's first wave and the documents used before it: wave k takes the next wave_size after those.
    const wave0 = (store.waves.last(run.id)?.wave ?? 0) + 1;
    const used0 = store.samples.list(run.id, 'snippet', 'accepted').length;
    const guess = new AheadGuess(config.target, p.wave_size, wave0 - 1);
    const firstDoc = (wave: number) => used0 + (wave - wave0) * p.wave_size;

    return runWaves(ctx, {
      stall: { waves: MAX_IDLE_WAVES, what: 'problem' },
      // Done also when the waves in flight look enough or take the rest of the corpus: the runner asks again once they are stored.
      next: (wave) =>
        accepted >= config.target || guess.enough(wave, accepted)
          ? { done: { status: 'completed', detail: `${accepted} problems accepted (target ${config.target})` } }
          : firstDoc(wave) >= docs.length
            ? { done: { status: 'completed', detail: `${accepted} problems accepted; the corpus (${docs.length} documents) is used up before the target ${config.target}` } }
            : { stage: writeProblem.name, accepted, target: config.target },
      depth: p.wave_depth,
      // Each wave takes the next wave_size documents, so its snippets read nothing of earlier waves and go out ahead of their turn.
      start(wave, _asOf, ahead) {
        if (ahead && guess.enough(wave, accepted)) return undefined;
        const from = firstDoc(wave);
        const batch = docs.slice(from, from + p.wave_size).map((d, i) => ({ doc: d, ...pickSnippet(d.text, stepRng(config.seed, 'snippet', from + i), p.min_lines, p.max_lines) }));
        const answers = askEach(ctx, wave, writeProblem, batch.map((b) => ({ snippet: b.snippet, system })), { template, sampling: p.generation });
        answers.catch(() => {}); // a wave started ahead may never be run; `run` awaits it and sees any rejection
        return { batch, answers };
      },
      async run(wave, started, decided) {
        const { batch } = started;
        const answers = await started.answers;
        const rows: WaveSample[] = [];
        answers.forEach((a, i) => {
          const b = batch[i]!;
          const ref = rows.length;
          rows.push({ kind: 'snippet', stage: 'seed', instruction: '', input: b.snippet, status: 'accepted', reason: null, contentHash: hashJson([b.doc.source, b.start, b.lines]), meta: { source: b.doc.source, start_line: b.start, lines: b.lines } });
          if (!a.ok) return;
          const v = a.value;
          const verdicts: Verdict[] = [...chatFormatVerdicts(a.edits), ...a.checks, { filter: v.ok ? 'sections' : v.reason, passed: v.ok, detail: v.ok ? undefined : v.detail }];
          const problem = v.ok ? v.problem : '';
          const solution = v.ok ? v.solution : '';
          if (v.ok) {
            verdicts.push(duplicateVerdict(seen, b.snippet, problem, solution), copiedCodeVerdict(problem, solution));
            if (index.length > 0) verdicts.push(contaminationVerdict(index, problem, solution));
          }
          const reason = firstFailure(verdicts);
          // Seen by this wave's later rows and by the next waves at once (they may decide before this one is stored).
          if (!reason) remember(seen, refs.ref(wave, rows.length), b.snippet, problem, solution);
          rows.push({
            kind: OSS_KIND, stage: writeProblem.name, instruction: problem, input: '', output: solution,
            status: reason ? 'rejected' : 'accepted', reason: reason ?? null, contentHash: hashJson([problem, solution]), callId: a.callId, verdicts,
            meta: v.ok ? { source: b.doc.source, seed: b.snippet } : { source: b.doc.source, seed: b.snippet, raw: a.text }, parents: [{ ref, relation: 'inspired-by' }],
          });
        });
        decided();
        const waveAccepted = rows.filter((r) => r.kind === OSS_KIND && r.status === 'accepted').length;
        const rejected: Record<string, number> = {};
        for (const r of rows) if (r.reason) rejected[r.reason] = (rejected[r.reason] ?? 0) + 1;
        return {
          stage: writeProblem.name, samples: rows, accepted: waveAccepted, state: { documents: batch.length, accepted: waveAccepted, rejected },
          resolveVerdict: (verdict: Verdict, ids: readonly number[]) => {
            const d = verdict.detail as { first_sample?: number } | undefined;
            return d?.first_sample !== undefined && d.first_sample < 0 ? { ...verdict, detail: { ...d, first_sample: refs.resolve(d.first_sample, wave, ids) } } : verdict;
          },
        };
      },
      stored: (output, ids, wave) => {
        guess.stored(wave, output.accepted);
        accepted += output.accepted;
        refs.stored(wave, ids); // the stand-ins `seen` holds for this wave's problems now have ids
      },
    });
  },
});
