/** A teacher config's endpoint, profile and identities, resolved once (pure: config and environment in, facts out). */
import type { TeacherConfig } from '../../config/common.js';
import type { ServerProfile } from './catalog.js';
import { keyIdentityFor } from '../key.js';
import { baseUrlOf, endpointIdentity, isOpenAIEndpoint, normaliseBaseUrl, profileFor } from './endpoint.js';

export type EndpointConfig = Pick<TeacherConfig, 'model' | 'base_url'> & Partial<Pick<TeacherConfig, 'server' | 'endpoint_id' | 'billing'>>;

export interface ResolvedEndpoint {
  /** What the client is given (undefined: the client's default, OpenAI's API). */
  baseURL: string | undefined;
  /** The normalised base URL (OpenAI's when none is set). */
  url: string;
  /** `teacher.endpoint_id`, else `url`. */
  endpoint: string;
  profile: ServerProfile;
  /** The content key's identity: "openai" for OpenAI's own API without an endpoint id, else "openai@<endpoint>". */
  keyIdentity: string;
  /** Whether the `prices` table applies to its calls (see `teacher.billing`). */
  billed: boolean;
}

export function resolveEndpoint(cfg: EndpointConfig, env: NodeJS.ProcessEnv): ResolvedEndpoint {
  const baseURL = baseUrlOf(cfg.base_url, env);
  const url = normaliseBaseUrl(baseURL);
  const endpoint = endpointIdentity(cfg.endpoint_id, url);
  const profile = profileFor(cfg.server ?? 'auto', cfg.model, url);
  const openaiDefault = isOpenAIEndpoint(url) && cfg.endpoint_id === undefined;
  const billing = cfg.billing ?? 'auto';
  const billed = billing === 'prices' || (billing === 'auto' && profile.billed && isOpenAIEndpoint(url));
  return { baseURL, url, endpoint, profile, keyIdentity: keyIdentityFor('openai', endpoint, openaiDefault), billed };
}
