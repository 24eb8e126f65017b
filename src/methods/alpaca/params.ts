import { z } from 'zod';
import { stageSampling, type RecipeConfig } from '../../config/common.js';
import { notAbove } from '../../config/refine.js';

/** Self-Instruct's 13 blocked words plus the 5 Alpaca added (methods.md section 2): 18 in all. */
export const ALPACA_BLOCKLIST = [
  'image', 'images', 'graph', 'graphs', 'picture', 'pictures', 'file', 'files', 'map', 'maps', 'draw', 'plot', 'go to',
  'video', 'audio', 'music', 'flowchart', 'diagram',
];

/**
 * Alpaca parameters; defaults are the reference's (methods.md section 2). The reference also sends
 * logit_bias {"50256": -100} to ban <|endoftext|>; that token id belongs to one tokenizer and not
 * every OpenAI-compatible server accepts the parameter, so it is not sent.
 */
export const AlpacaParamsSchema = z.strictObject({
  /** Prompts per wave (the reference batches 5 prompts per call). The dataset depends on it, never on concurrency. */
  wave_size: z.number().int().min(1).max(4096).default(5),
  /** Waves in flight at once (README, "Keeping a server busy"); demos are seeds only, so the dataset does not depend on it. */
  wave_depth: z.number().int().min(1).max(64).default(1),
  /** Seed tasks shown per prompt (the reference's num_prompt_instructions); never machine-generated ones. */
  demos: z.number().int().min(1).max(16).default(3),
  rouge_threshold: z.number().min(0).max(1).default(0.7),
  min_words: z.number().int().min(0).default(4),
  max_words: z.number().int().min(1).default(150),
  blocklist: z.array(z.string().min(1)).default(ALPACA_BLOCKLIST),
  /** Reject tasks whose output is empty (not in the reference, which keeps them). */
  require_output: z.boolean().default(true),
  prompts: z
    .strictObject({
      instructions: z.string().default('prompts/alpaca/instructions-v1.txt'),
    })
    .prefault({}),
  generation: stageSampling({ temperature: 1, top_p: 1, max_tokens: 3072, stop: ['\n20', '20.'] }),
})
  // Checked with the config, before the first call: a min above its max would reject every task.
  .superRefine(notAbove('min_words', 'max_words', 4));
export type AlpacaParams = z.infer<typeof AlpacaParamsSchema>;
/** A pipeline config of this recipe: the common keys with its method and params. */
export type AlpacaConfig = RecipeConfig<'alpaca', AlpacaParams>;
