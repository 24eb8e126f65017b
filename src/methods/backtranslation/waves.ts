/**
 * The bodies of backtranslation's waves: each makes its calls and returns what the wave runner
 * stores in the wave's one transaction (new samples, updates of earlier ones, the wave's state);
 * and the run's final detail.
 */
import { chatFormatVerdicts } from '../../chat/edits.js';
import { CorpusError, streamCorpus, type CorpusStream, type IngestedPassage } from '../../corpus/ingest.js';
import { passageHash } from '../../corpus/dedup.js';
import type { RunContext } from '../../engine/context.js';
import { runJudge, type JudgeItem, type JudgeSpec } from '../../engine/judge-stage.js';
import { stepRng, type Rng } from '../../engine/rng.js';
import { askEach } from '../../engine/stage.js';
import type { SampleUpdate, WaveOutput, WaveSample } from '../../engine/wave-runner.js';
import { firstFailure } from '../../filters/heuristics.js';
import type { Template } from '../../prompts/template.js';
import type { SampleRow, Verdict } from '../../store/samples.js';
import { collectGarbage } from '../../util/gc.js';
import { hashJson } from '../../util/hash.js';
import type { BacktranslationConfig } from './params.js';
import { wentOnPast } from './chat-complete.js';
import { instructionVerdicts } from './parse.js';
import { instructionRefusalVerdict } from '../../chat/refusal.js';
import { selfAugment } from './stages.js';

export type Ctx = RunContext<BacktranslationConfig>;

/** What a pair's meta records as it goes through curation. */
export interface PairMeta {
  passage_id: number;
  candidate: boolean;
  judge?: Record<string, { score: number | null; passed: boolean; call_id: number }>;
}

export interface Pair {
  row: SampleRow;
  meta: PairMeta;
}

/** A judging pass: a curation iteration or the common judge. */
export interface Pass {
  stage: 'curate-iter1' | 'curate-iter2' | 'judge';
  /** The verdict's filter name, and the rejection reason when the pass decides. */
  filter: string;
  /** 1 or 2 for the curation iterations (2 shows demos), 0 for the common judge. */
  iteration: number;
  /** This pass sets the final status. */
  final: boolean;
}

export function allPairs(ctx: Ctx): Pair[] {
  const { store, run } = ctx;
  return (['pending', 'accepted', 'rejected'] as const)
    .flatMap((status) => store.samples.list(run.id, 'pair', status))
    .sort((a, b) => a.id - b.id)
    .map((row) => ({ row, meta: JSON.parse(row.meta_json ?? '{}') as PairMeta }));
}

/** Passages stored by one ingest wave at most, and characters of their text: what memory holds of the corpus at once. */
export const INGEST_WAVE_PASSAGES = 4096;
export const INGEST_WAVE_CHARS = 8 * 2 ** 20;

/**
 * The corpus read once, in order, stored a batch of passages per wave, so memory holds one batch
 * (and the deduplication index), never the corpus. A resumed run reads the corpus again from the
 * start (ingestion makes no calls; reading again rebuilds the deduplication index exactly) and
 * stores only the passages after the `from` ones its earlier ingest waves stored.
 */
export class Ingestion {
  readonly stream: CorpusStream;
  private readonly iter: AsyncGenerator<IngestedPassage>;
  /** Passages read so far (the next one's index in corpus order). */
  private read = 0;
  /** The sample id of each stored passage, by its index in corpus order. */
  private readonly ids: number[];
  /** Index in corpus order of the first passage of the wave being built. */
  waveStart = 0;

  constructor(
    private readonly ctx: Ctx,
    private readonly from: number,
  ) {
    const c = ctx.config.params.corpus;
    this.stream = streamCorpus(
      {
        paths: c.paths,
        textField: c.text_field,
        idField: c.id_field,
        minChars: c.min_chars,
        maxChars: c.max_chars,
        minLineChars: c.min_line_chars,
        nearDupThreshold: c.near_dup_threshold,
        onInvalidUtf8: c.on_invalid_utf8,
        maxRecordBytes: c.max_line_bytes,
        limit: ctx.config.target,
      },
      ctx.root,
    );
    this.iter = this.stream.passages();
    this.ids =
      from > 0
        ? (ctx.store.db.prepare(`SELECT id FROM samples WHERE run_id = ? AND kind = 'passage' ORDER BY id LIMIT ?`).pluck().all(ctx.run.id, from) as number[])
        : [];
  }

