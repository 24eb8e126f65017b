import type { BaseConfig } from '../config/common.js';
import type { RunRow } from '../store/runs.js';
import type { Store } from '../store/index.js';
import type { Journal } from '../teacher/journal.js';

/** Progress a method reports; the CLI draws it, tests may collect it. */
export interface Progress {
  wave(info: { wave: number; accepted: number; target: number; stage: string }): void;
  /** A line for the user about the run's course (e.g. a round's stop-check score); optional to draw. */
  note?(line: string): void;
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
  /** This session's failed-for-good calls of the run's other journals (named teachers'), in order, with their waves. */
  otherFailures?: () => { wave: number; text: string }[];
  /**
   * The run is `plan`'s play on an in-memory copy with a stand-in teacher: a recipe skips what
   * would act outside the store (a user's stop-check command) and says so in its outcome.
   */
  planning?: boolean;
  /** The main kind of another recipe's samples (e.g. to take a previous run's output as inputs). */
  mainKindOf(method: string): string | undefined;
}

export type RunOutcome =
  | { status: 'completed'; detail: string }
  | { status: 'failed'; detail: string };
