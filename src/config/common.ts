import { z } from 'zod';
import { SamplingParamsSchema } from '../teacher/types.js';

/** Which backend answers: `auto` picks `openai` when its API key is set, else the offline `sim`. */
export const TeacherConfigSchema = z.strictObject({
  provider: z.enum(['auto', 'sim', 'openai']).default('auto'),
  model: z.string().min(1).default('gpt-4o-mini'),
  mode: z.enum(['chat', 'completion']).default('chat'),
  /** Default: $OPENAI_BASE_URL, else the OpenAI API. */
  base_url: z.string().url().optional(),
  /** Name of the environment variable holding the key; the key itself never enters a config. */
  api_key_env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name').default('OPENAI_API_KEY'),
  timeout_seconds: z.number().positive().default(120),
  /** Send a per-request `seed` so servers that honour it (vLLM, the fake server) reproduce draws. */
  send_seed: z.boolean().default(true),
  system_prompt: z.string().optional(),
});
export type TeacherConfig = z.infer<typeof TeacherConfigSchema>;

/** USD per million tokens. */
export const PriceSchema = z.strictObject({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cached_input: z.number().nonnegative().optional(),
});
export type Price = z.infer<typeof PriceSchema>;

export const LimitsSchema = z.strictObject({
  concurrency: z.number().int().min(1).max(1024).default(8),
  /** 0 means no cap. */
  requests_per_minute: z.number().int().nonnegative().default(0),
  tokens_per_minute: z.number().int().nonnegative().default(0),
  /** Attempts per request, the first included. */
  max_attempts: z.number().int().min(1).max(50).default(6),
  /** First backoff step between attempts, doubled each attempt (with jitter, capped at 30 s). */
  retry_base_ms: z.number().int().min(1).max(60_000).default(500),
  /** Consecutive failed requests that trip the circuit breaker and pause the run. */
  breaker_failures: z.number().int().min(1).default(20),
});
export type Limits = z.infer<typeof LimitsSchema>;

export const BudgetSchema = z.strictObject({
  max_cost: z.number().positive().optional(),
  max_tokens: z.number().int().positive().optional(),
  max_calls: z.number().int().positive().optional(),
});
export type Budget = z.infer<typeof BudgetSchema>;

export const StageSamplingSchema = SamplingParamsSchema.omit({ seed: true }).strict();
export type StageSampling = z.infer<typeof StageSamplingSchema>;

/**
 * A stage's sampling block whose keys each fall back to the recipe's value, so a config that
 * sets only `temperature` keeps the recipe's `max_tokens` and `stop`.
 */
export function stageSampling(defaults: StageSampling) {
  const shape = StageSamplingSchema.shape;
  return z
    .strictObject({
      temperature: shape.temperature.default(defaults.temperature as never),
      top_p: shape.top_p.default(defaults.top_p as never),
      max_tokens: shape.max_tokens.default(defaults.max_tokens as never),
      stop: shape.stop.default(defaults.stop as never),
      presence_penalty: shape.presence_penalty.default(defaults.presence_penalty as never),
      frequency_penalty: shape.frequency_penalty.default(defaults.frequency_penalty as never),
    })
    .prefault({});
}

export const SeedsSchema = z.strictObject({
  path: z.string().min(1).default('seeds/tasks.jsonl'),
  /** Use at most this many seed tasks (in file order); 0 means all. */
  limit: z.number().int().nonnegative().default(0),
});
