import type { TeacherRequest } from '../teacher/types.js';
/**
 * What a recipe declares. The manifest is data (names, kinds, card text, the params schema); the
 * recipe adds its stages and its own orchestration (`run`, usually a WaveRecipe handed to
 * `runWaves`). Recipes register in src/methods/registry.ts; the engine never imports one.
 */
import type { z } from 'zod';
import type { BaseConfig } from '../config/common.js';
import type { Store } from '../store/index.js';
import type { RunRow } from '../store/runs.js';
import type { RunContext, RunOutcome } from './context.js';
import type { Plan } from './plan.js';
import type { Stage } from './stage.js';

export interface RecipeManifest {
  /** The `method` key of a pipeline. */
  readonly method: string;
  /** For the dataset card: the recipe's name, a paragraph on what it does, and how to cite it. */
  readonly title: string;
  readonly summary: string;
  readonly citation?: string;
  /** The `params` schema, with the recipe's defaults. */
  readonly params: z.ZodType;
  /** Cross-key rules checked with the rest of the config (e.g. a mode that needs chat). */
  readonly check?: (config: BaseConfig, ctx: z.RefinementCtx) => void;
  /** The kind of sample `target` counts and progress shows. */
  readonly mainKind: string;
  /** The kind an export takes by default: the recipe's dataset. */
  readonly datasetKind: string;
  /** Kinds that are the recipe's inputs (seeds, passages, topics), never its output. */
  readonly inputKinds: readonly string[];
  /** Markdown lines the dataset card adds under the recipe's summary (e.g. a user pipeline's stages); the config as stored. */
  readonly cardDetails?: (config: unknown) => string[];
  /** Columns of its own that exports carry after the dataset's fields (a custom pipeline's `output.columns`); the config as stored. */
  readonly extraColumns?: (config: unknown) => string[];
  /** The `params` keys that hold a stage's sampling block (checked against the provider's capabilities). */
  readonly sampling: readonly string[];
}

export interface PlanInput {
  config: BaseConfig;
  store: Store;
  run: RunRow | undefined;
  provider: string;
  model: string;
  /** What the teacher's answers are keyed under (the provider name, or "openai@<endpoint>"), so stored answers count as cached. */
  keyIdentity: string;
  root: string;
  defaultAcceptRate: number;
  /** Prompt tokens of requests, as `requestTokens` counts them (default: counted here; `plan` passes a worker's). */
  countTokens?: (requests: readonly TeacherRequest[]) => Promise<number[]>;
}

export interface Recipe<C extends BaseConfig = BaseConfig> {
  readonly manifest: RecipeManifest;
  /** Every stage the recipe can call (the sim's examples, the contract test, capability checks). */
  readonly stages: readonly Stage[];
  run(ctx: RunContext<C>): Promise<RunOutcome>;
  /** A planner of its own; without one `plan` plays the run through with the sim. */
  plan?(input: PlanInput): Plan | Promise<Plan>;
}

/** Declare a recipe; the config type of `run` is the recipe's own. */
export function defineRecipe<C extends BaseConfig>(recipe: Recipe<C>): Recipe<C> {
  return recipe;
}
