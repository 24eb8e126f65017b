/**
 * The Anthropic Messages API as the fake server speaks it (POST /v1/messages): request checks like
 * the API's (required max_tokens, no fields it does not know, its ranges, temperature with top_p on
 * models that take one only), the body converted to the TeacherRequest the sim answers, and answers
 * and errors in Anthropic's shapes. Pure; server.ts does the I/O. The rules are our summary of the
 * API's documented behaviour, never its code.
 */
import { z } from 'zod';
import type { ChatMessage, FinishReason, SamplingParams, TeacherRequest } from '../teacher/types.js';
import { samplingExclusive } from '../teacher/anthropic/models.js';
import { limitBelow, promptTokensOf, type FaultKind, type FaultReply } from './faults.js';

/** `{"type":"error","error":{"type","message"}}`, Anthropic's error body. */
export function anthropicErrorBody(type: string, message: string): string {
  return JSON.stringify({ type: 'error', error: { type, message } });
}

const error = (status: number, type: string, message: string, headers?: Record<string, string>): FaultReply => ({ status, body: anthropicErrorBody(type, message), ...(headers ? { headers } : {}) });
const invalid = (message: string): FaultReply => error(400, 'invalid_request_error', message);

/** Top-level fields the API knows; any other is refused ("Extra inputs are not permitted"). */
const KNOWN = new Set(['model', 'max_tokens', 'messages', 'system', 'temperature', 'top_p', 'top_k', 'stop_sequences', 'metadata', 'stream', 'service_tier', 'thinking', 'tools', 'tool_choice']);

const TextBlock = z.looseObject({ type: z.literal('text'), text: z.string() });
const Content = z.union([z.string(), z.array(TextBlock)]);

export const MessagesBodySchema = z.looseObject({
  model: z.string().min(1),
  max_tokens: z.number().int().min(1),
  messages: z.array(z.looseObject({ role: z.enum(['user', 'assistant']), content: Content })).min(1),
  system: Content.optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().min(0).optional(),
  stop_sequences: z.array(z.string()).optional(),
  stream: z.literal(false, { message: 'streaming is not supported by the fake server' }).optional(),
});
export type MessagesBody = z.infer<typeof MessagesBodySchema>;

/** What the API refuses of this body (400 invalid_request_error), or null. Zod then checks the field types. */
export function checkMessages(body: Record<string, unknown>): FaultReply | null {
  for (const k of Object.keys(body)) if (!KNOWN.has(k)) return invalid(`${k}: Extra inputs are not permitted`);
  if (body.max_tokens === undefined) return invalid('max_tokens: Field required');
  if (typeof body.temperature === 'number' && body.temperature > 1) return invalid('temperature: Input should be less than or equal to 1');
  if (body.temperature !== undefined && body.top_p !== undefined && samplingExclusive(String(body.model ?? ''))) {
    return invalid('`temperature` and `top_p` cannot both be specified for this model. Please use only one.');
  }
  return null;
}

const textOf = (c: z.infer<typeof Content>): string => (typeof c === 'string' ? c : c.map((b) => b.text).join(''));

/** The request the sim answers: the top-level system as a leading system message, then the turns, as the teacher built them. */
export function messagesRequest(body: MessagesBody): TeacherRequest {
  const messages: ChatMessage[] = [];
  if (body.system !== undefined) messages.push({ role: 'system', content: textOf(body.system) });
  for (const m of body.messages) messages.push({ role: m.role, content: textOf(m.content) });
  const params: SamplingParams = { max_tokens: body.max_tokens };
  if (body.temperature !== undefined) params.temperature = body.temperature;
  if (body.top_p !== undefined) params.top_p = body.top_p;
  if (body.stop_sequences?.length) params.stop = body.stop_sequences;
  return { mode: 'chat', model: body.model, messages, params };
}

export interface MessagesAnswer {
  id: string;
  model: string;
  text: string;
  /** The sim's finish reason, or the degradation injected. */
  finishReason: FinishReason;
  /** The stop sequence that cut the answer, if one did. */
  stopSequence: string | null;
  inputTokens: number;
  outputTokens: number;
}

/** stop_reason for the sim's finish reason: a fired stop sequence is stop_sequence, `length` max_tokens, `content_filter` refusal. */
export function stopReasonFor(finish: FinishReason, stopSequence: string | null): string {
  if (finish === 'length') return 'max_tokens';
  if (finish === 'content_filter') return 'refusal';
  return stopSequence !== null ? 'stop_sequence' : 'end_turn';
}

export function messagesResponseBody(a: MessagesAnswer): string {
  const stopReason = stopReasonFor(a.finishReason, a.stopSequence);
  return JSON.stringify({
    id: a.id,
    type: 'message',
    role: 'assistant',
    model: a.model,
    // An empty answer or a refusal has no text block, as the API answers them.
    content: a.text === '' ? [] : [{ type: 'text', text: a.text }],
    stop_reason: stopReason,
    stop_sequence: stopReason === 'stop_sequence' ? a.stopSequence : null,
    usage: { input_tokens: a.inputTokens, output_tokens: a.outputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  });
}

/**
 * Each injected failure in the API's wording and status: 429 rate_limit_error (with retry-after),
 * 500 and 502 api_error, 503 as 529 overloaded_error; the permanent ones as 401
 * authentication_error, 403 permission_error, 404 not_found_error, 400 invalid_request_error
 * (a prompt too long, credit too low); undefined for the faults that are not error answers.
 */
export function messagesFaultReply(kind: FaultKind | undefined, request: TeacherRequest, retryAfterMs: number): FaultReply | undefined {
  switch (kind) {
    case 'rate_limit':
      return error(429, 'rate_limit_error', 'This request would exceed the rate limit for your organization (simulated). Please retry after a short wait.', {
        'retry-after': String(Math.ceil(retryAfterMs / 1000)),
      });
    case 'server_500':
      return error(500, 'api_error', 'Internal server error (simulated).');
    case 'server_502':
      return error(502, 'api_error', 'Bad gateway (simulated).');
    case 'server_503':
      return error(529, 'overloaded_error', 'Overloaded (simulated).');
    case 'unauthorized':
      return error(401, 'authentication_error', 'invalid x-api-key (simulated)');
    case 'forbidden':
      return error(403, 'permission_error', 'Your API key does not have permission to use the specified resource (simulated).');
    case 'not_found':
      return error(404, 'not_found_error', `model: ${request.model} (simulated)`);
    case 'unprocessable':
      return invalid('temperature: Input should be less than or equal to 1 (simulated)');
    case 'context_length':
    case 'context_length_vllm':
    case 'context_length_llamacpp': {
      const prompt = promptTokensOf(request);
      return invalid(`prompt is too long: ${prompt} tokens > ${limitBelow(prompt)} maximum`);
    }
    case 'insufficient_quota':
      return invalid('Your credit balance is too low to access the Anthropic API (simulated). Please go to Plans & Billing to upgrade or purchase credits.');
    default:
      return undefined;
  }
}
