/**
 * The SDK's errors sorted the way the OpenAI teacher's are (openai.ts `toTeacherError`), so the
 * journal's retries, breaker and hard-failure stop work the same: 429 (rate_limit_error) waits
 * and retries, honouring retry-after; 529 (overloaded_error), 5xx, 408 and 409 are server errors,
 * retried; 400, 401, 403, 404, 413 and other 4xx are not retried. A prompt too long for the
 * context is a ContextLengthError with the counts Anthropic's message gives.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { ContextLengthError, type ContextOverflow } from '../context-length.js';
import { TeacherError } from '../types.js';
import { statusError } from '../http-status.js';

export function toTeacherError(err: unknown): TeacherError {
  if (err instanceof TeacherError) return err;
  if (err instanceof APIUserAbortError) return new TeacherError('request aborted', 'client');
  if (err instanceof APIConnectionTimeoutError) return new TeacherError('request timed out', 'timeout');
  if (err instanceof APIConnectionError) return new TeacherError(`connection error: ${err.message}`, 'connection');
  if (err instanceof APIError) {
    const status = err.status ?? 0;
    const message = `HTTP ${status}: ${serverMessage(err)}`;
    const sorted = statusError(message, status, err.headers);
    // Only a status the client is to blame for may be a prompt longer than the context.
    const overflow = sorted.kind === 'client' ? parseAnthropicOverflow(err.apiMessage ?? '') : undefined;
    return overflow ? new ContextLengthError(message, overflow, status) : sorted;
  }
  // A 200 whose body is not the JSON the client expects surfaces as a parse error.
  return new TeacherError(`unreadable response: ${(err as Error)?.message ?? String(err)}`, 'bad_response');
}

/** "<error type>: <message>" from the error body (`{"type":"error","error":{"type","message"}}`), else the client's text without its status. */
function serverMessage(err: APIError): string {
  if (err.apiMessage) return err.type ? `${err.type}: ${err.apiMessage}` : err.apiMessage;
  const status = err.status;
  return status && err.message.startsWith(`${status} `) ? err.message.slice(String(status).length + 1) : err.message;
}

/** Anthropic's wording of an overflow: "prompt is too long: 210000 tokens > 200000 maximum". */
export function parseAnthropicOverflow(message: string): ContextOverflow | undefined {
  if (!/prompt is too long|exceeds? the (model's )?context (window|length)/i.test(message)) return undefined;
  const m = /(\d+)\s*tokens?\s*>\s*(\d+)/i.exec(message);
  return m ? { promptTokens: Number(m[1]), limit: Number(m[2]) } : {};
}

