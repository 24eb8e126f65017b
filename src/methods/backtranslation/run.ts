import type { BacktranslationConfig } from './params.js';
import { CorpusError, ingestCorpus } from '../../corpus/ingest.js';
import { passageHash } from '../../corpus/dedup.js';
import type { RunContext, RunOutcome } from '../../engine/context.js';
import { checkJudgeTemplate, prepareJudge, runJudge, type JudgeItem, type JudgeSpec } from '../../engine/judge-stage.js';
import { buildRequest } from '../../engine/requests.js';
import { stepRng, type Rng } from '../../engine/rng.js';
import { ensureSeedSamples } from '../../engine/seeds.js';
import { firstFailure } from '../../filters/heuristics.js';
import { loadTemplate, requirePlaceholders, type Template } from '../../prompts/template.js';
import type { SampleRow, Verdict } from '../../store/samples.js';
import { hashJson } from '../../util/hash.js';
import { wordCount } from '../../util/text.js';
import { instructionVerdicts, parseBacktranslatedInstruction } from './parse.js';
import { augmentPrompt } from './prompts.js';

type Ctx = RunContext<BacktranslationConfig>;

/**
 * The stages of a run, in order. Each wave stores its stage and the id of the last item it
 * handled (`through`), so a resumed run starts right after the last completed wave.
 */
const STAGE_ORDER = ['seed', 'ingest', 'self-augment', 'curate-iter1', 'curate-iter2', 'judge'] as const;
type Stage = (typeof STAGE_ORDER)[number];

interface Templates {
  augment: Template;
  curate: Template;
  curateDemos: Template;
}

/** What a pair's meta records as it goes through curation. */
interface PairMeta {
  passage_id: number;
  candidate: boolean;
  judge?: Record<string, { score: number | null; passed: boolean; call_id: number }>;
}

interface Pair {
  row: SampleRow;
  meta: PairMeta;
}

export function loadBacktranslationTemplates(ctx: Pick<Ctx, 'config' | 'root'>): Templates {
  const paths = ctx.config.params.prompts;
  const t: Templates = {
    augment: loadTemplate(paths.self_augment, ctx.root),
    curate: loadTemplate(paths.curate, ctx.root),
    curateDemos: loadTemplate(paths.curate_demos, ctx.root),
  };
  requirePlaceholders(t.augment, ['demos', 'passage']);
  checkJudgeTemplate(t.curate, { demos: false });
  checkJudgeTemplate(t.curateDemos, { demos: true });
  return t;
}

/**
 * Instruction backtranslation with self-curation (methods.md section 4), in waves:
 * 1. ingest: the corpus is read once, cut into passages, filtered and deduplicated, and every
 *    passage (kept or not) stored as a `passage` sample with its file and offset;
 * 2. self-augment: per wave of passages, the teacher writes the instruction each passage answers,
 *    from a few-shot prompt of seed pairs turned around; each answer is a `pair` sample
 *    (instruction, output = passage) linked `backtranslated-from` its passage;
 * 3. curate-iter1: the 5-point rubric judge scores every candidate pair (`judge-iter1` verdicts);
 * 4. curate-iter2: every candidate is scored again, the judge shown pairs kept in iteration 1 as
 *    rated demonstrations (`judge-iter2`); the last iteration decides: kept when score >= min_score;
 * 5. judge (only with `judge.enabled`): the common judge stage on the kept pairs.
 * Each wave's answers and everything derived from them are stored in one transaction with the
 * wave's completion mark; demos are drawn with a generator seeded by the item's content.
 */
