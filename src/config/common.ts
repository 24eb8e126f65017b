import { z } from 'zod';
import { SamplingParamsSchema } from './sampling.js';
import { SERVER_NAMES } from '../teacher/profiles/catalog.js';

/**
 * The keys of a teacher block. Which backend answers: `auto` picks `openai` when its API key is set,
 * else the offline `sim`; `anthropic` is Anthropic's Messages API (README, "Anthropic").
 */
export const TeacherBlockSchema = z.strictObject({
  provider: z.enum(['auto', 'sim', 'openai', 'anthropic']).default('auto'),
  model: z.string().min(1).default('gpt-4o-mini'),
  mode: z.enum(['chat', 'completion']).default('chat'),
  /** Default: $OPENAI_BASE_URL, else the OpenAI API ($ANTHROPIC_BASE_URL, else Anthropic's API, for provider anthropic). */
  base_url: z.string().url().optional(),
  /**
   * Several replicas of the teacher (README, "Several endpoints"): each a base URL and a routing
   * weight (default 1). Instead of `base_url`; their answers are keyed under one identity (the
   * group: `endpoint_id`, else the first URL), since replicas serve the same model.
   */
  endpoints: z.array(z.strictObject({ base_url: z.string().url(), weight: z.number().positive().default(1) })).min(1).optional(),
  /** Name of the environment variable holding the key; the key itself never enters a config. Default OPENAI_API_KEY (ANTHROPIC_API_KEY for provider anthropic). */
  api_key_env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name').default('OPENAI_API_KEY'),
  timeout_seconds: z.number().positive().default(120),
  /**
   * Which server's parameter rules requests follow (README, "Teacher servers"): `auto` is OpenAI's
   * (its reasoning rules for o-series and gpt-5 models) at OpenAI's base URL, else a generic
   * OpenAI-compatible profile; or one of vllm, sglang, tgi, llama.cpp, ollama, lmstudio, openai, openai-reasoning.
   */
  server: z.enum(['auto', ...SERVER_NAMES.filter((n) => n !== 'generic')]).default('auto'),
  /**
   * Who answers, as stored with runs and calls and folded into the content key. Default: the
   * normalised base URL. Give replicas of one deployment the same id so they share answers.
   */
  endpoint_id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,199}$/, 'an id of letters, digits and . _ : / @ -').optional(),
  /**
   * How calls are priced: `auto` prices them from `prices` at OpenAI's endpoint only (a self-hosted
   * server's calls cost 0); `prices` applies the `prices` table whatever the endpoint (a paid
   * gateway); `free` counts every call at 0.
   */
  billing: z.enum(['auto', 'prices', 'free']).default('auto'),
  /** Send a per-request `seed` so servers that honour it (vLLM, the fake server) reproduce draws. */
  send_seed: z.boolean().default(true),
  system_prompt: z.string().optional(),
  /**
   * Ask stages whose answers have structure (Self-Instruct's lists and instances, Alpaca's tasks,
   * the judge's score) for a JSON document, sent as a JSON Schema the server enforces (chat mode,
   * servers with structured outputs: see "Structured outputs" in the README). Answers that are not
   * valid JSON are read by the text parsers as before. Default false: the reference's text prompts and parsers.
   */
  structured_outputs: z.boolean().default(false),
  /**
   * Send each wave's requests as provider batch jobs (OpenAI's /v1/files + /v1/batches, Anthropic's
   * Message Batches) instead of one by one (README, "Batch mode"): half price, answers within 24 hours. Optional
   * with no default, so the resolved configs (and hashes) of runs that never set it are unchanged.
   */
  batch: z.boolean().optional(),
  /** How often a batch job is polled, in seconds (default 30). */
  batch_poll_seconds: z.number().positive().max(3600).optional(),
  /** How answers of chat models are read (see README, "Chat models"). */
  chat: z
    .strictObject({
      /** Take out preambles, closing remarks, markup and framing before a stage's parser reads a chat answer (recorded per sample). */
      normalise: z.boolean().default(true),
      /** `safe`: leave out stop strings that fire inside a chat answer's content (e.g. "\n\n"); `as-configured`: send them as set. */
      stops: z.enum(['safe', 'as-configured']).default('safe'),
    })
    .prefault({}),
});

/**
 * A teacher block with the defaults that depend on its provider: an `anthropic` teacher reads
 * $ANTHROPIC_API_KEY unless `api_key_env` says otherwise, and must name its model (the default
 * model is an OpenAI one). Other blocks parse exactly as `TeacherBlockSchema` does, so resolved
 * configs (and their hashes) of existing runs are unchanged.
 */
export const TeacherConfigSchema = z.preprocess((raw, ctx) => {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const block = raw as Record<string, unknown>;
  if (block.provider !== 'anthropic') return raw;
  if (block.model === undefined) {
    ctx.issues.push({ code: 'custom', path: ['model'], input: undefined, message: 'provider anthropic needs a model name (e.g. claude-sonnet-4-5): the default model is an OpenAI one' });
  }
  return block.api_key_env === undefined ? { ...block, api_key_env: 'ANTHROPIC_API_KEY' } : raw;
}, TeacherBlockSchema);
export type TeacherConfig = z.infer<typeof TeacherBlockSchema>;

