import { z } from 'zod';
import type { TeacherRequest } from '../teacher/types.js';

/** The transient failures the fake server can inject: a client retries them (or takes the degraded answer). */
export const TRANSIENT_FAULT_KINDS = [
  'rate_limit',
  'server_500',
  'server_502',
  'server_503',
  'timeout',
  'drop',
  'length',
  'empty',
  'malformed',
  'content_filter',
] as const;

/**
 * The failures retrying cannot fix, each with the error body a real server sends (see `hardFaultReply`):
 * `unauthorized` (401, invalid_api_key), `forbidden` (403), `not_found` (404, model_not_found),
 * `unprocessable` (422), `context_length` (400 in OpenAI's wording, context_length_exceeded),
 * `context_length_vllm` (400 in vLLM's wording), `context_length_llamacpp` (400,
 * exceed_context_size_error with n_prompt_tokens and n_ctx) and `insufficient_quota` (429 with type
 * and code insufficient_quota).
 */
export const HARD_FAULT_KINDS = [
  'unauthorized',
  'forbidden',
  'not_found',
  'unprocessable',
  'context_length',
  'context_length_vllm',
  'context_length_llamacpp',
  'insufficient_quota',
] as const;

/**
 * Answers that look fine and are not: `truncated_prompt` answers normally but reports a third of the
 * prompt's tokens in usage.prompt_tokens, as a server does that silently cut the prompt to fit its
 * context (llama.cpp's context shift). Kept out of the transient kinds: nothing fails, a check must see it.
 */
export const SILENT_FAULT_KINDS = ['truncated_prompt'] as const;

/** Every failure the fake server can inject. */
export const FAULT_KINDS = [...TRANSIENT_FAULT_KINDS, ...HARD_FAULT_KINDS, ...SILENT_FAULT_KINDS] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const FaultKindSchema = z.enum(FAULT_KINDS);

/**
 * Which requests fail, and how. Request numbers count completion requests (chat and completions)
 * from 1, starting when the plan is set (at start, by `setFaults`, or by `reset`).
 * - `rate` and `kinds`: each request fails with probability `rate`, with a kind drawn from `kinds`;
 *   both draws are a pure function of (`seed`, request number).
 * - `script`: faults for specific request numbers; takes precedence over `rate`.
 */
export const FaultPlanSchema = z
  .strictObject({
    rate: z.number().min(0).max(1).default(0),
    kinds: z.array(FaultKindSchema).default([]),
    seed: z.number().int().default(0),
    script: z
      .union([
        z.record(z.string().regex(/^\d+$/), FaultKindSchema),
        z.array(z.strictObject({ request: z.number().int().positive(), kind: FaultKindSchema })),
      ])
      .optional(),
  })
  .refine((p) => p.rate === 0 || p.kinds.length > 0, { message: 'faults.kinds must name at least one kind when rate > 0' });

export type ScriptedFault = { request: number; kind: FaultKind };
/** A plan object, or just a scripted list of `{ request, kind }`. */
export type FaultPlanInput = z.input<typeof FaultPlanSchema> | readonly ScriptedFault[];

/** A validated plan, ready to answer "does request n fail?" quickly. */
export class FaultPlan {
  private readonly scripted = new Map<number, FaultKind>();
  readonly rate: number;
  readonly kinds: readonly FaultKind[];
  readonly seed: number;

  constructor(input: FaultPlanInput) {
    const plan = FaultPlanSchema.parse(Array.isArray(input) ? { script: input } : input);
    this.rate = plan.rate;
    this.kinds = plan.kinds;
    this.seed = plan.seed;
    if (Array.isArray(plan.script)) for (const s of plan.script) this.scripted.set(s.request, s.kind);
    else if (plan.script) for (const [n, kind] of Object.entries(plan.script)) this.scripted.set(Number(n), kind);
  }

