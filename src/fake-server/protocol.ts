/**
 * The OpenAI wire format the fake server speaks: request bodies (validated with zod) converted to a
 * TeacherRequest, and response bodies built from a TeacherResponse.
 */
import { z } from 'zod';
import type { ChatMessage, FinishReason, SamplingParams, TeacherRequest } from '../teacher/types.js';

const TextPart = z.looseObject({ type: z.literal('text'), text: z.string() });

const MessageSchema = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant']),
  content: z.union([z.string(), z.array(TextPart)]).nullish(),
  name: z.string().optional(),
});

const common = {
  model: z.string().min(1),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  max_tokens: z.number().int().positive().nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  seed: z.number().int().nullish(),
  n: z.literal(1, { message: 'the fake server answers with one choice only (n must be 1)' }).nullish(),
  stream: z.literal(false, { message: 'streaming is not supported by the fake server' }).nullish(),
};

export const ChatBodySchema = z.looseObject({
  ...common,
  messages: z.array(MessageSchema).min(1),
  max_completion_tokens: z.number().int().positive().nullish(),
});
export type ChatBody = z.infer<typeof ChatBodySchema>;

export const CompletionBodySchema = z.looseObject({
  ...common,
  prompt: z.union([z.string(), z.array(z.string()).min(1)]),
});
export type CompletionBody = z.infer<typeof CompletionBodySchema>;

function params(body: ChatBody | CompletionBody, maxTokens: number | null | undefined): SamplingParams {
  const p: SamplingParams = {};
  if (body.temperature != null) p.temperature = body.temperature;
  if (body.top_p != null) p.top_p = body.top_p;
  if (maxTokens != null) p.max_tokens = maxTokens;
  if (body.stop != null) p.stop = typeof body.stop === 'string' ? [body.stop] : body.stop;
  if (body.presence_penalty != null) p.presence_penalty = body.presence_penalty;
  if (body.frequency_penalty != null) p.frequency_penalty = body.frequency_penalty;
  if (body.seed != null) p.seed = body.seed;
  return p;
}

export function chatRequest(body: ChatBody): TeacherRequest {
  const messages: ChatMessage[] = body.messages.map((m) => ({
    role: m.role === 'developer' ? 'system' : m.role,
    content: typeof m.content === 'string' ? m.content : (m.content ?? []).map((part) => part.text).join(''),
  }));
  return { mode: 'chat', model: body.model, messages, params: params(body, body.max_completion_tokens ?? body.max_tokens) };
}

export function completionRequest(body: CompletionBody): TeacherRequest {
  const prompt = typeof body.prompt === 'string' ? body.prompt : (body.prompt[0] ?? '');
  return { mode: 'completion', model: body.model, prompt, params: params(body, body.max_tokens) };
}

/** An OpenAI-style error body. */
export function errorBody(message: string, type: string, code: string | null, param: string | null = null): string {
  return JSON.stringify({ error: { message, type, param, code } });
}

/** The message of the first zod issue, with its path. */
export function describeZodError(err: z.ZodError): { message: string; param: string | null } {
  const issue = err.issues[0];
  if (!issue) return { message: 'invalid request body', param: null };
  const path = issue.path.map(String).join('.');
  return { message: path ? `${path}: ${issue.message}` : issue.message, param: path || null };
}

export interface Answer {
  id: string;
  created: number;
  model: string;
  /** null only for content_filter on chat. */
  text: string | null;
  finishReason: FinishReason;
  promptTokens: number;
  completionTokens: number;
  /** Server-specific fields of the choice, e.g. vLLM's `stop_reason`. */
  choiceExtra?: Record<string, unknown>;
}

export function chatResponseBody(a: Answer): string {
  return JSON.stringify({
    id: a.id,
    object: 'chat.completion',
    created: a.created,
    model: a.model,
    system_fingerprint: 'fp_distillery_sim',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: a.text, refusal: null },
        logprobs: null,
        finish_reason: a.finishReason,
        ...a.choiceExtra,
      },
    ],
    usage: { prompt_tokens: a.promptTokens, completion_tokens: a.completionTokens, total_tokens: a.promptTokens + a.completionTokens },
  });
}

export function completionResponseBody(a: Answer): string {
  return JSON.stringify({
    id: a.id,
    object: 'text_completion',
    created: a.created,
    model: a.model,
    system_fingerprint: 'fp_distillery_sim',
    choices: [{ index: 0, text: a.text ?? '', logprobs: null, finish_reason: a.finishReason, ...a.choiceExtra }],
    usage: { prompt_tokens: a.promptTokens, completion_tokens: a.completionTokens, total_tokens: a.promptTokens + a.completionTokens },
  });
}
