/**
 * A request longer than the model's context is refused the same way every time: such a failure is
 * permanent (never retried) and names the prompt's token count and the limit when the server says
 * them. Servers word it differently; these are the wordings read here:
 * - OpenAI (code context_length_exceeded): "This model's maximum context length is 8192 tokens.
 *   However, your messages resulted in 9000 tokens..." or "...However, you requested 9000 tokens
 *   (8000 in the messages, 1000 in the completion)..."
 * - vLLM: "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens
 *   (4000 in the messages, 1000 in the completion)...", and in later versions "...your request has
 *   4000 input tokens..." or "The decoder prompt (length 5000) is longer than the maximum model length of 4096."
 * - llama.cpp (type exceed_context_size_error): "request (4476 tokens) exceeds the available context
 *   size (4096 tokens)...", with n_prompt_tokens and n_ctx in the error object; older builds say
 *   only "the request exceeds the available context size".
 */
import { TeacherError } from './types.js';

export interface ContextOverflow {
  /** The model's (or server slot's) context, in tokens. */
  limit?: number;
  /** The prompt's tokens as the server counted them. */
  promptTokens?: number;
  /** The completion tokens the request asked room for (max_tokens), when the server says it. */
  completionTokens?: number;
}

/** A 400 for a request longer than the context: permanent (kind `client`), with what the server said of the counts. */
export class ContextLengthError extends TeacherError {
  constructor(message: string, readonly overflow: ContextOverflow, status?: number) {
    super(message, 'client', undefined, status);
    this.name = 'ContextLengthError';
  }
}

const MARKERS = /maximum context length|context[_ ]length[_ ]exceeded|exceeds the available context size|longer than the maximum model length|exceed_context_size/i;

/** The counts in a server's context-length error, or undefined when the error is not one. */
export function parseContextOverflow(message: string, error?: { code?: unknown; type?: unknown; n_ctx?: unknown; n_prompt_tokens?: unknown } | null): ContextOverflow | undefined {
  const flagged = error?.code === 'context_length_exceeded' || error?.type === 'exceed_context_size_error';
  if (!flagged && !MARKERS.test(message)) return undefined;
  const num = (re: RegExp) => {
    const m = re.exec(message);
    return m ? Number(m[1]) : undefined;
  };
  const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);
  const out: ContextOverflow = {};
  const limit =
    int(error?.n_ctx) ??
    num(/maximum context length is (\d+)/i) ??
    num(/available context size \((\d+) tokens?\)/i) ??
    num(/maximum model length of (\d+)/i);
  const prompt =
    int(error?.n_prompt_tokens) ??
    num(/resulted in (\d+) tokens/i) ??
    num(/\((\d+) in the messages/i) ??
    num(/has (\d+) input tokens/i) ??
    num(/request \((\d+) tokens?\) exceeds/i) ??
    num(/prompt \(length (\d+)\)/i);
  const completion = num(/(\d+) in the completion/i);
  if (limit !== undefined) out.limit = limit;
  if (prompt !== undefined) out.promptTokens = prompt;
  if (completion !== undefined) out.completionTokens = completion;
  return out;
}

/**
 * What to say of an overflow at a stage: the counts known, and the two ways out. `maxTokens` is
 * the stage's max_tokens as sent (the room asked for the answer).
 */
export function overflowHint(o: ContextOverflow, stage: string, maxTokens: number | undefined): string {
  const counts = [
    o.promptTokens !== undefined ? `the prompt has ${o.promptTokens} tokens` : undefined,
    o.completionTokens !== undefined ? `${o.completionTokens} more were asked for the answer` : undefined,
    o.limit !== undefined ? `the context holds ${o.limit}` : undefined,
  ].filter(Boolean);
  const fits = o.limit !== undefined && o.promptTokens !== undefined && o.promptTokens < o.limit;
  const lower = maxTokens !== undefined ? `lower max_tokens of stage ${stage} (now ${maxTokens}${fits ? `; at most ${o.limit! - o.promptTokens!} fits` : ''})` : `lower max_tokens of stage ${stage}`;
  return `context length exceeded at stage ${stage}${counts.length ? ` (${counts.join(', ')})` : ''}: ${lower}, shorten its prompt, or use a model or server with a larger context`;
}
