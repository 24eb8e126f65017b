/**
 * Pure: a prompt's stored rows from its answers and the judge's readings. The K answers are
 * `completion` samples (each with its teacher, principle and per-aspect ratings or ranks as
 * verdicts); the pair is one `preference` sample whose output is the chosen answer, with the
 * rejected one, the judge's orders and the rule that decided in its meta, linked to every answer.
 */
import type { WaveParent, WaveSample } from '../../engine/wave-runner.js';
import type { Rng } from '../../engine/rng.js';
import type { Verdict } from '../../store/samples.js';
import { hashJson } from '../../util/hash.js';
import { binarize } from './binarize.js';
import type { JudgeAttempt } from './reask.js';
import { agreement } from './ranking.js';
import type { Rating } from './rating-parse.js';
import { spinPair } from './spin.js';

export const PAIR_KIND = 'preference';
export const COMPLETION_KIND = 'completion';

export interface Completion {
  teacher: string;
  model: string;
  principle: string | undefined;
  text: string;
  callId: number;
  checks: Verdict[];
}

interface Prompted {
  sourceId: number;
  prompt: string;
}

function completionRows(p: Prompted, answers: readonly Completion[], extra: (j: number) => Verdict[]): WaveSample[] {
  return answers.map((a, j) => ({
    kind: COMPLETION_KIND, stage: 'answer', instruction: p.prompt, input: '', output: a.text,
    status: a.text === '' ? 'rejected' : 'accepted', reason: a.text === '' ? 'empty-answer' : null,
    contentHash: hashJson([p.prompt, a.teacher, a.text]), callId: a.callId,
    verdicts: [...a.checks, { filter: 'non-empty', passed: a.text !== '' }, ...extra(j)],
    meta: { teacher: a.teacher, model: a.model, principle: a.principle ?? null, slot: j },
    parents: [{ parentId: p.sourceId, relation: 'input-row' }],
  }));
}

/** The pair's links: every answer (chosen and rejected named), then the input row. `base` is the first answer's index in the wave. */
function pairParents(p: Prompted, base: number, k: number, chosen?: number, rejected?: number): WaveParent[] {
  return [
    ...Array.from({ length: k }, (_, j) => ({ ref: base + j, relation: j === chosen ? 'chosen' : j === rejected ? 'rejected' : 'answer', position: j })),
    { parentId: p.sourceId, relation: 'input-row' },
  ];
}

function pairRow(p: Prompted, fields: { status: 'accepted' | 'rejected'; reason: string | null; chosen?: string; rejected?: string; verdicts: Verdict[]; meta: Record<string, unknown>; parents: WaveParent[] }): WaveSample {
  return {
    kind: PAIR_KIND, stage: 'pair', instruction: p.prompt, input: '', output: fields.chosen ?? '',
    status: fields.status, reason: fields.reason, contentHash: hashJson([p.prompt, fields.chosen ?? null, fields.rejected ?? null]),
    verdicts: fields.verdicts, parents: fields.parents,
    // `columns`: what exports carry beside prompt and chosen (the manifest's extra columns).
    meta: { ...fields.meta, columns: { rejected: fields.rejected ?? '', chosen_teacher: fields.meta['chosen_teacher'] ?? '', rejected_teacher: fields.meta['rejected_teacher'] ?? '' } },
  };
}

/** Rows of a prompt whose answers were not all usable: the answers, and a rejected pair that says so. */
export function unjudgedRows(p: Prompted, base: number, mode: string, answers: readonly Completion[]): WaveSample[] {
  const empty = answers.flatMap((a, j) => (a.text === '' ? [j] : []));
  return [
    ...completionRows(p, answers, () => []),
    pairRow(p, {
      status: 'rejected', reason: 'empty-answer', verdicts: [{ filter: 'empty-answer', passed: false, detail: { slots: empty } }],
      meta: { mode, teachers: answers.map((a) => a.teacher) }, parents: pairParents(p, base, answers.length),
    }),
  ];
}

export interface AspectReading {
  aspect: string;
  /** Per answer in stored order; undefined when no attempt could be read. */
  ratings: Rating[] | undefined;
  attempts: JudgeAttempt[];
}

