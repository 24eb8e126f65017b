import type { PromptView } from '../../types.js';
import type { Rng } from '../rng.js';

/** What a stage recogniser sees of a request. */
export type SimContext = PromptView;

/** One kind of request the simulated teacher knows how to answer. */
export interface SimStage {
  readonly name: string;
  /** True when the request has this stage's structure. Keep it cheap: it runs on every request. */
  matches(ctx: SimContext): boolean;
  /** The raw answer (before stop strings and max_tokens are applied). */
  write(ctx: SimContext, rng: Rng): string;
}
