import { z } from 'zod';
import type { Rng } from './sim/rng.js';

/** One chat message as the OpenAI chat API takes it. */
export const ChatMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

export { SamplingParamsSchema, type SamplingParams } from '../config/sampling.js';
import { SamplingParamsSchema } from '../config/sampling.js';

/**
 * A fully rendered request: everything that decides the teacher's answer.
 * `chat` sends `messages`; `completion` sends `prompt`.
 */
export const TeacherRequestSchema = z.object({
  mode: z.enum(['chat', 'completion']),
  model: z.string().min(1),
  messages: z.array(ChatMessageSchema).optional(),
  prompt: z.string().optional(),
  params: SamplingParamsSchema,
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
  complete(request: TeacherRequest, opts?: CallOptions): Promise<TeacherResponse>;
  close?(): Promise<void>;
}
