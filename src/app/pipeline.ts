/**
 * The pipeline schema, built from the recipe registry: the common keys plus each recipe's
 * `method` and `params` (and its cross-key checks), as one discriminated union.
 */
import { z } from 'zod';
import { PIPELINE_KEYS } from '../config/common.js';
import { loadConfigFile, parseConfig } from '../config/load.js';
import { RECIPES, type PipelineConfig } from '../methods/registry.js';

export type { ConfigOf, MethodName, PipelineConfig } from '../methods/registry.js';

const variants = RECIPES.map((r) => {
  const shape = z.strictObject({ ...PIPELINE_KEYS, method: z.literal(r.manifest.method), params: r.manifest.params.prefault({}) });
  const check = r.manifest.check;
  return check ? shape.superRefine((cfg, ctx) => check(cfg, ctx)) : shape;
});

export const PipelineSchema = z.discriminatedUnion('method', variants as unknown as [z.ZodObject, ...z.ZodObject[]]) as unknown as z.ZodType<PipelineConfig>;

/** Pure: YAML text to a validated pipeline. `overrides` are dotted keys from the command line. */
export function parsePipeline(text: string, file: string, overrides: Record<string, unknown> = {}): PipelineConfig {
  return parseConfig(PipelineSchema, text, file, overrides);
}

/** Read, parse and validate a pipeline file; throws one ConfigError naming file, line and key. */
export function loadPipelineFile(file: string, overrides: Record<string, unknown> = {}): PipelineConfig {
  return loadConfigFile(PipelineSchema, file, overrides);
}