export async function runBacktranslation(ctx: Ctx): Promise<RunOutcome> {
  const { store, run, config } = ctx;
  const p = config.params;
  const templates = loadBacktranslationTemplates(ctx);
  const judge = prepareJudge(ctx);
  const seeds = ensureSeedSamples(ctx);
  const demoPool = seeds.filter((s) => s.input.trim() === '' && wordCount(s.output) >= p.demo_min_words);
  if (p.demos > 0 && demoPool.length === 0) {
    return { status: 'failed', detail: `no seed task can serve as a self-augmentation demo (empty input and an output of at least ${p.demo_min_words} words) in ${config.seeds.path}` };
  }

  let last = store.waves.last(run.id);
  let wave = (last?.wave ?? 0) + 1;
  const kept = () => store.samples.count(run.id, 'pair', 'accepted');
  // Progress shows pairs kept against passages taken (the passage cap `target` until ingestion is done).
  let of = config.target;
  const report = (stage: string) => ctx.progress.wave({ wave, accepted: kept(), target: of, stage });

  // 1. Ingest.
  if (!last || STAGE_ORDER.indexOf(last.stage as Stage) < STAGE_ORDER.indexOf('ingest')) {
    report('ingest');
    await ingestWave(ctx, wave);
    wave++;
    last = store.waves.last(run.id);
  }

  // 2. Self-augmentation, a wave per batch of passages.
  const passages = store.samples.list(run.id, 'passage', 'accepted');
  of = passages.length;
  let start = firstAfter(passages, after(last, 'self-augment'));
  while (start < passages.length) {
    const batch = passages.slice(start, start + p.wave_size);
    report('self-augment');
    await augmentWave(ctx, templates, wave, batch, demoPool);
    start += batch.length;
    wave++;
  }

  // 3-5. Curation passes over the candidates (then the common judge over the kept pairs).
  const passes: Pass[] = [{ stage: 'curate-iter1', filter: 'judge-iter1', iteration: 1, final: p.iterations === 1 }];
  if (p.iterations === 2) passes.push({ stage: 'curate-iter2', filter: 'judge-iter2', iteration: 2, final: true });
  const curateSpec = (filter: string): JudgeSpec => ({ template: templates.curate, demosTemplate: templates.curateDemos, sampling: p.curate, minScore: p.min_score, filter });
  for (const pass of passes) {
    const candidates = allPairs(ctx).filter((x) => x.meta.candidate);
    const demos = pass.iteration === 2 ? candidates.filter((x) => x.meta.judge?.iter1?.passed === true) : [];
    let i = firstAfter(candidates.map((c) => c.row), after(store.waves.last(run.id), pass.stage));
    while (i < candidates.length) {
      const batch = candidates.slice(i, i + p.wave_size);
      report(pass.stage);
      await curateWave(ctx, pass, curateSpec(pass.filter), wave, batch, demos);
      i += batch.length;
      wave++;
    }
  }
  if (judge) {
    const accepted = allPairs(ctx).filter((x) => x.row.status === 'accepted');
    let i = firstAfter(accepted.map((c) => c.row), after(store.waves.last(run.id), 'judge'));
    while (i < accepted.length) {
      const batch = accepted.slice(i, i + p.wave_size);
      report('judge');
      await curateWave(ctx, { stage: 'judge', filter: 'judge', iteration: 0, final: true }, judge, wave, batch, []);
      i += batch.length;
      wave++;
    }
  }

  report('done');
  return { status: 'completed', detail: outcomeDetail(ctx, judge !== undefined) };
}

/** Where a stage resumes: 0 before it started, the last id handled while in it, Infinity once past it. */
function after(last: { stage: string; state: unknown } | undefined, stage: Stage): number {
  if (!last) return 0;
  const at = STAGE_ORDER.indexOf(last.stage as Stage);
  const want = STAGE_ORDER.indexOf(stage);
  if (at > want) return Infinity;
  if (at < want) return 0;
  const through = (last.state as { through?: number } | undefined)?.through;
  return typeof through === 'number' ? through : Infinity;
}

/** Index of the first row with an id above `id` (rows in id order). */
function firstAfter(rows: readonly SampleRow[], id: number): number {
  if (id === Infinity) return rows.length;
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid]!.id <= id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function allPairs(ctx: Ctx): Pair[] {
  const { store, run } = ctx;
  return (['pending', 'accepted', 'rejected'] as const)
    .flatMap((status) => store.samples.list(run.id, 'pair', status))
    .sort((a, b) => a.id - b.id)
    .map((row) => ({ row, meta: JSON.parse(row.meta_json ?? '{}') as PairMeta }));
}

