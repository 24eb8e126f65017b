import type { TeacherConfig } from '../config/common.js';
import { providerFor } from './providers.js';
import type { Teacher } from './types.js';

export { TeacherSetupError } from './providers.js';

export interface ResolvedTeacher {
  teacher: Teacher;
  /** A sentence for the user on which teacher answers and why. */
  notice: string;
}

/**
 * Pick and build the backend from the provider registry: `auto` means the OpenAI-compatible
 * endpoint when its key is in the environment, otherwise the offline sim teacher, said plainly.
 */
export function resolveTeacher(cfg: TeacherConfig, env: NodeJS.ProcessEnv): ResolvedTeacher {
  const provider = providerFor(cfg, env);
  const made = provider.create(provider.options.parse(cfg), env);
  const why = provider.name === 'sim' && cfg.provider === 'auto' ? `no ${cfg.api_key_env} is set, so ` : '';
  return { teacher: made.teacher, notice: `${why}${made.notice}` };
}

export interface ProviderIdentity {
  provider: 'sim' | 'openai' | 'anthropic';
  model: string;
  simulated: boolean;
  /** Who answers (a normalised base URL, `teacher.endpoint_id`, or "sim"), as runs and calls record it. */
  endpoint: string;
  /** What its answers are keyed under, as the journal keys them. */
  keyIdentity: string;
  /** Whether it counts tokens as OpenAI's o200k_base does (OpenAI's own API; the sim, which costs nothing). */
  openaiTokenizer: boolean;
}

/** Which backend a config would use, under what model name and key identity, without needing its key (for `plan`). */
export function resolveProvider(cfg: TeacherConfig, env: NodeJS.ProcessEnv): ProviderIdentity {
  const provider = providerFor(cfg, env);
  const options = provider.options.parse(cfg);
  const identity = provider.identity?.(options, env) ?? { endpoint: provider.name, keyIdentity: provider.name, openaiTokenizer: true };
  return { provider: provider.name, model: provider.model(options), simulated: provider.simulated, ...identity };
}
