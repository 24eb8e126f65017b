import type { Rng } from '../rng.js';

/** What a stage recogniser sees of a request. */
export interface SimContext {
  mode: 'chat' | 'completion';
  /** The prompt (completion mode) or the last user message (chat mode). */
  last: string;
  /** The prompt, or every message's content joined by blank lines (chat mode). */
  all: string;
  /** The system messages joined by blank lines ('' in completion mode). */
  system: string;
}

/** One kind of request the simulated teacher knows how to answer. */
export interface SimStage {
  readonly name: string;
  /** True when the request has this stage's structure. Keep it cheap: it runs on every request. */
  matches(ctx: SimContext): boolean;
  /** The raw answer (before stop strings and max_tokens are applied). */
  write(ctx: SimContext, rng: Rng): string;
}
