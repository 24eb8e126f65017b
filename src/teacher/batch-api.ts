import type { TeacherError, TeacherRequest, TeacherResponse } from './types.js';

/** A provider batch job's states (OpenAI's names). */
export type BatchState = 'validating' | 'failed' | 'in_progress' | 'finalizing' | 'completed' | 'expired' | 'cancelling' | 'cancelled';

/** States a job never leaves: its results (if any) can be downloaded. */
export const FINAL_BATCH_STATES: ReadonlySet<string> = new Set(['failed', 'completed', 'expired', 'cancelled']);

export interface BatchLine {
  customId: string;
  request: TeacherRequest;
}

export interface BatchJobStatus {
  id: string;
  state: BatchState;
  total: number;
  completed: number;
  failed: number;
  outputFileId: string | null;
  errorFileId: string | null;
  /** The job's own errors (e.g. why validation failed), as one line. */
  errors?: string;
}

/** One line's result, matched by custom id: an answer, or why the line was not answered. */
export type BatchLineResult = { ok: true; response: TeacherResponse } | { ok: false; error: TeacherError };

/** A provider's batch API, as the journal's batch mode uses it (teacher/batch-sender.ts). */
export interface BatchApi {
  /** The custom id a call's line carries (unique per call; the provider's rules for ids apply). */
  customId(callId: number, stageId: string | undefined): string;
  /** The provider endpoint a job of this mode's requests goes to, as the journal records it. */
  endpoint(mode: TeacherRequest['mode']): string;
  /** Upload the lines (all of one mode) and create the job; returns the provider's job and input file ids. */
  submit(lines: readonly BatchLine[], metadata: Record<string, string>): Promise<{ jobId: string; inputFileId: string; state: BatchState }>;
  retrieve(jobId: string): Promise<BatchJobStatus>;
  /** The job created with `metadata.distillery_job` = token, if the provider has one (a create call whose answer was lost). */
  find?(token: string): Promise<{ jobId: string; inputFileId: string; state: BatchState } | null>;
  cancel(jobId: string): Promise<void>;
  /** Every line of a finished job that its output or error file mentions, by custom id. */
  results(status: BatchJobStatus, requests: ReadonlyMap<string, TeacherRequest>): Promise<Map<string, BatchLineResult>>;
}
