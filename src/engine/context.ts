import type { BaseConfig } from '../config/common.js';
import type { RunRow } from '../store/runs.js';
import type { Store } from '../store/index.js';
import type { Journal } from '../teacher/journal.js';

/** Progress a method reports; the CLI draws it, tests may collect it. */
export interface Progress {
  wave(info: { wave: number; accepted: number; target: number; stage: string }): void;
}

/** Everything a recipe needs, passed in explicitly. */
export interface RunContext<C extends BaseConfig = BaseConfig> {
  store: Store;
  run: RunRow;
  config: C;
  journal: Journal;
  progress: Progress;
  /** Folder that relative paths in the config (seeds, prompts) resolve against. */
  root: string;
  /** The journal of a named teacher (the pipeline's `teachers`); undefined when the recipe names none. */
  journalFor?: (name: string) => Journal;
  /** This session's failed-for-good calls of the run's other journals (named teachers'), in order. */
  otherFailures?: () => string[];
  /** The main kind of another recipe's samples (e.g. to take a previous run's output as inputs). */
  mainKindOf(method: string): string | undefined;
}

export type RunOutcome =
  | { status: 'completed'; detail: string }
  | { status: 'failed'; detail: string };