  /** The fault for request number `n` (1-based), if any. Deterministic in (seed, n). */
  faultFor(n: number): FaultKind | undefined {
    const scripted = this.scripted.get(n);
    if (scripted) return scripted;
    if (this.rate <= 0 || this.kinds.length === 0) return undefined;
    if (unitHash(this.seed, n, 0x9e37) >= this.rate) return undefined;
    return this.kinds[Math.floor(unitHash(this.seed, n, 0x85eb) * this.kinds.length)];
  }
}

/** A float in [0, 1) from three integers (a murmur3-style finaliser; pure and fast). */
export function unitHash(seed: number, n: number, salt: number): number {
  let h = (seed ^ Math.imul(n, 0x9e3779b1) ^ Math.imul(salt, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h ^ n, 0x27d4eb2d);
  h ^= h >>> 15;
  return (h >>> 0) / 0x1_0000_0000;
}

/** An error answer: status, JSON body and extra headers. */
export interface FaultReply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/** Prompt tokens as the fake server counts them (four characters a token, as the sim reports). */
export function promptTokensOf(request: TeacherRequest): number {
  const text = request.prompt ?? (request.messages ?? []).map((m) => m.content).join('');
  return Math.max(1, Math.ceil(text.length / 4));
}

/** The largest power of two below n (at least 1): a context limit the request overflows. */
export function limitBelow(n: number): number {
  return Math.max(1, 2 ** Math.floor(Math.log2(Math.max(1, n - 1))));
}

const openAIError = (status: number, message: string, type: string, code: string | null, param: string | null = null): FaultReply => ({
  status,
  body: JSON.stringify({ error: { message, type, param, code } }),
});

/**
 * The error answer of a fault retrying cannot fix, worded as the server it imitates words it, with
 * token counts computed from the request (the limit is the largest power of two the request
 * overflows); undefined for every other kind.
 */
export function hardFaultReply(kind: FaultKind | undefined, request: TeacherRequest): FaultReply | undefined {
  const prompt = promptTokensOf(request);
  const completion = request.params.max_tokens ?? 16;
  switch (kind) {
    case 'unauthorized':
      return openAIError(401, 'Incorrect API key provided (simulated). You can find your API key at https://platform.openai.com/account/api-keys.', 'invalid_request_error', 'invalid_api_key');
    case 'forbidden':
      return openAIError(403, 'Project does not have access to this model (simulated).', 'invalid_request_error', 'model_not_allowed');
    case 'not_found':
      return openAIError(404, `The model \`${request.model}\` does not exist or you do not have access to it (simulated).`, 'invalid_request_error', 'model_not_found');
    case 'unprocessable':
      return openAIError(422, 'Unprocessable entity: temperature must be at most 2 (simulated).', 'invalid_request_error', null, 'temperature');
    case 'context_length':
      return openAIError(
        400,
        `This model's maximum context length is ${limitBelow(prompt)} tokens. However, your messages resulted in ${prompt} tokens. Please reduce the length of the messages.`,
        'invalid_request_error',
        'context_length_exceeded',
        'messages',
      );
    case 'context_length_vllm': {
      const total = prompt + completion;
      return openAIError(
        400,
        `This model's maximum context length is ${limitBelow(total)} tokens. However, you requested ${total} tokens (${prompt} in the messages, ${completion} in the completion). Please reduce the length of the messages or completion.`,
        'BadRequestError',
        '400',
      );
    }
    case 'context_length_llamacpp': {
      const nCtx = limitBelow(prompt);
      return {
        status: 400,
        body: JSON.stringify({
          error: { code: 400, message: `request (${prompt} tokens) exceeds the available context size (${nCtx} tokens), try increasing it`, type: 'exceed_context_size_error', n_prompt_tokens: prompt, n_ctx: nCtx },
        }),
      };
    }
    case 'insufficient_quota':
      return openAIError(429, 'You exceeded your current quota, please check your plan and billing details (simulated).', 'insufficient_quota', 'insufficient_quota');
    default:
      return undefined;
  }
}

/** The usage.prompt_tokens a `truncated_prompt` fault reports: a third of the real count. */
export function truncatedPromptTokens(promptTokens: number): number {
  return Math.floor(promptTokens / 3);
}