async function ingestWave(ctx: Ctx, wave: number): Promise<void> {
  const { store, run, config } = ctx;
  const c = config.params.corpus;
  const result = await ingestCorpus(
    {
      paths: c.paths,
      textField: c.text_field,
      idField: c.id_field,
      minChars: c.min_chars,
      maxChars: c.max_chars,
      minLineChars: c.min_line_chars,
      nearDupThreshold: c.near_dup_threshold,
      onInvalidUtf8: c.on_invalid_utf8,
      limit: config.target,
    },
    ctx.root,
  );
  if (result.accepted === 0) {
    const where = c.paths.join(', ');
    if (result.files.length === 0) throw new CorpusError(where, undefined, 'params.corpus.paths', 'no corpus file (.txt, .md, .markdown, .jsonl) found');
    const reasons = countBy(result.passages.map((x) => x.reason ?? 'accepted'));
    throw new CorpusError(
      where,
      undefined,
      'params.corpus.paths',
      `no usable passage of ${c.min_chars} to ${c.max_chars} characters in ${result.files.length} file(s)` +
        (result.passages.length ? ` (${result.passages.length} rejected: ${Object.entries(reasons).map(([r, n]) => `${r} ${n}`).join(', ')})` : ''),
    );
  }
  store.transaction(() => {
    const ids: number[] = [];
    const resolve = (v: Verdict): Verdict => {
      const d = v.detail as { duplicate_of?: number } | undefined;
      return d && typeof d.duplicate_of === 'number' ? { ...v, detail: { ...d, duplicate_of: ids[d.duplicate_of] } } : v;
    };
    result.passages.forEach((x, i) => {
      ids[i] = store.samples.insert({
        runId: run.id,
        kind: 'passage',
        stage: 'ingest',
        wave,
        output: x.text,
        status: x.status,
        reason: x.reason ?? null,
        contentHash: passageHash(x.text),
        verdicts: x.verdicts.map(resolve),
        meta: x.meta as unknown as Record<string, unknown>,
        parents: x.duplicateOf !== undefined ? [{ parentId: ids[x.duplicateOf]!, relation: 'duplicate-of' }] : undefined,
      });
    });
    store.waves.markDone(run.id, wave, 'ingest', {
      accepted: result.accepted,
      rejected: result.passages.length - result.accepted,
      reached_limit: result.reachedLimit,
      files: result.files,
    });
  });
}

async function augmentWave(ctx: Ctx, t: Templates, wave: number, batch: SampleRow[], demoPool: SampleRow[]): Promise<void> {
  const { store, run, config, journal } = ctx;
  const p = config.params;
  const prompts = batch.map((passage) => {
    const rng = stepRng(config.seed, 'augment-demos', passage.content_hash);
    const demos = rng.sample(demoPool, p.demos);
    return { demos, text: augmentPrompt(t.augment, demos, passage.output) };
  });
  const outcomes = await journal.callAll(
    journal.prepare('self-augment', wave, prompts.map((pr) => buildRequest(config.teacher, journal.model, pr.text, p.augment))),
  );
  store.transaction(() => {
    let candidates = 0;
    batch.forEach((passage, i) => {
      const o = outcomes[i]!;
      let instruction = '';
      let verdicts: Verdict[];
      if (o.ok) {
        instruction = parseBacktranslatedInstruction(o.text);
        verdicts = instructionVerdicts(instruction, o.finishReason, { min: p.instruction_min_chars, max: p.instruction_max_chars });
      } else {
        verdicts = [{ filter: 'augment-call', passed: false, detail: { error: o.error } }];
      }
      const reason = firstFailure(verdicts);
      if (!reason) candidates++;
      store.samples.insert({
        runId: run.id,
        kind: 'pair',
        stage: 'self-augment',
        wave,
        instruction,
        output: passage.output,
        status: reason ? 'rejected' : 'pending',
        reason: reason ?? null,
        contentHash: hashJson([instruction, '', passage.output]),
        callId: o.callId,
        verdicts,
        meta: { passage_id: passage.id, candidate: !reason } satisfies PairMeta,
        parents: [
          { parentId: passage.id, relation: 'backtranslated-from', position: 0 },
          ...prompts[i]!.demos.map((d, j) => ({ parentId: d.id, relation: 'demo-in-prompt', position: j })),
        ],
      });
    });
    store.waves.markDone(run.id, wave, 'self-augment', { through: batch[batch.length - 1]!.id, pairs: batch.length, candidates });
  });
}

