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

/** Which backend a config would use and under what model name, without needing its key (for `plan`). */
export function resolveProvider(cfg: TeacherConfig, env: NodeJS.ProcessEnv): { provider: 'sim' | 'openai'; model: string; simulated: boolean } {
  const provider = providerFor(cfg, env);
  return { provider: provider.name, model: provider.model(provider.options.parse(cfg)), simulated: provider.simulated };
}
