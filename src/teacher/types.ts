import { z } from 'zod';
import type { Rng } from './sim/rng.js';
import type { BatchApi } from './batch-api.js';

/** One chat message as the OpenAI chat API takes it. */
export const ChatMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

export { SamplingParamsSchema, type SamplingParams } from '../config/sampling.js';
import { SamplingParamsSchema } from '../config/sampling.js';

/**
 * A JSON Schema the answer must follow (structured outputs). `name` is what OpenAI-style servers
 * call it (letters, digits, "_" and "-"); `strict` defaults to true where the server takes it.
 */
export const ResponseFormatSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a name of letters, digits, "_" or "-" (at most 64)'),
  schema: z.record(z.string(), z.unknown()),
  strict: z.boolean().optional(),
});
export type ResponseFormat = z.infer<typeof ResponseFormatSchema>;

/**
 * A fully rendered request: everything that decides the teacher's answer.
 * `chat` sends `messages`; `completion` sends `prompt`. `responseFormat` is sent only to servers
 * with structured outputs (see `Teacher.structuredOutputs`); it is part of the content key only
 * when present, so the keys of requests without it are unchanged.
 */
export const TeacherRequestSchema = z.object({
  mode: z.enum(['chat', 'completion']),
  model: z.string().min(1),
  messages: z.array(ChatMessageSchema).optional(),
  prompt: z.string().optional(),
  params: SamplingParamsSchema,
  responseFormat: ResponseFormatSchema.optional(),
});
export type TeacherRequest = z.infer<typeof TeacherRequestSchema>;

export const FinishReasonSchema = z.enum(['stop', 'length', 'content_filter', 'tool_calls', 'other']);
export type FinishReason = z.infer<typeof FinishReasonSchema>;

export const UsageSchema = z.object({
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  cachedPromptTokens: z.number().int().nonnegative().default(0),
});
export type Usage = z.infer<typeof UsageSchema>;

/** What a teacher returns for one request. */
export interface TeacherResponse {
  text: string;
  finishReason: FinishReason;
  usage: Usage;
  /** The model name the server reported. */
  model: string;
  /** True when the text came from the simulated generator, never a real model. */
  simulated: boolean;
  /** The server's id for this completion (e.g. "chatcmpl-..."), kept for cross-checks with provider logs. */
  id?: string;
  /** The stop string (or "token:<id>") that ended the answer, where the server says so (vLLM, SGLang). */
  stopReason?: string | null;
  /** The replica that answered, when the teacher is several endpoints (teacher.endpoints); stored as calls.answered_by. */
  answeredBy?: string;
}

/** A failure that the retry policy understands. */
export class TeacherError extends Error {
  constructor(
    message: string,
    readonly kind: 'rate_limit' | 'server' | 'timeout' | 'connection' | 'client' | 'bad_response',
    readonly retryAfterMs?: number,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'TeacherError';
  }
  get retryable(): boolean {
    return this.kind !== 'client';
  }
}

/** What an example writer sees of a request: the structure a stage's answer follows. */
export interface PromptView {
  mode: 'chat' | 'completion';
  /** The prompt (completion mode) or the last user message (chat mode). */
  last: string;
  /** The prompt, or every message's content joined by blank lines (chat mode). */
  all: string;
  /** The system messages joined by blank lines ('' in completion mode). */
  system: string;
  /**
   * The model asked for. Only the preference recipe's answer writer reads it: several named teachers
   * answer the same prompt there, and real models would not all write the same text.
   */
  model?: string;
}

/** A stage's example writer: a well-formed answer for a request of that stage (the inverse of its parser). */
export type ExampleWriter = (view: PromptView, rng: Rng) => string;

/**
 * Which declared stage a request is for. Real servers ignore it (it goes out as the
 * `X-Distillery-Stage` header); the sim writes that stage's example instead of guessing from wording.
 */
export interface StageHint {
  /** `recipe/stage`, unique across recipes (e.g. "alpaca/generate-tasks", "judge/score"). */
  id: string;
  example?: ExampleWriter;
}

export interface CallOptions {
  signal?: AbortSignal;
  stage?: StageHint;
  /** This attempt's timeout, when it differs from the teacher's (`teacher.timeout_seconds`): the journal grows it after a timeout. */
  timeoutMs?: number;
}

/** The header that names a request's stage. */
export const STAGE_HEADER = 'x-distillery-stage';

/** The one interface every backend implements (openai-compatible, sim, local). */
export interface Teacher {
  readonly provider: string;
  readonly model: string;
  readonly simulated: boolean;
  /**
   * Who answers (a normalised base URL, or `teacher.endpoint_id`), stored with the run and each
   * call. Unset for backends without one (the sim, test doubles).
   */
  readonly endpoint?: string;
  /**
   * The identity the content key is made under (DESIGN invariant 10); default `provider`. Answers
   * stored under one identity are never reused for another.
   */
  readonly keyIdentity?: string;
  /** False when the config's `prices` do not apply to this endpoint's calls (see `teacher.billing`); default true. */
  readonly billed?: boolean;
  /** True when requests' `responseFormat` reaches the server (structured outputs); otherwise it is not sent. */
  readonly structuredOutputs?: boolean;
  /** The provider's batch API, for batch mode (`teacher.batch`); absent where there is none. */
  readonly batchApi?: BatchApi;
  complete(request: TeacherRequest, opts?: CallOptions): Promise<TeacherResponse>;
  close?(): Promise<void>;
}
