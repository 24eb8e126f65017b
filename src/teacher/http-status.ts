/**
 * The retry policy's reading of an HTTP error status, shared by every provider's client: 429 waits
 * and retries (honouring Retry-After), 5xx, 408 and 409 are server errors and retried, any other
 * status is the client's and not retried; status 0 (no status) is an unreadable response.
 */
import { retryAfterMs } from './retry-after.js';
import { TeacherError } from './types.js';

export function statusError(message: string, status: number, headers: Headers | undefined): TeacherError {
  if (status === 0) return new TeacherError(message, 'bad_response');
  if (status === 429) return new TeacherError(message, 'rate_limit', retryAfterMs(headers), status);
  if (status >= 500 || status === 408 || status === 409) return new TeacherError(message, 'server', retryAfterMs(headers), status);
  return new TeacherError(message, 'client', undefined, status);
}
