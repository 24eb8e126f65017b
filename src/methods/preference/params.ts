import { z } from 'zod';
import { independentWaveDepth, stageSampling, type RecipeConfig } from '../../config/common.js';
import { CustomInputsSchema } from '../custom/params.js';
import { PrincipleWeightsSchema } from './completions.js';

/** UltraFeedback's four annotation aspects, in the order its annotation script asks them. */
export const ASPECTS = ['instruction_following', 'honesty', 'truthfulness', 'helpfulness'] as const;
export type Aspect = (typeof ASPECTS)[number];

/** The principles a completion's system message is drawn from (UltraFeedback's four). */
export const PRINCIPLES = ['helpfulness', 'honesty', 'truthfulness', 'verbalized_calibration'] as const;

/** "teacher" is the pipeline's main teacher; any other name is a key of the top-level `teachers:` map. */
const TeacherName = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'a teacher name');

/**
 * Preference data (recipes-more.md: UltraFeedback, Nectar, SPIN). One method, three modes:
 * - `rate` (UltraFeedback): K answers from K teachers of the pool, one judge call per aspect that sees
 *   all K in one seeded order, ratings 1-5 with a rationale, binarized to chosen/rejected;
 * - `rank` (Nectar): the same K answers ranked in one call, asked twice in two seeded orders, kept
 *   when the two rankings agree (position-bias control);
 * - `spin` (SPIN): chosen = the row's reference answer, rejected = the student's own answer.
 */
export const PreferenceParamsSchema = z.strictObject({
  mode: z.enum(['rate', 'rank', 'spin']).default('rate'),
  /**
   * The prompts: a file or folder, or another run (`from_run`). Columns read: `prompt` (map yours with
   * `columns`), optional `dataset` (picks the principle weights) and `world_knowledge` (given to the
   * truthfulness rating, as UltraFeedback gives TruthfulQA's answers); `reference` for `spin`.
   */
  inputs: CustomInputsSchema.prefault({ path: 'seeds/preference/prompts.jsonl' }),
  /** Prompts per wave. The dataset depends on it, never on concurrency. */
  wave_size: z.number().int().min(1).max(4096).default(8),
  /** Waves in flight at once; a wave reads nothing of the others, so the dataset does not depend on it. */
  wave_depth: independentWaveDepth(16),
  /** Answers per prompt (UltraFeedback 4, Nectar 7); `rate` and `rank` only. */
  k: z.number().int().min(2).max(16).default(4),
  /** The teachers that answer (`rate`, `rank`): k of them are drawn per prompt, seeded by run seed and row. */
  pool: z.array(TeacherName).default([]),
  /**
   * Principle weights per dataset (the row's `dataset` column; `default` for the rest), e.g.
   * UltraFeedback's ShareGPT mix. Each answer gets a system message of the principle drawn for it.
   * `{}` sends none. The messages are ours, one file per principle.
   */
  principles: z.record(z.string().min(1), PrincipleWeightsSchema).default({
    default: { helpfulness: 60, truthfulness: 20, honesty: 18, verbalized_calibration: 2 },
  }),
  principle_prompts: z.record(z.enum(PRINCIPLES), z.string().min(1)).default({
    helpfulness: 'prompts/preference/principle-helpfulness-v1.txt',
    honesty: 'prompts/preference/principle-honesty-v1.txt',
    truthfulness: 'prompts/preference/principle-truthfulness-v1.txt',
    verbalized_calibration: 'prompts/preference/principle-calibration-v1.txt',
  }),
  /** The answers' sampling: UltraFeedback does not state one for its pool; ours. */
  answer: stageSampling({ temperature: 1, top_p: 1, max_tokens: 1024 }),
  /** Who rates or ranks: the main teacher, or a named one. */
  judge: TeacherName.default('teacher'),
  /** The aspects rated (`rate`); each is one judge call per prompt. */
  aspects: z.array(z.enum(ASPECTS)).min(1).default([...ASPECTS]),
  /** UltraFeedback's annotation settings: gpt-4 at temperature 0, top_p 0.6, 500 tokens. */
  rating: stageSampling({ temperature: 0, top_p: 0.6, max_tokens: 500 }),
  /** The ranking call's sampling (`rank`); Nectar states none; ours. */
  ranking: stageSampling({ temperature: 0, top_p: 1, max_tokens: 500 }),
  /** Judge answers that cannot be read are asked again up to this many times in all (UltraFeedback: 10). */
  attempts: z.number().int().min(1).max(20).default(10),
  /** `rank`: keep a prompt when both orders give the same full ranking (`full`) or only the same best answer (`top`). */
  keep: z.enum(['full', 'top']).default('full'),
  /** `spin`: the model whose own answers become the rejected side (SPIN's current iterate). */
  student: TeacherName.default('teacher'),
  /** SPIN's generation settings in its repo's vLLM script: T 1.0, top_p 1.0, 256 tokens. */
  generation: stageSampling({ temperature: 1, top_p: 1, max_tokens: 256 }),
  prompts: z
    .strictObject({
      rate: z.record(z.enum(ASPECTS), z.string().min(1)).default({
        instruction_following: 'prompts/preference/rate-instruction-following-v1.txt',
        honesty: 'prompts/preference/rate-honesty-v1.txt',
        truthfulness: 'prompts/preference/rate-truthfulness-v1.txt',
        helpfulness: 'prompts/preference/rate-helpfulness-v1.txt',
      }),
      rank: z.string().min(1).default('prompts/preference/rank-v1.txt'),
    })
    .prefault({}),
});
export type PreferenceParams = z.infer<typeof PreferenceParamsSchema>;
export type PreferenceConfig = RecipeConfig<'preference', PreferenceParams>;

