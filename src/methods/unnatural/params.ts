import { z } from 'zod';
import { independentWaveDepth, stageSampling, type RecipeConfig } from '../../config/common.js';

/**
 * Unnatural Instructions (Honovich et al. 2022; recipes-more.md, methods.md section 5). The paper's
 * text-davinci-002 ran with nucleus sampling p = 0.99 for core examples and greedy decoding for
 * outputs; temperatures and token limits it does not state are ours.
 */
export const UnnaturalParamsSchema = z.strictObject({
  /** Core-generation prompts per wave. The dataset depends on it, never on concurrency. */
  wave_size: z.number().int().min(1).max(4096).default(16),
  /** Waves of core prompts in flight at once; the prompts read nothing of earlier waves (their demos are fixed). */
  wave_depth: independentWaveDepth(16),
  demos: z
    .strictObject({
      /** JSONL, one {"set", "instruction", "input", "constraints"} per line: the fixed demo sets (the paper: 5 sets of 3). */
      path: z.string().min(1).default('seeds/unnatural/demos.jsonl'),
      /** Demos per prompt, taken in file order from one set drawn per prompt; the next example number is left open. */
      per_prompt: z.number().int().min(1).max(16).default(3),
    })
    .prefault({}),
  /**
   * Reformulation calls per accepted core example (0: the core set only). The paper states no
   * count; its released sizes (68,478 core, 240,670 in all) come to about 2.5 kept per example.
   */
  reformulations: z.number().int().min(0).max(16).default(3),
  /** The placeholder a reformulation writes where the input goes (replaced by the input in the stored instruction). */
  input_placeholder: z.string().min(1).default('{INPUT}'),
  prompts: z
    .strictObject({
      core: z.string().default('prompts/unnatural/core-v1.txt'),
      output: z.string().default('prompts/unnatural/output-v1.txt'),
      reformulate: z.string().default('prompts/unnatural/reformulate-v1.txt'),
    })
    .prefault({}),
  /** Core examples: nucleus sampling p = 0.99 (the paper); the open example ends where the next would start. */
  generation: stageSampling({ temperature: 1, top_p: 0.99, max_tokens: 512, stop: ['Example 5'] }),
  /** Outputs: greedy (the paper), one call per core example, constraints in the prompt. */
  output: stageSampling({ temperature: 0, top_p: 1, max_tokens: 512 }),
  /** Reformulations: sampled, so several calls for one example differ (ours; the paper gives no values). */
  reformulation: stageSampling({ temperature: 1, top_p: 0.99, max_tokens: 256, stop: ['\n\nInstruction:'] }),
});
export type UnnaturalParams = z.infer<typeof UnnaturalParamsSchema>;
export type UnnaturalConfig = RecipeConfig<'unnatural', UnnaturalParams>;

/** Outputs and reformulations are checked by the recipe's own filters; the common judge does not apply. */
export function checkUnnaturalPipeline(cfg: { params: UnnaturalParams; judge?: { enabled: boolean } }, ctx: z.RefinementCtx): void {
  if (cfg.judge?.enabled) {
    ctx.addIssue({
      code: 'custom',
      path: ['judge', 'enabled'],
      message: 'Unnatural Instructions states no judge: its only filters are missing fields and duplicates (remove judge.enabled)',
      input: true,
    });
  }
}
