/**
 * Request checks like real servers': under a rule set the fake server refuses what that server
 * refuses, with its status and error body shape, so tests catch requests a real server would
 * reject. Pure: a parsed JSON body in, a refusal (or null) out. The rules are our summary of each
 * server's documented validation (cited per rule set); never the servers' code.
 */

export const RULE_SETS = ['lenient', 'openai', 'openai-reasoning', 'vllm', 'sglang', 'tgi', 'llama.cpp'] as const;
export type RuleSet = (typeof RULE_SETS)[number];

export interface Refusal {
  status: number;
  body: string;
}

type Body = Record<string, unknown>;
type Route = 'chat' | 'completions';

/** Each server's error body for one refusal. */
const shape = {
  // OpenAI API errors: {"error": {"message", "type", "param", "code"}}.
  openai: (status: number, message: string, param: string | null, code: string | null, type = 'invalid_request_error'): Refusal => ({
    status,
    body: JSON.stringify({ error: { message, type, param, code } }),
  }),
  // vLLM's OpenAI server (vllm/entrypoints/openai/protocol.py ErrorResponse/ErrorInfo): the code is the HTTP status.
  // (Releases before 0.10 sent the same fields flat: {"object": "error", "message", "type", "param", "code"}.)
  vllm: (message: string, param: string | null = null): Refusal => ({
    status: 400,
    body: JSON.stringify({ error: { message, type: 'BadRequestError', param, code: 400 } }),
  }),
  // TGI router: validation errors are 422 {"error": "Input validation error: ...", "error_type": "validation"}.
  tgi: (message: string, status = 422): Refusal => ({ status, body: JSON.stringify({ error: `Input validation error: ${message}`, error_type: 'validation' }) }),
  // llama.cpp server: {"error": {"code", "message", "type": "invalid_request_error"}}.
  llamacpp: (message: string, status = 400): Refusal => ({ status, body: JSON.stringify({ error: { code: status, message, type: 'invalid_request_error' } }) }),
};