interface CheckedConfig {
  teacher: { mode: string; system_prompt?: string };
  teachers?: Record<string, { mode: string }>;
  params: PreferenceParams;
  judge?: { enabled: boolean };
}

/** Cross-key rules, before any request: every named teacher exists, the pool covers k, principles need chat. */
export function checkPreferencePipeline(cfg: CheckedConfig, ctx: z.RefinementCtx): void {
  const p = cfg.params;
  const modeOf = (name: string) => (name === 'teacher' ? cfg.teacher.mode : cfg.teachers?.[name]?.mode);
  const named = (name: string, path: (string | number)[]) => {
    if (name !== 'teacher' && !cfg.teachers?.[name]) {
      const known = ['teacher', ...Object.keys(cfg.teachers ?? {})].join(', ');
      ctx.addIssue({ code: 'custom', path, message: `no teacher named "${name}" (known: ${known}; add it under the top-level teachers: map)`, input: name });
    }
  };
  if (cfg.judge?.enabled) {
    ctx.addIssue({ code: 'custom', path: ['judge', 'enabled'], message: 'preference runs judge with their own rating or ranking calls (params.judge); remove judge.enabled', input: true });
  }
  if (p.mode === 'spin') {
    named(p.student, ['params', 'student']);
    return;
  }
  p.pool.forEach((n, i) => named(n, ['params', 'pool', i]));
  named(p.judge, ['params', 'judge']);
  if (new Set(p.pool).size !== p.pool.length) ctx.addIssue({ code: 'custom', path: ['params', 'pool'], message: 'a teacher is listed twice in the pool', input: p.pool });
  if (p.pool.length < p.k) {
    ctx.addIssue({ code: 'custom', path: ['params', 'pool'], message: `k=${p.k} answers per prompt need at least ${p.k} teachers in params.pool (it has ${p.pool.length})`, input: p.pool });
  }
  if (Object.keys(p.principles).length > 0) {
    for (const [i, n] of p.pool.entries()) {
      const mode = modeOf(n);
      if (mode !== undefined && mode !== 'chat') {
        ctx.addIssue({ code: 'custom', path: ['params', 'pool', i], message: `teacher "${n}" is in ${mode} mode; a principle system message only reaches a chat endpoint (set its mode: chat, or principles: {})`, input: n });
      }
    }
    for (const [set, weights] of Object.entries(p.principles)) {
      for (const name of Object.keys(weights)) {
        if (!(PRINCIPLES as readonly string[]).includes(name)) {
          ctx.addIssue({ code: 'custom', path: ['params', 'principles', set, name], message: `unknown principle "${name}" (one of ${PRINCIPLES.join(', ')})`, input: name });
        }
      }
    }
  }
}
