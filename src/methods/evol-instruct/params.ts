import { z } from 'zod';
import { stageSampling, type RecipeConfig } from '../../config/common.js';
import { DEFAULT_MARKER_PHRASES } from '../../filters/evol-elimination.js';

/** The six evolving operations (methods.md section 3): five in-depth methods and in-breadth. */
export const OPERATIONS = ['add_constraints', 'deepening', 'concretizing', 'increase_reasoning', 'complicate_input', 'in_breadth'] as const;
export type Operation = (typeof OPERATIONS)[number];
export type DepthOperation = Exclude<Operation, 'in_breadth'>;

const weight = z.number().nonnegative().default(1);

export const EvolInputsSchema = z
  .strictObject({
    /** A dataset file (Alpaca JSON array or JSONL). Default: the run's seeds (`seeds.path`). */
    path: z.string().min(1).optional(),
    /** The name of another run in the same database whose accepted samples are the inputs. */
    from_run: z.string().min(1).optional(),
    /** Which kind of that run's accepted samples to take; default: the main kind of its method. */
    from_kind: z.string().min(1).optional(),
    /** Field names in a dataset file; an empty `input_field` / `output_field` means none. */
    instruction_field: z.string().min(1).default('instruction'),
    input_field: z.string().default('input'),
    output_field: z.string().default('output'),
    /** Use only the first N inputs (0: all). */
    limit: z.number().int().nonnegative().default(0),
  })
  .refine((i) => !(i.path && i.from_run), { message: 'set either params.inputs.path or params.inputs.from_run, not both' });

/**
 * A user-given check run after every round (Code Evol-Instruct's rule: WizardCoder stopped evolving
 * when pass@1 on a dev set dropped). Absent by default: every round is kept.
 */
export const StopCheckSchema = z.strictObject({
  /**
   * Run through `sh -c` in the project root with DISTILLERY_SAMPLES (a JSONL file of the dataset so
   * far: the inputs and every accepted evolution of rounds 1..r) and DISTILLERY_ROUND (r); the score
   * is the last number it prints on stdout.
   */
  command: z.string().trim().min(1),
  /** Rounds in a row without improving on the best score before the run stops. */
  patience: z.number().int().min(1).default(1),
  /** Whether a higher score (pass@1, accuracy) or a lower one (loss, perplexity) is better. */
  direction: z.enum(['higher', 'lower']).default('higher'),
  /** A check running longer than this fails the run. */
  timeout_seconds: z.number().positive().default(600),
});
export type StopCheck = z.infer<typeof StopCheckSchema>;

/** Evol-Instruct parameters; defaults follow the paper and the released code (methods.md section 3). */
export const EvolInstructParamsSchema = z.strictObject({
  /** Evolution rounds M. Every live instruction gets one operation per round. */
  rounds: z.number().int().min(1).max(100).default(4),
  inputs: EvolInputsSchema.prefault({}),
  /** Relative weights of the operations drawn each round (0 disables one); the paper draws uniformly. */
  operations: z
    .strictObject({
      add_constraints: weight,
      deepening: weight,
      concretizing: weight,
      increase_reasoning: weight,
      complicate_input: weight,
      in_breadth: weight,
    })
    .refine((w) => Object.values(w).some((v) => v > 0), { message: 'at least one operation needs a weight above 0' })
    .prefault({}),
  /**
   * After a failed evolution: `keep_parent` (the paper) evolves the parent again next round;
   * `drop_parent` ends that chain. A teacher call that failed for good never ends a chain.
   */
  on_failure: z.enum(['keep_parent', 'drop_parent']).default('keep_parent'),
  /** Reject when the highest ROUGE-L F against inputs and accepted evolutions is above this. */
  rouge_threshold: z.number().min(0).max(1).default(0.7),
  /**
   * Leave the evolution's own ancestors (its parent, their parents, the root) out of the ROUGE-L
   * comparison: an in-depth rewrite keeps its parent's words by design, and rule 1 judges the gain.
   */
  rouge_ignore_ancestors: z.boolean().default(true),
  /** Rule 2: an answer containing "sorry" with fewer words than this is a failure. */
  sorry_max_words: z.number().int().min(1).default(80),
  /** Rule 4: phrases of the evolving prompts that must not appear in an evolved instruction. */
  marker_phrases: z.array(z.string().min(1)).default([...DEFAULT_MARKER_PHRASES]),
  prompts: z
    .strictObject({
      depth: z.string().default('prompts/evol-instruct/depth-v1.txt'),
      breadth: z.string().default('prompts/evol-instruct/breadth-v1.txt'),
      equality: z.string().default('prompts/evol-instruct/equality-v1.txt'),
      add_constraints: z.string().default('prompts/evol-instruct/add-constraints-v1.txt'),
      deepening: z.string().default('prompts/evol-instruct/deepening-v1.txt'),
      concretizing: z.string().default('prompts/evol-instruct/concretizing-v1.txt'),
      increase_reasoning: z.string().default('prompts/evol-instruct/increase-reasoning-v1.txt'),
      complicate_input: z.string().default('prompts/evol-instruct/complicate-input-v1.txt'),
    })
    .prefault({}),
  /**
   * Stop the rounds when the user's score stops improving; the rounds after the best one are
   * rejected (`stop-check`), so the dataset ends at the best round. Absent: no check.
   */
  stop_check: StopCheckSchema.optional(),
  /** Sampling of the evolving prompts (the released code: T 1, top_p 0.95, max_tokens 2048). */
  evolution: stageSampling({ temperature: 1, top_p: 0.95, max_tokens: 2048, presence_penalty: 0, frequency_penalty: 0 }),
  /** Sampling of the answers to evolved instructions (same as the code's evolution calls). */
  answer: stageSampling({ temperature: 1, top_p: 0.95, max_tokens: 2048, presence_penalty: 0, frequency_penalty: 0 }),
  /** Sampling of the equality check: a short, greedy answer. */
  equality: stageSampling({ temperature: 0, top_p: 1, max_tokens: 8 }),
});
export type EvolInstructParams = z.infer<typeof EvolInstructParamsSchema>;
/** A pipeline config of this recipe: the common keys with its method and params. */
export type EvolInstructConfig = RecipeConfig<'evol-instruct', EvolInstructParams>;
