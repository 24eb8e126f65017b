import { z } from 'zod';
import { independentWaveDepth, stageSampling, type RecipeConfig } from '../../config/common.js';
import { ERASED_SYSTEM_DEFAULT } from './system-messages.js';

/**
 * Orca / Orca 2 explanation tuning (recipes-more.md). The paper's teachers (ChatGPT, GPT-4) ran
 * with API defaults it does not state; the sampling values here are ours.
 */
export const OrcaParamsSchema = z.strictObject({
  /** Queries answered per wave. The dataset depends on it, never on concurrency. */
  wave_size: z.number().int().min(1).max(4096).default(16),
  /** Waves of queries in flight at once (a wave's queries read nothing of earlier waves). */
  wave_depth: independentWaveDepth(16),
  queries: z
    .strictObject({
      /** JSONL, one {"instruction", "input"?, "options"?, "collection"?} per line (collection: cot, niv2, t0, flan2021). */
      path: z.string().min(1).default('seeds/orca/queries.jsonl'),
      /** Use only the first N queries (0: all). */
      limit: z.number().int().nonnegative().default(0),
    })
    .prefault({}),
  /** Restrict the system-message kinds drawn (1-16; [] = the paper's sets). MCQ-only kinds 8 and 10 still go to MCQ rows only. */
  system_kinds: z.array(z.number().int().min(1).max(16)).default([]),
  /**
   * Orca 2's prompt erasing: the teacher sees the row's task-specific system message, the stored
   * and exported conversation carries `erased_system` instead (the teacher's stays in the meta).
   */
  prompt_erasing: z.boolean().default(false),
  erased_system: z.string().min(1).default(ERASED_SYSTEM_DEFAULT),
  /** Reject an answer shorter than this many words (0: off). Orca states no such filter; kept at 1 it only drops empty answers. */
  min_words: z.number().int().nonnegative().default(1),
  prompts: z.strictObject({ query: z.string().default('prompts/orca/query-v1.txt') }).prefault({}),
  answer: stageSampling({ temperature: 0.7, top_p: 1, max_tokens: 1024 }),
});
export type OrcaParams = z.infer<typeof OrcaParamsSchema>;
export type OrcaConfig = RecipeConfig<'orca', OrcaParams>;

/** The system message only reaches the teacher in chat mode; Orca states no judge or correctness filter. */
export function checkOrcaPipeline(
  cfg: { teacher: { mode: string; system_prompt?: string }; params: OrcaParams; judge?: { enabled: boolean } },
  ctx: z.RefinementCtx,
): void {
  if (cfg.judge?.enabled) {
    ctx.addIssue({
      code: 'custom',
      path: ['judge', 'enabled'],
      message: 'Orca states no quality or correctness filter on its answers; orca runs are not judged (remove judge.enabled)',
      input: true,
    });
  }
  if (cfg.teacher.mode !== 'chat') {
    ctx.addIssue({
      code: 'custom',
      path: ['teacher', 'mode'],
      message: 'orca sends a system message per query, which only a chat endpoint receives; set teacher.mode "chat"',
      input: cfg.teacher.mode,
    });
  }
  if (cfg.teacher.system_prompt !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['teacher', 'system_prompt'],
      message: 'orca draws the system message per query from its own table; remove teacher.system_prompt (use params.system_kinds or params.erased_system)',
      input: cfg.teacher.system_prompt,
    });
  }
  const usable = cfg.params.system_kinds.filter((k) => k !== 8 && k !== 10);
  if (cfg.params.system_kinds.length > 0 && usable.length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['params', 'system_kinds'],
      message: 'kinds 8 and 10 are for multiple-choice queries only; add at least one other kind for the other queries',
      input: cfg.params.system_kinds,
    });
  }
}
