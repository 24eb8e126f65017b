import { redact } from '../util/redact.js';
import type { TeacherError } from './types.js';

/**
 * Runs a provider call with its client's errors turned into the journal's (`toError`) and any
 * secret the server echoed taken out of the message (DESIGN invariant 6), for the calls whose
 * errors are stored or shown: the batch APIs' create, poll, cancel and download.
 */
export async function redactedErrors<T>(fn: () => Promise<T>, toError: (err: unknown) => TeacherError, secrets: readonly string[]): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const e = toError(err);
    e.message = redact(e.message, secrets);
    throw e;
  }
}
