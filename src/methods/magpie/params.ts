import { z } from 'zod';
import { independentWaveDepth, stageSampling, type RecipeConfig } from '../../config/common.js';
import { notAbove } from '../../config/refine.js';

/**
 * A model family's chat template, as Magpie needs it (methods.md section 5): the pre-query part (the
 * template up to the user's slot, sent alone so the model writes a user query), what follows a query
 * up to the assistant's slot (for the response prompt), and the tokens that end a turn.
 * Defaults: Llama 3's.
 */
export const MagpieTemplateSchema = z
  .strictObject({
    /** File holding the pre-query text (one trailing newline removed, as for every template). */
    pre_query: z.string().min(1).default('prompts/magpie/llama3-pre-query-v1.txt'),
    /** Text after the query up to where the assistant's answer starts. */
    post_query: z.string().min(1).default('<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n'),
    /** Special tokens that must never be left in a stored query or response (cut at the first one). */
    special_tokens: z.array(z.string().min(1)).min(1).default(['<|eot_id|>', '<|start_header_id|>', '<|end_header_id|>', '<|begin_of_text|>']),
  })
  .prefault({});

/** Magpie parameters; defaults are the reference's where it has one (methods.md section 5). */
export const MagpieParamsSchema = z
  .strictObject({
    /** Query draws per wave (the reference asks n=200 per call; here each draw is its own journaled request). */
    wave_size: z.number().int().min(1).max(4096).default(20),
    /** Waves of query draws in flight at once (the draws read nothing of earlier waves). */
    wave_depth: independentWaveDepth(16),
    template: MagpieTemplateSchema,
    /** Length filter on the query, in words (ours: the release filters by response length after a reward model). */
    min_words: z.number().int().min(0).default(3),
    max_words: z.number().int().min(1).default(400),
    /** Reject a response shorter than this many words (0: only empty ones). */
    min_response_words: z.number().int().min(0).default(1),
    /** The release filter: a query ending with ":" usually announces material that never came. */
    drop_colon_endings: z.boolean().default(true),
    instruction: stageSampling({ temperature: 1, top_p: 1, max_tokens: 2048, stop: ['<|eot_id|>', '<|start_header_id|>', '<|end_header_id|>', 'assistant'] }),
    response: stageSampling({ temperature: 0, top_p: 1, max_tokens: 4096, stop: ['<|eot_id|>', '<|start_header_id|>'] }),
  })
  .superRefine(notAbove('min_words', 'max_words', 3));
export type MagpieParams = z.infer<typeof MagpieParamsSchema>;
export type MagpieConfig = RecipeConfig<'magpie', MagpieParams>;
