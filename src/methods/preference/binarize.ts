import type { Rng } from '../../engine/rng.js';

/** Per answer (stored order), its rating per aspect. */
export type AspectRatings = Record<string, number>;

export type Binarized =
  | { ok: true; chosen: number; rejected: number; means: number[]; rule: string }
  | { ok: false; means: number[]; reason: 'all-tied' | 'too-few-answers' };

/**
 * The binarization rule (README "Preference data"):
 * 1. each answer's score is the mean of its aspect ratings;
 * 2. chosen = the answer with the highest mean; a tie for highest goes to the lowest stored index
 *    (the teacher order drawn for the prompt is itself seeded, so this is not a bias towards one teacher);
 * 3. rejected = one answer drawn uniformly (seeded) among those whose mean is strictly lower than chosen's;
 * 4. when every answer has the same mean there is no pair: the prompt gets a rejected verdict "all-tied".
 */
export function binarize(perAnswer: readonly AspectRatings[], rng: Rng): Binarized {
  const means = perAnswer.map((r) => {
    const v = Object.values(r);
    return v.length === 0 ? NaN : v.reduce((a, b) => a + b, 0) / v.length;
  });
  if (means.length < 2 || means.some(Number.isNaN)) return { ok: false, means, reason: 'too-few-answers' };
  let chosen = 0;
  means.forEach((m, i) => {
    if (m > means[chosen]!) chosen = i;
  });
  const lower = means.flatMap((m, i) => (m < means[chosen]! ? [i] : []));
  if (lower.length === 0) return { ok: false, means, reason: 'all-tied' };
  const rejected = lower[rng.int(0, lower.length - 1)]!;
  return { ok: true, chosen, rejected, means, rule: 'highest-mean-vs-random-lower' };
}
