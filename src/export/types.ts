import type { SampleStatus } from '../store/samples.js';

export const FORMATS = ['alpaca', 'jsonl', 'sharegpt', 'openai', 'parquet', 'hf'] as const;
export type Format = (typeof FORMATS)[number];

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface VerdictSummary {
  filter: string;
  passed: boolean;
  score: number | null;
}

export interface ParentRef {
  id: number;
  relation: string;
}

/** Where a row came from: enough to find everything else about it in the database. */
export interface Provenance {
  sample_id: number;
  run: string;
  run_id: number;
  kind: string;
  stage: string;
  status: SampleStatus;
  call_id: number | null;
  /** The score of the latest judge verdict (highest-numbered `judge*` filter), when there is one. */
  judge_score: number | null;
  verdicts: VerdictSummary[];
  parents: ParentRef[];
}

/** One exported sample, before a format shapes it. */
export interface ExportRecord {
  id: number;
  /** The single-turn fields; null for a conversation (a sample stored as messages). */
  single: { instruction: string; input: string; output: string } | null;
  /** The sample as chat messages: the system prompt (when there is one), then the turns. */
  messages: ChatMessage[];
  /** More than one user/assistant exchange. */
  multiTurn: boolean;
  /** The pipeline's own columns (a custom pipeline's `output.columns`), by name. */
  extra?: Record<string, unknown>;
  provenance?: Provenance;
}

/** A problem the user can fix (bad option, nothing to export, output in the way): exit code 2. */
export class ExportError extends Error {
  override name = 'ExportError';
}
