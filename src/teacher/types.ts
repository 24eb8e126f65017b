import { z } from 'zod';

/** One chat message as the OpenAI chat API takes it. */
export const ChatMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

/** Sampling parameters a recipe sets per stage; names follow the OpenAI API. */
export const SamplingParamsSchema = z.object({
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  max_tokens: z.number().int().positive().optional(),
  stop: z.array(z.string()).max(4).optional(),
  presence_penalty: z.number().min(-2).max(2).optional(),
  frequency_penalty: z.number().min(-2).max(2).optional(),
  /** Sent to the server so that sampling servers (vLLM, the fake server) can reproduce a draw. */
  seed: z.number().int().optional(),
});
export type SamplingParams = z.infer<typeof SamplingParamsSchema>;

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

/** The one interface every backend implements (openai-compatible, sim, local). */
export interface Teacher {
  readonly provider: string;
  readonly model: string;
  readonly simulated: boolean;
  complete(request: TeacherRequest, signal?: AbortSignal): Promise<TeacherResponse>;
  close?(): Promise<void>;
}
