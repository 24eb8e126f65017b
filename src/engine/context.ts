import type { PipelineConfig } from '../config/schema.js';
import type { RunRow } from '../store/runs.js';
import type { Store } from '../store/index.js';
import type { Journal } from '../teacher/journal.js';

/** Progress a method reports; the CLI draws it, tests may collect it. */
export interface Progress {
  wave(info: { wave: number; accepted: number; target: number; stage: string }): void;
}

/** Everything a method needs, passed in explicitly. */
export interface RunContext<C extends PipelineConfig = PipelineConfig> {
  store: Store;
  run: RunRow;
  config: C;
  journal: Journal;
  progress: Progress;
  /** Folder that relative paths in the config (seeds, prompts) resolve against. */
  root: string;
}

export type RunOutcome =
  | { status: 'completed'; detail: string }
  | { status: 'failed'; detail: string };
