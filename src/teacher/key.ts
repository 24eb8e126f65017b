import { canonicalJson, sha256 } from '../util/hash.js';
import type { Teacher, TeacherRequest } from './types.js';

/**
 * The request without its draw seed, canonically serialised: what decides an answer, apart from who
 * answers. A response format is included only when set, so requests without one keep their keys.
 */
function canonicalContent(request: TeacherRequest): string {
  const { seed: _seed, ...params } = request.params;
  const content = { mode: request.mode, model: request.model, messages: request.messages, prompt: request.prompt, params };
  return canonicalJson(request.responseFormat ? { ...content, responseFormat: request.responseFormat } : content);
}

/**
 * The identity a teacher's answers are keyed under: its `keyIdentity` when it has one (an endpoint
 * other than OpenAI's own, see `keyIdentityFor`), else its provider name ("sim", "openai") as before.
 */
export function keyIdentityOf(teacher: Pick<Teacher, 'provider' | 'keyIdentity'>): string {
  return teacher.keyIdentity ?? teacher.provider;
}

/** The endpoint stored with a run and its calls: the teacher's, "sim" for the simulated teacher, else null (a test double). */
export function endpointOf(teacher: Pick<Teacher, 'endpoint' | 'simulated'>): string | null {
  return teacher.endpoint ?? (teacher.simulated ? 'sim' : null);
}

/**
 * The key identity of an OpenAI-compatible endpoint. OpenAI's own API without an endpoint id keeps
 * the provider name alone, so databases answered by it before endpoints were keyed resume without
 * paying again; any other endpoint (or an explicit `teacher.endpoint_id`) is keyed by its identity.
 */
export function keyIdentityFor(provider: string, endpoint: string, openaiDefault: boolean): string {
  return openaiDefault ? provider : `${provider}@${endpoint}`;
}

export function contentHash(request: TeacherRequest): string {
  return sha256(canonicalContent(request));
}

/**
 * The journal key (DESIGN invariant 1): provider, model, rendered text, parameters and the draw index,
 * so repeated sampling of one prompt stays distinct while identical requests share one stored answer.
 * `seed` is the request's seed parameter when one is sent (it equals the draw), else null.
 */
function keyOf(provider: string, content: string, draw: number, seed: number | null): string {
  return sha256(`distillery-key-v1\n${provider}\n${draw}\n${seed ?? ''}\n${content}`);
}

export function requestKey(provider: string, request: TeacherRequest, draw: number): string {
  return keyOf(provider, canonicalContent(request), draw, request.params.seed ?? null);
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
    // Serialised and hashed once; the key reuses the canonical text.
    const content = canonicalContent(base);
    const hash = sha256(content);
    const seen = inWave.get(hash) ?? 0;
    inWave.set(hash, seen + 1);
    const draw = earlierDraws(hash) + seen;
    const request: TeacherRequest = { ...base, params: { ...base.params, ...(sendSeed ? { seed: draw } : {}) } };
    return { request, draw, contentHash: hash, key: keyOf(provider, content, draw, sendSeed ? draw : (base.params.seed ?? null)) };
  });
}
