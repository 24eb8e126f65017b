import type { BatchLineResult } from './batch-api.js';
import { statusError } from './http-status.js';
import { TeacherError, type TeacherResponse } from './types.js';

/**
 * A batch line's custom id: the call's journal id, and after "|" the stage id a real server
 * ignores (the fake server answers that stage's example, as the X-Distillery-Stage header says online).
 */
export function customIdOf(callId: number, stageId: string | undefined): string {
  return stageId ? `call-${callId}|${stageId}` : `call-${callId}`;
}

/** The call id a custom id names, or undefined for one this tool did not write. */
export function callIdOf(customId: string): number | undefined {
  const m = /^call-(\d+)(?:\||$)/.exec(customId);
  return m ? Number(m[1]) : undefined;
}

interface OutputLine {
  custom_id?: unknown;
  response?: { status_code?: unknown; body?: unknown } | null;
  error?: { code?: unknown; message?: unknown } | null;
}

/**
 * The lines of a job's output and error files (JSONL, in any order), by custom id: each an answer
 * (`read` turns a 200 body into one) or the line's error. Matched by custom id, never by position.
 * A custom id with an answer keeps it whatever else mentions it; unreadable lines are skipped (the
 * calls they would name stay unanswered, and are submitted again).
 */
export function parseBatchOutput(text: string, read: (body: unknown, customId: string) => TeacherResponse | null): Map<string, BatchLineResult> {
  const out = new Map<string, BatchLineResult>();
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    let line: OutputLine;
    try {
      line = JSON.parse(raw) as OutputLine;
    } catch {
      continue;
    }
    if (typeof line.custom_id !== 'string') continue;
    const id = line.custom_id;
    if (out.get(id)?.ok) continue;
    out.set(id, resultOf(line, id, read));
  }
  return out;
}

function resultOf(line: OutputLine, id: string, read: (body: unknown, customId: string) => TeacherResponse | null): BatchLineResult {
  if (line.error) {
    const code = typeof line.error.code === 'string' ? line.error.code : 'batch_error';
    const message = typeof line.error.message === 'string' ? line.error.message : '';
    // Expired, cancelled or failed inside the job: nothing wrong with the request itself, so it is submitted again.
    return { ok: false, error: new TeacherError(`batch line ${code}${message ? `: ${message}` : ''}`, 'server') };
  }
  const status = typeof line.response?.status_code === 'number' ? line.response.status_code : 0;
  if (status !== 200) {
    const body = line.response?.body as { error?: { message?: unknown } } | undefined;
    const message = typeof body?.error?.message === 'string' ? body.error.message : 'no message';
    const text = `batch line HTTP ${status}: ${message}`;
    // Sorted as an online error with that status; a line with no status at all is the server's (submitted again).
    return { ok: false, error: status ? statusError(text, status, undefined) : new TeacherError(text, 'server') };
  }
  try {
    const res = read(line.response!.body, id);
    if (!res) return { ok: false, error: new TeacherError(`batch line for unknown custom id ${id}`, 'bad_response') };
    return { ok: true, response: res };
  } catch (err) {
    return { ok: false, error: err instanceof TeacherError ? err : new TeacherError(`unreadable batch line: ${(err as Error).message}`, 'bad_response') };
  }
}