/** UltraFeedback: each answer's ratings per aspect, then the binarization rule (binarize.ts). */
export function ratedRows(p: Prompted, base: number, answers: readonly Completion[], order: readonly number[], readings: readonly AspectReading[], rng: Rng): WaveSample[] {
  const rows = completionRows(p, answers, (j) =>
    readings.flatMap((r) =>
      r.ratings
        ? [{ filter: `rating:${r.aspect}`, passed: true, score: r.ratings[j]!.rating, detail: { rationale: r.ratings[j]!.rationale, shown_as: order.indexOf(j) + 1, attempts: r.attempts.length } }]
        : [],
    ),
  );
  const unread = readings.filter((r) => !r.ratings);
  const teachers = answers.map((a) => a.teacher);
  const attempts = Object.fromEntries(readings.map((r) => [r.aspect, r.attempts]));
  if (unread.length > 0) {
    return [...rows, pairRow(p, {
      status: 'rejected', reason: 'rating-format',
      verdicts: unread.map((r) => ({ filter: 'rating-format', passed: false, detail: { aspect: r.aspect, errors: r.attempts.map((a) => a.error) } })),
      meta: { mode: 'rate', teachers, order, attempts }, parents: pairParents(p, base, answers.length),
    })];
  }
  const perAnswer = answers.map((_, j) => Object.fromEntries(readings.map((r) => [r.aspect, r.ratings![j]!.rating])));
  const b = binarize(perAnswer, rng);
  const meta = { mode: 'rate', teachers, principles: answers.map((a) => a.principle ?? null), order, ratings: perAnswer, means: b.means, attempts };
  if (!b.ok) {
    return [...rows, pairRow(p, { status: 'rejected', reason: b.reason, verdicts: [{ filter: 'binarize', passed: false, detail: { reason: b.reason, means: b.means } }], meta, parents: pairParents(p, base, answers.length) })];
  }
  return [...rows, pairRow(p, {
    status: 'accepted', reason: null, chosen: answers[b.chosen]!.text, rejected: answers[b.rejected]!.text,
    verdicts: [{ filter: 'binarize', passed: true, score: b.means[b.chosen]! - b.means[b.rejected]!, detail: { rule: b.rule, chosen: b.chosen, rejected: b.rejected, means: b.means } }],
    meta: { ...meta, chosen: b.chosen, rejected: b.rejected, rule: b.rule, chosen_teacher: teachers[b.chosen], rejected_teacher: teachers[b.rejected] },
    parents: pairParents(p, base, answers.length, b.chosen, b.rejected),
  })];
}

export interface RankReading {
  order: number[];
  /** Best first, stored indices; undefined when no attempt could be read. */
  ranking: number[] | undefined;
  attempts: JudgeAttempt[];
}

/**
 * Nectar-style: two rankings in two shown orders. Kept when they agree (`full`: the whole ranking;
 * `top`: the best answer); chosen = the best, rejected = one drawn (seeded) from the rest of the
 * first ranking. A disagreement is a rejected pair "position-bias" with both rankings stored.
 */
export function rankedRows(p: Prompted, base: number, answers: readonly Completion[], readings: readonly [RankReading, RankReading], keep: 'full' | 'top', rng: Rng): WaveSample[] {
  const [a, b] = readings;
  const rows = completionRows(p, answers, (j) =>
    a.ranking && b.ranking ? [{ filter: 'rank', passed: true, score: a.ranking.indexOf(j) + 1, detail: { ranks: [a.ranking.indexOf(j) + 1, b.ranking.indexOf(j) + 1], shown_as: [a.order.indexOf(j) + 1, b.order.indexOf(j) + 1] } }] : [],
  );
  const teachers = answers.map((x) => x.teacher);
  const base_meta = { mode: 'rank', teachers, principles: answers.map((x) => x.principle ?? null), orders: [a.order, b.order], attempts: [a.attempts, b.attempts] };
  if (!a.ranking || !b.ranking) {
    const bad = [a, b].filter((r) => !r.ranking);
    return [...rows, pairRow(p, {
      status: 'rejected', reason: 'ranking-format', verdicts: bad.map((r) => ({ filter: 'ranking-format', passed: false, detail: { errors: r.attempts.map((x) => x.error) } })),
      meta: base_meta, parents: pairParents(p, base, answers.length),
    })];
  }
  const agr = agreement(a.ranking, b.ranking);
  const kept = keep === 'full' ? agr.full : agr.top;
  const meta = { ...base_meta, rankings: [a.ranking, b.ranking], agreement: { full: agr.full, top: agr.top, pairwise: agr.pairwise }, keep };
  const verdict: Verdict = { filter: 'position-bias', passed: kept, score: agr.pairwise, detail: { keep, full: agr.full, top: agr.top, rankings: [a.ranking, b.ranking] } };
  if (!kept) return [...rows, pairRow(p, { status: 'rejected', reason: 'position-bias', verdicts: [verdict], meta, parents: pairParents(p, base, answers.length) })];
  const chosen = a.ranking[0]!;
  const rest = a.ranking.slice(1);
  const rejected = rest[rng.int(0, rest.length - 1)]!;
  return [...rows, pairRow(p, {
    status: 'accepted', reason: null, chosen: answers[chosen]!.text, rejected: answers[rejected]!.text, verdicts: [verdict],
    meta: { ...meta, chosen, rejected, rule: 'top-vs-random-lower', chosen_teacher: teachers[chosen], rejected_teacher: teachers[rejected] },
    parents: pairParents(p, base, answers.length, chosen, rejected),
  })];
}

/** SPIN: the reference (chosen) against the student's own answer (rejected); no judge. */
export function spinRows(p: Prompted, base: number, reference: string, generated: Completion): WaveSample[] {
  const rows = completionRows(p, [generated], () => []);
  const pair = spinPair(p.prompt, reference, generated.text);
  const meta = { mode: 'spin', teachers: [generated.teacher], student: generated.teacher, rule: 'reference-vs-generated' };
  if (!pair.ok) {
    return [...rows, pairRow(p, { status: 'rejected', reason: pair.reason, verdicts: [{ filter: 'spin-pair', passed: false, detail: { reason: pair.reason } }], meta, parents: pairParents(p, base, 1) })];
  }
  return [...rows, pairRow(p, {
    status: 'accepted', reason: null, chosen: pair.chosen, rejected: pair.rejected, verdicts: [{ filter: 'spin-pair', passed: true }],
    meta: { ...meta, rejected: 0 }, parents: [{ ref: base, relation: 'rejected', position: 0 }, { parentId: p.sourceId, relation: 'input-row' }],
  })];
}
