import type { TeacherConfig } from '../config/common.js';
import { OpenAITeacher } from './openai.js';
import { SimTeacher } from './sim/index.js';

const SIM_MODEL = new SimTeacher().model;
import type { Teacher } from './types.js';

export class TeacherSetupError extends Error {
  override name = 'TeacherSetupError';
}

export interface ResolvedTeacher {
  teacher: Teacher;
  /** A sentence for the user on which teacher answers and why. */
  notice: string;
}

/**
 * Pick the backend: `auto` means the OpenAI-compatible endpoint when its key is in the
 * environment, otherwise the offline sim teacher, said plainly. The key is read here and
 * handed to the client only.
 */
export function resolveTeacher(cfg: TeacherConfig, env: NodeJS.ProcessEnv): ResolvedTeacher {
  const key = env[cfg.api_key_env];
  const provider = resolveProvider(cfg, env).provider;
  if (provider === 'sim') {
    const why = cfg.provider === 'auto' ? `no ${cfg.api_key_env} is set, so ` : '';
    return {
      teacher: new SimTeacher(),
      notice: `${why}the offline sim teacher answers: its output is simulated placeholder text, not a model's.`,
    };
  }
  if (!key) throw new TeacherSetupError(`teacher "openai" needs an API key in $${cfg.api_key_env} (set it, or use --teacher sim)`);
  const baseURL = cfg.base_url ?? env.OPENAI_BASE_URL ?? undefined;
  return {
    teacher: new OpenAITeacher({ model: cfg.model, apiKey: key, baseURL, timeoutMs: cfg.timeout_seconds * 1000 }),
    notice: `teacher: ${cfg.model} at ${baseURL ?? 'https://api.openai.com/v1'} (${cfg.mode} mode)`,
  };
}

/** Which backend a config would use and under what model name, without needing its key (for `plan`). */
export function resolveProvider(cfg: TeacherConfig, env: NodeJS.ProcessEnv): { provider: 'sim' | 'openai'; model: string; simulated: boolean } {
  const provider = cfg.provider === 'auto' ? (env[cfg.api_key_env] ? 'openai' : 'sim') : cfg.provider;
  return provider === 'sim' ? { provider, model: SIM_MODEL, simulated: true } : { provider, model: cfg.model, simulated: false };
}