/** The 404 a server gives on /v1/completions when it (or the model) has no completions, in the rule set's shape. */
export function noCompletions(rules: RuleSet, model: string): Refusal {
  switch (rules) {
    case 'vllm':
    case 'sglang':
      return { status: 404, body: JSON.stringify({ error: { message: `The model \`${model}\` does not support the Completions API.`, type: 'NotFoundError', param: null, code: 404 } }) };
    case 'tgi':
      return { status: 404, body: JSON.stringify({ error: 'Not Found: this server has no /v1/completions route', error_type: 'not_found' }) };
    case 'llama.cpp':
      return shape.llamacpp('This server does not support completions (chat only).', 404);
    default:
      return shape.openai(404, 'This is a chat model and not supported in the v1/completions endpoint. Did you mean to use v1/chat/completions?', 'model', null);
  }
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const stopCount = (v: unknown): number => (typeof v === 'string' ? 1 : Array.isArray(v) ? v.length : 0);

/** What `rules` refuses of this body, or null when the request passes. */
export function checkRequest(rules: RuleSet, route: Route, body: Body): Refusal | null {
  switch (rules) {
    case 'lenient':
      return null;
    case 'openai':
      return openaiRules(route, body);
    case 'openai-reasoning':
      return reasoningRules(route, body);
    case 'vllm':
    case 'sglang':
      return vllmRules(body);
    case 'tgi':
      return tgiRules(body);
    case 'llama.cpp':
      return llamaRules(body);
  }
}

// OpenAI API reference: temperature 0-2, top_p 0-1, stop up to 4; /v1/completions only for instruct and base models.
function openaiRules(route: Route, b: Body): Refusal | null {
  if (route === 'completions' && !/instruct|davinci|babbage/i.test(String(b.model ?? ''))) return noCompletions('openai', String(b.model ?? ''));
  const n = stopCount(b.stop);
  if (n > 4) {
    return shape.openai(400, `Invalid 'stop': array too long. Expected an array with maximum length 4, but got an array with length ${n} instead.`, 'stop', 'array_above_max_length');
  }
  const rf = b.response_format as Body | undefined;
  if (rf && !['text', 'json_object', 'json_schema'].includes(String(rf.type))) {
    return shape.openai(400, `Invalid value: '${String(rf.type)}'. Supported values are: 'json_object', 'json_schema', and 'text'.`, 'response_format.type', 'invalid_value');
  }
  return null;
}

// OpenAI reasoning models: chat only; max_completion_tokens, not max_tokens; temperature only 1; no top_p, penalties or stop.
function reasoningRules(route: Route, b: Body): Refusal | null {
  if (route === 'completions') return noCompletions('openai-reasoning', String(b.model ?? ''));
  if (b.max_tokens != null) {
    return shape.openai(400, "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", 'max_tokens', 'unsupported_parameter');
  }
  const t = num(b.temperature);
  if (t !== undefined && t !== 1) {
    return shape.openai(400, `Unsupported value: 'temperature' does not support ${t} with this model. Only the default (1) value is supported.`, 'temperature', 'unsupported_value');
  }
  for (const p of ['top_p', 'presence_penalty', 'frequency_penalty', 'stop']) {
    if (b[p] != null) return shape.openai(400, `Unsupported parameter: '${p}' is not supported with this model.`, p, 'unsupported_parameter');
  }
  return openaiRules(route, b);
}

// vLLM SamplingParams: "top_p must be in (0, 1], got ..."; temperature must be non-negative. SGLang checks the same ranges.
function vllmRules(b: Body): Refusal | null {
  const topP = num(b.top_p);
  if (topP !== undefined && !(topP > 0 && topP <= 1)) return shape.vllm(`top_p must be in (0, 1], got ${topP}.`, 'top_p');
  const t = num(b.temperature);
  if (t !== undefined && t < 0) return shape.vllm(`temperature must be non-negative, got ${t}.`, 'temperature');
  return null;
}

// TGI router validation: "`top_p` must be > 0.0 and < 1.0"; "`temperature` must be strictly positive" (its OpenAI
// routes take 0 as greedy); at most --max-stop-sequences (default 4); response_format is {type: json|regex, value}.
function tgiRules(b: Body): Refusal | null {
  const topP = num(b.top_p);
  if (topP !== undefined && !(topP > 0 && topP < 1)) return shape.tgi('`top_p` must be > 0.0 and < 1.0');
  const t = num(b.temperature);
  if (t !== undefined && t < 0) return shape.tgi('`temperature` must be strictly positive');
  const n = stopCount(b.stop);
  if (n > 4) return shape.tgi(`\`stop\` supports up to 4 stop sequences. Given: ${n}`);
  const rf = b.response_format as Body | undefined;
  if (rf && !(['json', 'regex', 'json_object'].includes(String(rf.type)) && rf.value !== undefined)) {
    return shape.tgi('Failed to deserialize the JSON body into the target type: response_format: unknown variant or missing field `value`');
  }
  return null;
}

// llama.cpp server: response_format "text", "json_object" or "json_schema"; one choice only.
function llamaRules(b: Body): Refusal | null {
  const rf = b.response_format as Body | undefined;
  if (rf && !['text', 'json_object', 'json_schema'].includes(String(rf.type))) {
    return shape.llamacpp(`response_format type must be one of "text", "json_object" or "json_schema", but got: ${String(rf.type)}`);
  }
  if (b.n != null && b.n !== 1) return shape.llamacpp('Only one completion choice is allowed');
  return null;
}

/** The JSON Schema a request's response_format carries, in either wire form (OpenAI's json_schema or TGI's json value). */
export function requestedSchema(body: Body): unknown {
  const rf = body.response_format as Body | undefined;
  if (!rf) return undefined;
  if (rf.type === 'json_schema') return (rf.json_schema as Body | undefined)?.schema;
  if (rf.type === 'json') return rf.value;
  return undefined;
}

/** The stop string that cut `raw` (the earliest occurrence wins, as the sim applies stops), or null. */
export function firedStop(raw: string, stop: readonly string[] | undefined): string | null {
  let best: { at: number; s: string } | null = null;
  for (const s of stop ?? []) {
    if (s === '') continue;
    const at = raw.indexOf(s);
    if (at >= 0 && (!best || at < best.at)) best = { at, s };
  }
  return best?.s ?? null;
}