  /** The next passage not stored yet, with its index in corpus order; undefined at the end of the corpus. */
  async next(): Promise<{ index: number; passage: IngestedPassage } | undefined> {
    for (;;) {
      const r = await this.iter.next();
      if (r.done) return undefined;
      const index = this.read++;
      if (index >= this.from) return { index, passage: r.value };
    }
  }

  /** The ids the runner gave the samples of the ingest wave just stored. */
  stored(ids: readonly number[]): void {
    ids.forEach((id, i) => (this.ids[this.waveStart + i] = id));
  }

  idOf(index: number): number | undefined {
    return this.ids[index];
  }

  /** Passages handed out (stored or about to be). */
  get count(): number {
    return this.read;
  }

}

/** One batch of the corpus, every passage (kept or not) a `passage` sample; a duplicate links to the passage it repeats. */
export async function ingestWave(ctx: Ctx, ing: Ingestion): Promise<WaveOutput> {
  const c = ctx.config.params.corpus;
  // The previous wave's passages are stored and dropped: collect them before reading the next batch (see util/gc.ts).
  if (ing.count > 0) collectGarbage();
  const samples: WaveSample[] = [];
  let start: number | undefined;
  let chars = 0;
  let done = false;
  while (samples.length < INGEST_WAVE_PASSAGES && chars < INGEST_WAVE_CHARS) {
    const n = await ing.next();
    if (!n) {
      done = true;
      break;
    }
    start ??= n.index;
    const x = n.passage;
    const s = start;
    chars += x.text.length;
    samples.push({
      kind: 'passage',
      stage: 'ingest',
      output: x.text,
      status: x.status,
      reason: x.reason ?? null,
      contentHash: x.contentHash ?? passageHash(x.text),
      verdicts: x.verdicts,
      meta: x.meta as unknown as Record<string, unknown>,
      parents:
        x.duplicateOf === undefined
          ? undefined
          : [x.duplicateOf >= s ? { ref: x.duplicateOf - s, relation: 'duplicate-of' } : { parentId: ing.idOf(x.duplicateOf)!, relation: 'duplicate-of' }],
    });
  }
  const result = ing.stream;
  if (done && result.accepted === 0) {
    const where = c.paths.join(', ');
    if (result.files.length === 0) throw new CorpusError(where, undefined, 'params.corpus.paths', 'no corpus file (.txt, .md, .markdown, .jsonl) found');
    const total = result.accepted + result.rejected;
    throw new CorpusError(
      where,
      undefined,
      'params.corpus.paths',
      `no usable passage of ${c.min_chars} to ${c.max_chars} characters in ${result.files.length} file(s)` +
        (total ? ` (${total} rejected: ${Object.entries(result.reasons).map(([r, n]) => `${r} ${n}`).join(', ')})` : ''),
    );
  }
  const first = start ?? ing.count;
  ing.waveStart = first;
  const counts = { accepted: result.accepted, rejected: result.rejected };
  return {
    stage: 'ingest',
    samples,
    accepted: 0,
    // The last ingest wave's state is the corpus's summary; an earlier one says how many passages are stored (`through`), for resume.
    state: done ? { ...counts, reached_limit: result.reachedLimit, files: result.files } : { through: first + samples.length, ...counts },
    // The corpus names a duplicate's original by its index in corpus order; stored, it is named by id.
    resolveVerdict: (v, ids) => {
      const d = v.detail as { duplicate_of?: number } | undefined;
      if (!d || typeof d.duplicate_of !== 'number') return v;
      const id = d.duplicate_of >= first ? ids[d.duplicate_of - first] : ing.idOf(d.duplicate_of);
      return { ...v, detail: { ...d, duplicate_of: id } };
    },
  };
}

