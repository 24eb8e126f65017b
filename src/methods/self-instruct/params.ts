import { z } from 'zod';
import { stageSampling, type RecipeConfig } from '../../config/common.js';
import { notAbove } from '../../config/refine.js';

/** Self-Instruct parameters; defaults are the reference's (methods.md section 1). */
export const SelfInstructParamsSchema = z.strictObject({
  /** Instruction prompts per wave. The dataset depends on it, never on concurrency. */
  wave_size: z.number().int().min(1).max(4096).default(8),
  /**
   * Waves whose instruction prompts are in flight at once: wave k draws its demos from the pool as
   * it stood after wave k − wave_depth, while the waves before it classify and get instances.
   * 1 is one wave at a time. The dataset depends on it (and on wave_size), never on concurrency.
   */
  wave_depth: z.number().int().min(1).max(64).default(1),
  demos: z.number().int().min(1).max(32).default(8),
  machine_demos: z.number().int().min(0).max(32).default(2),
  /** Use only classification seeds as demos and the classification header. */
  classification_only: z.boolean().default(false),
  rouge_threshold: z.number().min(0).max(1).default(0.7),
  min_words: z.number().int().min(0).default(4),
  max_words: z.number().int().min(1).default(150),
  blocklist: z
    .array(z.string().min(1))
    .default(['image', 'images', 'graph', 'graphs', 'picture', 'pictures', 'file', 'files', 'map', 'maps', 'draw', 'plot', 'go to']),
  max_instances_per_task: z.number().int().min(1).default(5),
  prompts: z
    .strictObject({
      instructions: z.string().default('prompts/self-instruct/instructions-v1.txt'),
      instructions_classification: z.string().default('prompts/self-instruct/instructions-clf-v1.txt'),
      is_classification: z.string().default('prompts/self-instruct/is-classification-v1.txt'),
      instances_classification: z.string().default('prompts/self-instruct/instances-clf-v1.txt'),
      instances: z.string().default('prompts/self-instruct/instances-gen-v1.txt'),
    })
    .prefault({}),
  generation: stageSampling({
    temperature: 0.7,
    top_p: 0.5,
    max_tokens: 1024,
    presence_penalty: 2,
    frequency_penalty: 0,
    stop: ['\n\n', '\n16', '16.', '16 .'],
  }),
  classify: stageSampling({ temperature: 0, top_p: 0, max_tokens: 3, stop: ['\n', 'Task'] }),
  instances: stageSampling({
    temperature: 0,
    top_p: 0,
    max_tokens: 350,
    presence_penalty: 1.5,
    frequency_penalty: 0,
    stop: ['Example 6', 'Task:'],
  }),
  /** Max tokens for instance prompts of classification tasks (the reference uses 300 there). */
  instances_classification_max_tokens: z.number().int().positive().default(300),
})
  // Checked with the config, before the first call: a min above its max would reject every instruction.
  .superRefine(notAbove('min_words', 'max_words', 4));
export type SelfInstructParams = z.infer<typeof SelfInstructParamsSchema>;
/** A pipeline config of this recipe: the common keys with its method and params. */
export type SelfInstructConfig = RecipeConfig<'self-instruct', SelfInstructParams>;