/** USD per million tokens. */
export const PriceSchema = z.strictObject({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cached_input: z.number().nonnegative().optional(),
  /** Batch rates (default: half of `input` and `output`, OpenAI's and Anthropic's batch discount). */
  batch_input: z.number().nonnegative().optional(),
  batch_output: z.number().nonnegative().optional(),
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
  /** Consecutive failed attempts that trip the circuit breaker and pause the run (429s count only past `rate_limit_window_seconds`). */
  breaker_failures: z.number().int().min(1).default(20),
  /** Failures in a row that retrying cannot fix with the same HTTP status (400, 401, 403, 404, 422, context length, insufficient_quota...) that stop the run as failed. */
  hard_failures: z.number().int().min(1).default(3),
  /** Longest wait honoured of a server's Retry-After; a longer one is waited this long, and said so. */
  max_retry_after_seconds: z.number().min(0).max(3600).default(60),
  /** A 429 storm shorter than this only slows the run (AIMD); 429s count toward the breaker once it has lasted this long without a success. */
  rate_limit_window_seconds: z.number().min(0).default(60),
  /**
   * Each retry after a timeout waits this many times longer than the attempt that timed out
   * (`teacher.timeout_seconds` first), up to `max_timeout_seconds`: the timeout includes time queued
   * behind a busy server's slots, so the same timeout would likely fail again. 1 keeps it fixed.
   */
  timeout_growth: z.number().min(1).max(10).default(2),
  /** The longest an attempt's timeout grows to (see `timeout_growth`). */
  max_timeout_seconds: z.number().positive().default(600),
  /**
   * Attempts given to a request answered with empty text (e.g. a stop string at offset 0). The
   * same request at the same settings tends to give the same empty answer, and the server bills
   * each one: 2 retries once. Each empty answer's usage is charged to the call and the budget.
   */
  empty_answer_attempts: z.number().int().min(1).max(50).default(2),
  /**
   * An answer whose reported usage.prompt_tokens is below this share of the journal's estimate of
   * the prompt (four characters a token) gets a failed `prompt-intact` check: the server probably
   * cut the prompt (e.g. llama.cpp's context shift). 0 turns the check off. See README, "Failures".
   */
  prompt_intact_ratio: z.number().min(0).max(1).default(0.75),
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
 * `wave_depth` of a recipe whose first stage reads nothing of earlier waves (fixed demos, a bare
 * template, the next slice of a file): waves whose first-stage requests are in flight at once.
 * Its answers are still read in wave order, so the dataset does not depend on it; only calls
 * spent on waves started ahead and not needed at the end do. 1 is one wave at a time.
 */
export function independentWaveDepth(defaultDepth: number) {
  return z.number().int().min(1).max(64).default(defaultDepth);
}

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

/** The common `judge` key of every pipeline: the LLM judge applied to a recipe's accepted samples. */
export const JudgeConfigSchema = z
  .strictObject({
    /** Off by default; methods with their own curation (backtranslation) configure it in `params`. */
    enabled: z.boolean().default(false),
    /** Rubric template: {{instruction}} and {{output}} (or {{answer}}), optionally {{input}} and {{demos}}. */
    prompt: z.string().min(1).default('prompts/judge/quality-v1.txt'),
    /** Keep samples scoring at least this (1-5; fractional scores such as 4.5 compare as they are). */
    min_score: z.number().min(1).max(5).default(4),
    sampling: stageSampling({ temperature: 0, top_p: 1, max_tokens: 512 }),
  })
  .prefault({});
export type JudgeConfig = z.infer<typeof JudgeConfigSchema>;

/** Keys every pipeline shares, whatever its method; a recipe adds `method` and `params`. */
export const PIPELINE_KEYS = {
  /** The run's name in the database; running an existing name resumes it. */
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'a name of letters, digits, ".", "_" or "-"'),
  description: z.string().optional(),
  seed: z.number().int().nonnegative().default(42),
  /** How many accepted samples of the method's main kind to reach. */
  target: z.number().int().positive().default(100),
  seeds: SeedsSchema.prefault({}),
  teacher: TeacherConfigSchema.prefault({}),
  /**
   * Named teachers besides `teacher`, e.g. `{ strong: { model: gpt-4o } }`: a stage of a user's
   * pipeline (method `custom`) picks one by name, so one run can draw answers from several models.
   * Each is a full teacher block (the same keys and defaults as `teacher`).
   */
  teachers: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'a teacher name of letters, digits, "_" or "-"'), TeacherConfigSchema).default({}),
  /** Price table, USD per million tokens, by model name. */
  prices: z.record(z.string(), PriceSchema).default({}),
  limits: LimitsSchema.prefault({}),
  budget: BudgetSchema.prefault({}),
  /** The LLM judge stage applied to a method's accepted samples (off by default; see README). */
  judge: JudgeConfigSchema,
};

const BaseConfigSchema = z.strictObject({ ...PIPELINE_KEYS, method: z.string(), params: z.unknown() });

/** What the engine knows of any pipeline: the common keys, a method name and its params. */
export type BaseConfig = z.infer<typeof BaseConfigSchema>;

/** A recipe's pipeline config: the common keys with its own method name and params. */
export type RecipeConfig<M extends string, P> = Omit<BaseConfig, 'method' | 'params'> & { method: M; params: P };