interface Pass {
  stage: Stage;
  /** The verdict's filter name, and the rejection reason when the pass decides. */
  filter: string;
  /** 1 or 2 for the curation iterations (2 shows demos), 0 for the common judge. */
  iteration: number;
  /** This pass sets the final status. */
  final: boolean;
}

async function curateWave(ctx: Ctx, pass: Pass, spec: JudgeSpec, wave: number, batch: Pair[], demoPool: Pair[]): Promise<void> {
  const { store, run, config } = ctx;
  const p = config.params;
  const poolIndex = new Map(demoPool.map((d, i) => [d.row.id, i]));
  const items: JudgeItem[] = batch.map((pair) => {
    if (pass.iteration !== 2 || p.curation_demos === 0 || demoPool.length === 0) {
      return { instruction: pair.row.instruction, output: pair.row.output, detail: { iteration: pass.iteration } };
    }
    const rng = stepRng(config.seed, 'curate-demos', pair.row.content_hash);
    const demos = drawDistinct(rng, demoPool, p.curation_demos, poolIndex.get(pair.row.id) ?? -1);
    return {
      instruction: pair.row.instruction,
      output: pair.row.output,
      demos: demos.map((d) => ({ instruction: d.row.instruction, output: d.row.output, score: d.meta.judge?.iter1?.score ?? p.min_score })),
      detail: { iteration: pass.iteration, demo_ids: demos.map((d) => d.row.id) },
    };
  });
  const results = await runJudge(ctx, pass.stage, wave, items, spec);
  const key = pass.iteration > 0 ? `iter${pass.iteration}` : 'judge';
  store.transaction(() => {
    let passed = 0;
    batch.forEach((pair, i) => {
      const r = results[i]!;
      if (r.passed) passed++;
      store.samples.addVerdict(pair.row.id, r.verdict);
      store.samples.mergeMeta(pair.row.id, { judge: { [key]: { score: r.score, passed: r.passed, call_id: r.callId } } });
      if (pass.final) store.samples.setStatus(pair.row.id, r.passed ? 'accepted' : 'rejected', r.passed ? null : pass.filter);
    });
    store.waves.markDone(run.id, wave, pass.stage, { through: batch[batch.length - 1]!.row.id, judged: batch.length, passed });
  });
}

/** k distinct items drawn with `rng`, never the one at `exclude` (the pair being judged). */
function drawDistinct<T>(rng: Rng, items: readonly T[], k: number, exclude: number): T[] {
  const want = Math.min(k, items.length - (exclude >= 0 ? 1 : 0));
  const taken = new Set<number>();
  const out: T[] = [];
  while (out.length < want) {
    const j = rng.int(0, items.length - 1);
    if (j === exclude || taken.has(j)) continue;
    taken.add(j);
    out.push(items[j]!);
  }
  return out;
}

function countBy(keys: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
}

function outcomeDetail(ctx: Ctx, judged: boolean): string {
  const { store, run, config } = ctx;
  const p = config.params;
  const passages = store.samples.count(run.id, 'passage', 'accepted');
  const pairs = allPairs(ctx);
  const candidates = pairs.filter((x) => x.meta.candidate).length;
  const kept = pairs.filter((x) => x.row.status === 'accepted').length;
  const skipped = store.samples.list(run.id, 'passage', 'rejected').filter((x) => x.reason === 'invalid-utf8');
  const files = skipped.map((x) => (JSON.parse(x.meta_json ?? '{}') as { file?: string }).file).join(', ');
  return (
    `${kept} pairs kept (score >= ${p.min_score} in curation iteration ${p.iterations}${judged ? ', then the judge' : ''}) ` +
    `of ${candidates} candidates from ${passages} passages` +
    (skipped.length ? `; ${skipped.length} corpus file(s) skipped as not UTF-8: ${files}` : '')
  );
}
