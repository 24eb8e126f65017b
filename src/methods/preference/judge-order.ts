import { stepRng } from '../../engine/rng.js';

/**
 * The order a judge sees K answers in: shown[i] is the index (in the answers' stored order) of the answer
 * shown at position i. Seeded by run seed, prompt id and a purpose name ("rate", "rank-1", "rank-2"),
 * so it is the same on resume and is stored with the verdicts.
 */
export function judgeOrder(runSeed: number, promptId: string, purpose: string, k: number): number[] {
  const identity = Array.from({ length: k }, (_, i) => i);
  return stepRng(runSeed, 'preference-order', promptId, purpose).shuffle(identity);
}

/** A second order that differs from `first` whenever k > 1 (reversed when the seeded draw repeats it). */
export function secondOrder(runSeed: number, promptId: string, first: readonly number[]): number[] {
  const next = judgeOrder(runSeed, promptId, 'rank-2', first.length);
  const same = next.every((v, i) => v === first[i]);
  return same && first.length > 1 ? first.slice().reverse() : next;
}

/** The answers as the judge sees them, each under its shown number (1-based). */
export function renderAnswers(answers: readonly string[], shown: readonly number[]): string {
  return shown.map((orig, pos) => `[Answer ${pos + 1}]\n${answers[orig]!.trim()}`).join('\n\n');
}
