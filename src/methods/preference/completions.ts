import { z } from 'zod';
import { stepRng } from '../../engine/rng.js';

/** principle name -> weight, per dataset (e.g. UltraFeedback's ShareGPT mix 60/20/18/2). */
export const PrincipleWeightsSchema = z.record(z.string().min(1), z.number().nonnegative()).refine(
  (w) => Object.values(w).some((v) => v > 0),
  { message: 'at least one principle needs a weight above 0' },
);

export interface CompletionPlan {
  /** The teachers (names from the `teachers:` map) answering this prompt, in stored answer order. */
  teachers: string[];
  /** Per answer, the principle drawn (its system message is looked up by name), or undefined for none. */
  principles: (string | undefined)[];
}

/**
 * Who answers a prompt and under which principle: k distinct teachers drawn from the pool, and one
 * principle per answer from the prompt's dataset weights. Seeded by run seed and prompt id only, so the
 * plan is the same on resume and is stored with each answer.
 */
export function planCompletions(
  runSeed: number,
  promptId: string,
  pool: readonly string[],
  k: number,
  weights: Record<string, number> | undefined,
): CompletionPlan {
  if (k < 2) throw new Error(`preference needs at least 2 answers per prompt, got k=${k}`);
  if (pool.length < k) throw new Error(`k=${k} answers need ${k} teachers, the pool has ${pool.length}`);
  const rng = stepRng(runSeed, 'preference-teachers', promptId);
  const teachers = rng.sample(pool, k);
  const names = weights ? Object.keys(weights) : [];
  const principles = teachers.map((_, i) =>
    names.length === 0 ? undefined : stepRng(runSeed, 'preference-principle', promptId, i).pickWeighted(names, names.map((n) => weights![n]!)),
  );
  return { teachers, principles };
}
