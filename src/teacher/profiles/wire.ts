/**
 * The wire body's sampling fields for one request under a server profile. Pure: the journal keeps
 * the request as the recipe built it (and its key), and this translation happens as it is sent.
 */
import type { ResponseFormat, SamplingParams } from '../types.js';
import type { ServerProfile } from './catalog.js';

export type WireFields = Record<string, unknown>;

/**
 * Sampling fields as `profile` takes them:
 * - top_p 0 is never sent: with temperature 0 (greedy, how Self-Instruct asks) it is left out, since
 *   greedy decoding ignores nucleus filtering; vLLM, SGLang and TGI refuse 0 outright.
 * - TGI refuses top_p 1, which means no filtering: left out too.
 * - a reasoning model gets max_completion_tokens and none of temperature, top_p, penalties or stop.
 */
export function wireSampling(profile: ServerProfile, mode: 'chat' | 'completion', p: SamplingParams): WireFields {
  const out: WireFields = {};
  if (p.temperature !== undefined && !profile.fixedTemperature) out.temperature = p.temperature;
  const topP = wireTopP(profile, p.temperature, p.top_p);
  if (topP !== undefined) out.top_p = topP;
  if (p.max_tokens !== undefined) out[mode === 'chat' ? profile.maxTokensField : 'max_tokens'] = p.max_tokens;
  if (profile.stop && p.stop && p.stop.length > 0) out.stop = p.stop;
  if (profile.penalties) {
    if (p.presence_penalty !== undefined) out.presence_penalty = p.presence_penalty;
    if (p.frequency_penalty !== undefined) out.frequency_penalty = p.frequency_penalty;
  }
  if (profile.seed && p.seed !== undefined) out.seed = p.seed;
  return out;
}

function wireTopP(profile: ServerProfile, temperature: number | undefined, topP: number | undefined): number | undefined {
  if (topP === undefined || profile.topP === 'none') return undefined;
  if (topP === 0 && temperature === 0) return undefined;
  if (topP >= 1 && profile.topP === '(0,1)') return undefined;
  return topP;
}

/** The request's JSON Schema in the profile's wire form; nothing when the profile has no structured outputs. */
export function wireResponseFormat(profile: ServerProfile, format: ResponseFormat | undefined): WireFields {
  if (!format || !profile.structured) return {};
  if (profile.structured === 'tgi_json') return { response_format: { type: 'json', value: format.schema } };
  return { response_format: { type: 'json_schema', json_schema: { name: format.name, schema: format.schema, strict: format.strict ?? true } } };
}

/**
 * The stop string (or stop token id, as "token:<id>") a server says ended the answer: vLLM's
 * `stop_reason`, SGLang's `matched_stop`; null when the server does not say (OpenAI, TGI,
 * llama.cpp's OpenAI routes). Read whatever the profile, since a generic server may be either.
 */
export function readStopReason(choice: unknown): string | null {
  if (!choice || typeof choice !== 'object') return null;
  const c = choice as Record<string, unknown>;
  for (const v of [c.stop_reason, c.matched_stop]) {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return `token:${v}`;
  }
  return null;
}
