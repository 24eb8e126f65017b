import { z } from 'zod';
import { independentWaveDepth, stageSampling, type RecipeConfig } from '../../config/common.js';
import { notAbove } from '../../config/refine.js';

/** OSS-Instruct parameters; defaults are Magicoder's where it has one (recipes-more.md). */
export const OssInstructParamsSchema = z
  .strictObject({
    /** Code files, or JSONL files with one document per line (its text under `jsonl_field`). One snippet per document. */
    corpus: z.array(z.string().min(1)).min(1).default(['seeds/oss-instruct']),
    jsonl_field: z.string().min(1).default('content'),
    /** Snippet length: consecutive lines from a random start line (the reference: 1 to 15). */
    min_lines: z.number().int().min(1).default(1),
    max_lines: z.number().int().min(1).default(15),
    /** Documents (prompts) per wave. */
    wave_size: z.number().int().min(1).max(4096).default(16),
    /** Waves of documents in flight at once (a wave's snippets read nothing of earlier waves). */
    wave_depth: independentWaveDepth(16),
    /** Benchmark files (text: one entry per blank-line-separated block; JSONL: every string field) whose text must not appear in a sample. */
    decontaminate: z.array(z.string().min(1)).default([]),
    /** Benchmark entries shorter than this (whitespace removed) are not matched: a short string matches by chance. Ours. */
    decontaminate_min_chars: z.number().int().min(1).default(40),
    prompts: z
      .strictObject({
        problem: z.string().default('prompts/oss-instruct/problem-v1.txt'),
        system: z.string().default('prompts/oss-instruct/system-v1.txt'),
      })
      .prefault({}),
    generation: stageSampling({ temperature: 0, top_p: 1, max_tokens: 2500 }),
  })
  .superRefine(notAbove('min_lines', 'max_lines', 1));
export type OssInstructParams = z.infer<typeof OssInstructParamsSchema>;
export type OssInstructConfig = RecipeConfig<'oss-instruct', OssInstructParams>;
