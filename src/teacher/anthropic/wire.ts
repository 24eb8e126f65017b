/**
 * A TeacherRequest as the Messages API takes it, and its answer back as a TeacherResponse's fields.
 * Pure: the journal keeps the request as the recipe built it; only the wire body differs.
 */
import { TeacherError, type FinishReason, type SamplingParams, type TeacherRequest, type TeacherResponse, type Usage } from '../types.js';
import { DEFAULT_MAX_TOKENS } from './models.js';

export interface MessagesBody {
  model: string;
  max_tokens: number;
  messages: { role: 'user' | 'assistant'; content: string }[];
  system?: string;
  temperature?: number;
  top_p?: number;
  stop_sequences?: string[];
}

/**
 * The wire body: system messages joined (blank line between) into the top-level `system` field,
 * the other turns in order; `max_tokens` always (DEFAULT_MAX_TOKENS when unset); `stop` as
 * `stop_sequences`; `top_p` left out where it changes nothing (see `sendsTopP`). Penalties and the seed are never sent: the API
 * has none (a stage that sets a penalty is refused before the first call; the seed still keys draws).
 */
export function messagesBody(request: TeacherRequest): MessagesBody {
  if (request.mode !== 'chat') throw new Error('the Messages API has no completion mode');
  const all = request.messages ?? [];
  const system = all.filter((m) => m.role === 'system').map((m) => m.content);
  const messages = all.filter((m) => m.role !== 'system').map((m) => ({ role: m.role as 'user' | 'assistant', content: m.content }));
  return {
    model: request.model,
    max_tokens: request.params.max_tokens ?? DEFAULT_MAX_TOKENS,
    messages,
    ...(system.length ? { system: system.join('\n\n') } : {}),
    ...sampling(request.params),
  };
}

/**
 * Whether top_p goes on the wire: not at 1 (the API's default, no nucleus cut), nor at temperature 0
 * (greedy: the likeliest token is in every nucleus, so top_p changes nothing). Models that refuse
 * temperature with top_p then take every stage whose top_p does nothing.
 */
export function sendsTopP(p: Pick<SamplingParams, 'temperature' | 'top_p'>): boolean {
  return p.top_p !== undefined && p.top_p !== 1 && p.temperature !== 0;
}

function sampling(p: SamplingParams): Pick<MessagesBody, 'temperature' | 'top_p' | 'stop_sequences'> {
  return {
    ...(p.temperature !== undefined ? { temperature: p.temperature } : {}),
    ...(sendsTopP(p) ? { top_p: p.top_p } : {}),
    ...(p.stop?.length ? { stop_sequences: [...p.stop] } : {}),
  };
}

/**
 * stop_reason onto the journal's finish reasons: end_turn and stop_sequence are `stop`,
 * max_tokens and model_context_window_exceeded are `length` (the answer was cut), refusal is
 * `content_filter` (the journal rejects it), tool_use is `tool_calls`; pause_turn and any reason
 * we do not know are `other` (kept, and shown as such).
 */
export function finishReasonOf(stopReason: string | null | undefined): FinishReason {
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
    case null:
    case undefined:
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'refusal':
      return 'content_filter';
    case 'tool_use':
      return 'tool_calls';
    default:
      return 'other';
  }
}

export interface WireUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

/**
 * Anthropic counts cache reads and cache writes apart from input_tokens; the journal's prompt
 * tokens are the whole prompt (as OpenAI's prompt_tokens), of which the cache reads are the
 * cached share (priced at `cached_input`). Cache writes are priced as input.
 */
export function usageOf(u: WireUsage | null | undefined): Usage {
  const n = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0);
  const cached = n(u?.cache_read_input_tokens);
  return { promptTokens: n(u?.input_tokens) + cached + n(u?.cache_creation_input_tokens), completionTokens: n(u?.output_tokens), cachedPromptTokens: cached };
}

/** The answer's text: its text blocks in order (thinking and tool blocks are not the answer). */
export function textOf(content: readonly { type: string; text?: string }[] | null | undefined): string {
  return (content ?? []).filter((b) => b.type === 'text' && typeof b.text === 'string').map((b) => b.text).join('');
}

/** What the journal stores as the stop that ended the answer: the stop sequence that fired, else null. */
export function stopSequenceOf(stopReason: string | null | undefined, stopSequence: string | null | undefined): string | null {
  return stopReason === 'stop_sequence' && typeof stopSequence === 'string' ? stopSequence : null;
}

/** The parts of a Messages API answer the journal reads (the online answer and a batch's succeeded line alike). */
export interface WireMessage {
  id?: string;
  model?: string | null;
  content?: readonly { type: string; text?: string }[] | null;
  stop_reason?: string | null;
  stop_sequence?: string | null;
  usage?: WireUsage | null;
}

/** A Messages answer as the journal's response; one without content is unreadable (bad_response, retried). */
export function readMessage(m: WireMessage | null | undefined, request: TeacherRequest): TeacherResponse {
  if (!m || !Array.isArray(m.content)) throw new TeacherError('response has no content', 'bad_response');
  return {
    text: textOf(m.content),
    finishReason: finishReasonOf(m.stop_reason),
    usage: usageOf(m.usage),
    model: m.model ?? request.model,
    simulated: false,
    ...(m.id !== undefined ? { id: m.id } : {}),
    stopReason: stopSequenceOf(m.stop_reason, m.stop_sequence),
  };
}