/** One instruction per passage of the batch, each a `pair` sample (pending when it passes the filters). */
export async function augmentWave(ctx: Ctx, template: Template, wave: number, batch: readonly SampleRow[], demoPool: readonly SampleRow[]): Promise<WaveOutput> {
  const { config } = ctx;
  const p = config.params;
  // Demos are drawn with a stream seeded by the passage's content, so a batch's cut never changes them.
  const inputs = batch.map((passage) => ({ demos: stepRng(config.seed, 'augment-demos', passage.content_hash).sample(demoPool, p.demos), passage: passage.output }));
  const answers = await askEach(ctx, wave, selfAugment, inputs, { template, sampling: p.augment });
  let candidates = 0;
  const chatRead = config.teacher.mode === 'chat' && config.teacher.chat.normalise;
  const samples = batch.map((passage, i): WaveSample => {
    const o = answers[i]!;
    const instruction = o.ok ? o.value : '';
    // What the chat normaliser changed, and the answer-level checks (a cut prompt rejects the pair), before the filters.
    const verdicts: Verdict[] = o.ok
      ? [
          ...chatFormatVerdicts(o.edits),
          ...o.checks,
          ...instructionVerdicts(instruction, o.finishReason, { min: p.instruction_min_chars, max: p.instruction_max_chars }).map((v) => (chatRead ? wholeBeforeCut(v, o.text, instruction) : v)),
          // Read in chat mode: "I'm sorry, I can't tell what was asked." is no instruction (recorded
          // only when it fails, like the chat-format verdicts: the reference's verdicts stay as they were).
          ...(chatRead ? [instructionRefusalVerdict(instruction)].filter((v) => !v.passed) : []),
        ]
      : [{ filter: 'augment-call', passed: false, detail: { error: o.error } }];
    const reason = firstFailure(verdicts);
    if (!reason) candidates++;
    return {
      kind: 'pair',
      stage: 'self-augment',
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
        ...inputs[i]!.demos.map((d, j) => ({ parentId: d.id, relation: 'demo-in-prompt', position: j })),
      ],
    };
  });
  return { stage: 'self-augment', samples, accepted: 0, state: { through: batch[batch.length - 1]!.id, pairs: batch.length, candidates } };
}

/** Chat mode: an answer cut at max_tokens after the instruction it wrote does not make the instruction incomplete. */
function wholeBeforeCut(v: Verdict, text: string, instruction: string): Verdict {
  if (v.filter !== 'response-complete' || v.passed || !wentOnPast(text, instruction)) return v;
  return { ...v, passed: true, detail: { ...(v.detail as Record<string, unknown>), cut_after: 'instruction' } };
}

/** Judge a batch of pairs: a verdict and a meta entry each, and the status when the pass decides. */
export async function curateWave(ctx: Ctx, pass: Pass, spec: JudgeSpec, wave: number, batch: readonly Pair[], demoPool: readonly Pair[]): Promise<WaveOutput> {
  const { config } = ctx;
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
  const updates = batch.map((pair, i): SampleUpdate => {
    const r = results[i]!;
    return {
      id: pair.row.id,
      // The judge's chat-format verdict names its stage: the pair may carry self-augment's and both iterations'.
      verdicts: [...chatFormatVerdicts(r.edits, undefined, pass.stage), r.verdict],
      meta: { judge: { [key]: { score: r.score, passed: r.passed, call_id: r.callId } } },
      ...(pass.final ? { status: { status: r.passed ? 'accepted' : 'rejected', reason: r.passed ? null : pass.filter } } : {}),
    };
  });
  const passed = results.filter((r) => r.passed).length;
  return {
    stage: pass.stage,
    samples: [],
    updates,
    accepted: pass.final && pass.iteration > 0 ? passed : 0,
    state: { through: batch[batch.length - 1]!.row.id, judged: batch.length, passed },
  };
}

/** The run's outcome: pairs kept of candidates of passages, and the corpus files skipped. */
export function outcomeDetail(ctx: Ctx, judged: boolean): string {
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
