/**
 * An anthropic teacher block resolved (pure: config and environment in, facts out): the endpoint,
 * its identities and billing, and what the config asks that the Messages API cannot do.
 */
import type { StageSampling, TeacherConfig } from '../../config/common.js';
import { keyIdentityFor } from '../key.js';
import { endpointIdentity, normaliseBaseUrl } from '../profiles/endpoint.js';
import { ANTHROPIC_API_URL, MAX_TEMPERATURE, isAnthropicEndpoint, samplingExclusive } from './models.js';
import { sendsTopP } from './wire.js';

export type AnthropicEndpointConfig = Pick<TeacherConfig, 'base_url'> & Partial<Pick<TeacherConfig, 'endpoint_id' | 'billing'>>;

export interface ResolvedAnthropic {
  /** The API root the client is given. */
  baseURL: string;
  /** `teacher.endpoint_id`, else the normalised base URL. */
  endpoint: string;
  /** "anthropic" at Anthropic's own API without an endpoint id, else "anthropic@<endpoint>". */
  keyIdentity: string;
  /** Whether the `prices` table applies (`teacher.billing`: auto bills Anthropic's own API only). */
  billed: boolean;
  /** Where the base URL came from, for messages. */
  source: 'teacher.base_url' | '$ANTHROPIC_BASE_URL' | 'default';
}

export function resolveAnthropic(cfg: AnthropicEndpointConfig, env: NodeJS.ProcessEnv): ResolvedAnthropic {
  const fromEnv = env.ANTHROPIC_BASE_URL || undefined;
  const baseURL = cfg.base_url ?? fromEnv ?? ANTHROPIC_API_URL;
  const source = cfg.base_url ? 'teacher.base_url' : fromEnv ? '$ANTHROPIC_BASE_URL' : 'default';
  const url = normaliseBaseUrl(baseURL);
  const endpoint = endpointIdentity(cfg.endpoint_id, url);
  const own = isAnthropicEndpoint(url);
  const billing = cfg.billing ?? 'auto';
  return {
    baseURL,
    endpoint,
    keyIdentity: keyIdentityFor('anthropic', endpoint, own && cfg.endpoint_id === undefined),
    billed: billing === 'prices' || (billing === 'auto' && own),
    source,
  };
}

export interface SamplingUse {
  key: string;
  sampling: StageSampling;
}

export interface Problem {
  key: string;
  message: string;
}

/** The teacher keys read here (the whole block at run time). */
export interface AnthropicChecked {
  model?: string | undefined;
  server?: string | undefined;
  endpoints?: unknown;
}

/**
 * What the Messages API refuses that the declared capabilities do not already catch: a temperature
 * above 1, temperature and top_p together for models that take one only (a top_p that is not sent,
 * at 1 or at temperature 0, never counts), and the OpenAI-only teacher keys `endpoints` and `server`.
 */
export function anthropicProblems(t: AnthropicChecked, uses: readonly SamplingUse[]): Problem[] {
  const problems: Problem[] = [];
  if (t.endpoints !== undefined) problems.push({ key: 'teacher.endpoints', message: 'provider "anthropic" takes one endpoint (teacher.base_url); teacher.endpoints lists OpenAI-compatible replicas' });
  if (t.server !== undefined && t.server !== 'auto') problems.push({ key: 'teacher.server', message: `teacher.server (${t.server}) names an OpenAI-compatible server's rules; provider "anthropic" follows the Messages API's own (leave it auto)` });
  const exclusive = t.model !== undefined && samplingExclusive(t.model);
  for (const u of uses) {
    const { temperature, top_p } = u.sampling;
    if (temperature !== undefined && temperature > MAX_TEMPERATURE) {
      problems.push({ key: `${u.key}.temperature`, message: `provider "anthropic" takes a temperature from 0 to ${MAX_TEMPERATURE} (this stage sets ${temperature})` });
    }
    if (exclusive && temperature !== undefined && sendsTopP({ temperature, top_p })) {
      problems.push({
        key: `${u.key}.top_p`,
        message: `${t.model} refuses temperature and top_p together (this stage sets temperature ${temperature} and top_p ${top_p}): set ${u.key}.top_p to 1 (not sent) to sample by temperature alone, or pick a model that takes both (the claude-3 family, claude-opus-4, claude-sonnet-4)`,
      });
    }
  }
  return problems;
}
