import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { TeacherError, type FinishReason, type TeacherRequest, type TeacherResponse } from './types.js';
import { ContextLengthError, parseContextOverflow } from './context-length.js';
import type { ServerProfile } from './profiles/catalog.js';
import { readStopReason, wireResponseFormat, wireSampling } from './profiles/wire.js';
import { statusError } from './http-status.js';

/** What the OpenAI teacher and its Batch API share: the wire body of a request, how an answer and an error are read. */

/** The body sent for a request (the same online and in a batch line) and the endpoint it goes to. */
export function wireBody(profile: ServerProfile, request: TeacherRequest): { url: '/v1/chat/completions' | '/v1/completions'; body: Record<string, unknown> } {
  const common = { model: request.model, ...wireSampling(profile, request.mode, request.params) };
  if (request.mode === 'chat') return { url: '/v1/chat/completions', body: { ...common, ...wireResponseFormat(profile, request.responseFormat), messages: request.messages ?? [] } };
  // Structured outputs are a chat feature on these servers: a completion request goes without.
  return { url: '/v1/completions', body: { ...common, prompt: request.prompt ?? '' } };
}

/** A chat completion's answer, as the journal stores it. */
export function readChatAnswer(res: OpenAI.ChatCompletion, request: TeacherRequest): TeacherResponse {
  const choice = res.choices?.[0];
  if (!choice) throw new TeacherError('response has no choices', 'bad_response');
  return {
    text: choice.message?.content ?? '',
    finishReason: normaliseFinish(choice.finish_reason),
    usage: {
      promptTokens: res.usage?.prompt_tokens ?? 0,
      completionTokens: res.usage?.completion_tokens ?? 0,
      cachedPromptTokens: res.usage?.prompt_tokens_details?.cached_tokens ?? 0,
    },
    model: res.model ?? request.model,
    simulated: false,
    id: res.id,
    stopReason: readStopReason(choice),
  };
}

/** A legacy completion's answer, as the journal stores it. */
export function readCompletionAnswer(res: OpenAI.Completion, request: TeacherRequest): TeacherResponse {
  const choice = res.choices?.[0];
  if (!choice) throw new TeacherError('response has no choices', 'bad_response');
  return {
    text: choice.text ?? '',
    finishReason: normaliseFinish(choice.finish_reason),
    usage: { promptTokens: res.usage?.prompt_tokens ?? 0, completionTokens: res.usage?.completion_tokens ?? 0, cachedPromptTokens: 0 },
    model: res.model ?? request.model,
    simulated: false,
    id: res.id,
    stopReason: readStopReason(choice),
  };
}

function normaliseFinish(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'stop':
    case 'length':
    case 'content_filter':
    case 'tool_calls':
      return reason;
    case null:
    case undefined:
      return 'stop';
    default:
      return 'other';
  }
}

/** Sort the client's errors into what the retry policy needs to know. */
export function toTeacherError(err: unknown): TeacherError {
  if (err instanceof TeacherError) return err;
  if (err instanceof APIUserAbortError) return new TeacherError('request aborted', 'client');
  if (err instanceof APIConnectionTimeoutError) return new TeacherError('request timed out', 'timeout');
  if (err instanceof APIConnectionError) return new TeacherError(`connection error: ${err.message}`, 'connection');
  if (err instanceof APIError) {
    const status = err.status ?? 0;
    // The client's message is "<status> <server's message>": the server's message once, after ours.
    const serverMessage = status && err.message.startsWith(`${status} `) ? err.message.slice(String(status).length + 1) : err.message;
    const message = `HTTP ${status}: ${serverMessage}`;
    // Longer than the context: the same request fails the same way every time (any 4xx wording of it).
    const overflow = status >= 400 && status < 500 && status !== 429 ? parseContextOverflow(serverMessage, err.error as Record<string, unknown> | undefined) : undefined;
    if (overflow) return new ContextLengthError(message, overflow, status);
    // Out of credit is a 429 too, but waiting does not fix it: not retried, and it counts as a hard failure.
    if (status === 429 && (err.code === 'insufficient_quota' || err.type === 'insufficient_quota')) return new TeacherError(message, 'client', undefined, status);
    return statusError(message, status, err.headers);
  }
  // A 200 whose body is not the JSON the client expects surfaces as a parse error.
  return new TeacherError(`unreadable response: ${(err as Error)?.message ?? String(err)}`, 'bad_response');
}

