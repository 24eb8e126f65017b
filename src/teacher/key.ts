import { hashJson } from '../util/hash.js';
import type { TeacherRequest } from './types.js';

/** What decides an answer, apart from who answers: mode, text and sampling, without the draw seed. */
export function contentHash(request: TeacherRequest): string {
  const { seed: _seed, ...params } = request.params;
  return hashJson({ mode: request.mode, model: request.model, messages: request.messages, prompt: request.prompt, params });
}

/**
 * The journal key (DESIGN invariant 1): provider, model, rendered text, parameters and the draw index,
 * so repeated sampling of one prompt stays distinct while identical requests share one stored answer.
 */
export function requestKey(provider: string, request: TeacherRequest, draw: number): string {
  return hashJson({ v: 1, provider, mode: request.mode, model: request.model, messages: request.messages, prompt: request.prompt, params: request.params, draw });
}
