import type { BaseConfig, StageSampling } from '../config/common.js';
import { ConfigError } from '../config/errors.js';
import type { RecipeManifest } from '../engine/recipe.js';
import { capabilityProblems, providerFor, type SamplingUse } from '../teacher/providers.js';

/** Every stage sampling block a config sets: the recipe's, and the judge's when it is on. */
export function samplingUses(config: BaseConfig, manifest: RecipeManifest): SamplingUse[] {
  const params = (config.params ?? {}) as Record<string, StageSampling | undefined>;
  const uses = manifest.sampling.flatMap((k) => (params[k] ? [{ key: `params.${k}`, sampling: params[k]! }] : []));
  if (config.judge.enabled) uses.push({ key: 'judge.sampling', sampling: config.judge.sampling });
  return uses;
}

/**
 * Check the config against the provider's declared capabilities before the first call: one
 * ConfigError naming the first key the provider cannot honour, and how many more there are.
 */
export function checkCapabilities(config: BaseConfig, manifest: RecipeManifest, env: NodeJS.ProcessEnv, file: string | null): void {
  const provider = providerFor(config.teacher, env);
  const problems = capabilityProblems(provider, config.teacher, samplingUses(config, manifest), env);
  if (problems.length === 0) return;
  const [first, ...rest] = problems;
  throw new ConfigError(file ?? `pipeline "${config.name}"`, undefined, first!.key, `${first!.message}${rest.length ? ` (and ${rest.length} more)` : ''}`);
}
