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

export interface KeyedRequest {
  request: TeacherRequest;
  draw: number;
  key: string;
  contentHash: string;
}

/**
 * Draw indices and keys for a wave's requests, in list order: identical content gets the next draw
 * after those used in earlier waves (`earlierDraws`) and earlier in this list. With `sendSeed` the
 * draw goes out as the request's `seed`.
 */
export function keyRequests(
  provider: string,
  requests: readonly TeacherRequest[],
  earlierDraws: (contentHash: string) => number,
  sendSeed: boolean,
): KeyedRequest[] {
  const inWave = new Map<string, number>();
  return requests.map((base) => {
    const hash = contentHash(base);
    const seen = inWave.get(hash) ?? 0;
    inWave.set(hash, seen + 1);
    const draw = earlierDraws(hash) + seen;
    const request: TeacherRequest = { ...base, params: { ...base.params, ...(sendSeed ? { seed: draw } : {}) } };
    return { request, draw, contentHash: hash, key: requestKey(provider, request, draw) };
  });
}
