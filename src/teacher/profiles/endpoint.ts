/**
 * Which endpoint answers, and under which identity its answers are stored (DESIGN invariant 10).
 * Pure functions of the teacher config and the environment.
 */
import { PROFILES, type ServerName, type ServerProfile } from './catalog.js';

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** The base URL the OpenAI client is given: `teacher.base_url`, else $OPENAI_BASE_URL, else OpenAI's. */
export function baseUrlOf(baseUrl: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  return baseUrl ?? (env.OPENAI_BASE_URL || undefined);
}

/**
 * One spelling per endpoint: scheme and host lower-cased, default port, credentials, query,
 * fragment and trailing slashes left out ("HTTP://Host:80/v1/" is "http://host/v1").
 */
export function normaliseBaseUrl(url: string | undefined): string {
  if (!url) return OPENAI_BASE_URL;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url.trim().replace(/\/+$/, '');
  }
  const port = u.port && !((u.protocol === 'http:' && u.port === '80') || (u.protocol === 'https:' && u.port === '443')) ? `:${u.port}` : '';
  const path = u.pathname.replace(/\/+$/, '');
  return `${u.protocol}//${u.hostname.toLowerCase()}${port}${path}`;
}

export function isOpenAIEndpoint(normalised: string): boolean {
  return /^https:\/\/api\.openai\.com(\/|$)/.test(normalised);
}

/** OpenAI's reasoning models: the o-series and the gpt-5 family (chat only, max_completion_tokens, no sampling parameters). */
export function isReasoningModel(model: string): boolean {
  return /^(o\d)([-.]|$)/i.test(model) || /^gpt-5([-.]|$)/i.test(model);
}

/**
 * The profile `teacher.server` names; `auto` is OpenAI's (or its reasoning profile, by model name)
 * for OpenAI's own base URL, and the generic OpenAI-compatible profile for any other.
 */
export function profileFor(server: 'auto' | ServerName, model: string, normalisedUrl: string): ServerProfile {
  if (server !== 'auto') return PROFILES[server];
  if (!isOpenAIEndpoint(normalisedUrl)) return PROFILES.generic;
  return PROFILES[isReasoningModel(model) ? 'openai-reasoning' : 'openai'];
}

/**
 * The endpoint identity stored with each run and call and folded into the content key:
 * `teacher.endpoint_id` when set (replicas of one deployment share it), else the normalised base URL.
 */
export function endpointIdentity(endpointId: string | undefined, normalisedUrl: string): string {
  return endpointId ?? normalisedUrl;
}
