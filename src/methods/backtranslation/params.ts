import { z } from 'zod';
import { stageSampling, type RecipeConfig } from '../../config/common.js';
import { notAbove } from '../../config/refine.js';

/** Where the unlabelled text comes from and how it is cut (methods.md section 4). */
const CorpusSchema = z
  .strictObject({
    /** Files or folders of .txt, .md and .jsonl; folders are read recursively, files sorted by path. */
    paths: z.array(z.string().min(1)).min(1).default(['seeds/corpus']),
    /** JSONL: the field holding the text, and the field kept as the record's id. */
    text_field: z.string().min(1).default('text'),
    id_field: z.string().min(1).default('id'),
    /** Passage length bounds in characters (the reimplementation keeps 1,000 to 2,200). */
    min_chars: z.number().int().min(1).default(1000),
    max_chars: z.number().int().min(1).default(2200),
    /** Reject passages with a non-empty line shorter than this (the reimplementation's 5; 0: off). */
    min_line_chars: z.number().int().min(0).default(5),
    /** ROUGE-L F above which a passage is a near duplicate of an earlier one (1: check off). */
    near_dup_threshold: z.number().gt(0).max(1).default(0.7),
    /** A file that is not valid UTF-8: stop with an error naming it, or skip it and record it. */
    on_invalid_utf8: z.enum(['error', 'skip']).default('error'),
    /** Longest JSONL record line read, in bytes (16 MiB): a longer one stops the run with an error naming file and line. Text lines of any length are read in pieces. */
    max_line_bytes: z.number().int().min(1024).max(2 ** 30).default(16 * 2 ** 20),
  })
  // Checked with the config, before the first call: either would reject every passage.
  .superRefine(notAbove('min_chars', 'max_chars', 1000))
  .superRefine(notAbove('min_line_chars', 'max_chars', 5))
  .prefault({});

/** Instruction backtranslation (Humpback) parameters. */
export const BacktranslationParamsSchema = z.strictObject({
  corpus: CorpusSchema,
  /** Passages per self-augmentation wave, and pairs per curation wave. */
  wave_size: z.number().int().min(1).max(4096).default(16),
  /** Seed pairs, turned around (response, then instruction), shown in each self-augmentation prompt. */
  demos: z.number().int().min(0).max(16).default(4),
  /** Seeds qualify as demos when their input is empty and their output has at least this many words. */
  demo_min_words: z.number().int().min(0).default(20),
  /** Accepted length of a written instruction in characters (the reimplementation's 10 to 800). */
  instruction_min_chars: z.number().int().min(0).default(10),
  instruction_max_chars: z.number().int().min(1).default(800),
  /** Self-curation: keep pairs scoring at least k on the 5-point rubric (5 is the paper's high-quality set). */
  min_score: z.number().min(1).max(5).default(5),
  /** Curation iterations: 2 re-scores every candidate with the first iteration's curated pairs as demonstrations. */
  iterations: z.number().int().min(1).max(2).default(2),
  /** Curated pairs of iteration 1 shown to the judge in iteration 2. */
  curation_demos: z.number().int().min(0).max(8).default(2),
  prompts: z
    .strictObject({
      self_augment: z.string().default('prompts/backtranslation/self-augment-v1.txt'),
      curate: z.string().default('prompts/backtranslation/curate-v1.txt'),
      curate_demos: z.string().default('prompts/backtranslation/curate-demos-v1.txt'),
    })
    .prefault({}),
  /** Self-augmentation sampling (the reimplementation decodes with T 0.7, top_p 0.9). */
  augment: stageSampling({ temperature: 0.7, top_p: 0.9, max_tokens: 256, stop: ['\nResponse:'] }),
  /** Self-curation sampling: the judge answers with a short rationale and a score. */
  curate: stageSampling({ temperature: 0, top_p: 1, max_tokens: 512 }),
})
  // A min above its max would reject every written instruction (after paying for it).
  .superRefine(notAbove('instruction_min_chars', 'instruction_max_chars', 10));
export type BacktranslationParams = z.infer<typeof BacktranslationParamsSchema>;
/** A pipeline config of this recipe: the common keys with its method and params. */
export type BacktranslationConfig = RecipeConfig<'backtranslation', BacktranslationParams>;
