/**
 * Parameter profiles of the OpenAI-compatible servers Distillery talks to: what each accepts, in
 * which ranges, and how it spells a few things. Data only; the wire translation (wire.ts) and the
 * config checks (checks.ts) read it. Each entry says where its rules come from.
 */

export const SERVER_NAMES = ['generic', 'openai', 'openai-reasoning', 'vllm', 'sglang', 'tgi', 'llama.cpp', 'ollama', 'lmstudio'] as const;
export type ServerName = (typeof SERVER_NAMES)[number];

/** How a server takes a JSON Schema that constrains the answer. */
export type StructuredWire =
  /** `response_format: {type: 'json_schema', json_schema: {name, schema, strict}}` (OpenAI's form). */
  | 'json_schema'
  /** `response_format: {type: 'json', value: <schema>}` (TGI's guidance). */
  | 'tgi_json'
  | null;

export interface ServerProfile {
  readonly name: ServerName;
  readonly title: string;
  /** Where the rules below were read. */
  readonly source: string;
  /** Has a /v1/completions endpoint (for `teacher.mode: completion`). */
  readonly completion: boolean;
  /** When set, only these models answer on /v1/completions (OpenAI: its instruct and base models). */
  readonly completionModels?: RegExp;
  /** Only the default temperature (1) is accepted: temperature is never sent. */
  readonly fixedTemperature: boolean;
  /**
   * top_p's accepted range: `[0,1]` (OpenAI), `(0,1]` (vLLM, SGLang...), `(0,1)` (TGI, where 1 is
   * refused and means "no nucleus filtering", so it is left out), or `none` (never sent).
   */
  readonly topP: '[0,1]' | '(0,1]' | '(0,1)' | 'none';
  /** Sends presence_penalty and frequency_penalty. */
  readonly penalties: boolean;
  /** Sends stop strings. */
  readonly stop: boolean;
  /** Most stop strings per request; null when the server documents no limit. */
  readonly maxStop: number | null;
  /** Honours a per-request seed. */
  readonly seed: boolean;
  /** The name of the output-length cap on chat requests. */
  readonly maxTokensField: 'max_tokens' | 'max_completion_tokens';
  readonly structured: StructuredWire;
  /** The choice field that names the stop string (or token id) that ended the answer, if the server sends one. */
  readonly stopReasonField: 'stop_reason' | 'matched_stop' | null;
  /** The config's `prices` table applies by default (a self-hosted server's calls cost nothing unless `teacher.billing` says so). */
  readonly billed: boolean;
}

const base = { completion: true, fixedTemperature: false, topP: '(0,1]', penalties: true, stop: true, maxStop: null, seed: true, maxTokensField: 'max_tokens', structured: 'json_schema', stopReasonField: null, billed: false } as const;

export const PROFILES: Readonly<Record<ServerName, ServerProfile>> = {
  // Any other OpenAI-compatible server: the rules most of them share (top_p 0 refused by several), 4 stops like OpenAI.
  generic: { ...base, name: 'generic', title: 'an OpenAI-compatible server', source: 'the strictest common rules of the servers below', maxStop: 4, structured: null },
  // platform.openai.com API reference, Chat and Completions: top_p 0-1, stop up to 4, seed; /v1/completions
  // serves only gpt-3.5-turbo-instruct, davinci-002 and babbage-002 (a chat model there is a 404).
  openai: {
    ...base,
    name: 'openai',
    title: 'the OpenAI API',
    source: 'OpenAI API reference (chat/create, completions/create), Structured Outputs guide',
    topP: '[0,1]',
    maxStop: 4,
    completionModels: /instruct|davinci|babbage/i,
    billed: true,
  },
  // OpenAI reasoning guide and the API's 400s: "Unsupported parameter: 'max_tokens' ... Use
  // 'max_completion_tokens' instead", "'temperature' does not support 0 with this model. Only the
  // default (1) value is supported"; top_p, penalties and stop are refused too; chat only.
  'openai-reasoning': {
    ...base,
    name: 'openai-reasoning',
    title: 'an OpenAI reasoning model (o-series, gpt-5)',
    source: 'OpenAI reasoning models guide; the API\'s unsupported_parameter / unsupported_value errors',
    completion: false,
    fixedTemperature: true,
    topP: 'none',
    penalties: false,
    stop: false,
    maxStop: 0,
    seed: false,
    maxTokensField: 'max_completion_tokens',
    billed: true,
  },
  // vLLM SamplingParams: "top_p must be in (0, 1]"; temperature >= 0 (0 is greedy); stop unlimited;
  // choices carry `stop_reason` (the stop string or token id); response_format json_schema or guided_json.
  vllm: { ...base, name: 'vllm', title: 'vLLM', source: 'vllm/sampling_params.py, vllm/entrypoints/openai/protocol.py', stopReasonField: 'stop_reason' },
  // SGLang sampling params: top_p in (0, 1]; choices carry `matched_stop`; response_format json_schema.
  sglang: { ...base, name: 'sglang', title: 'SGLang', source: 'SGLang sampling parameters and OpenAI-compatible API docs', stopReasonField: 'matched_stop' },
  // TGI router validation: "`top_p` must be > 0.0 and < 1.0", "`temperature` must be strictly
  // positive" on /generate (the OpenAI routes map temperature 0 to greedy decoding), at most
  // --max-stop-sequences (default 4) stops; guidance: response_format {type: json, value: schema}
  // (router/src/lib.rs: GrammarType is tagged "type" with content "value", its JSON Schema variant "json").
  tgi: {
    ...base,
    name: 'tgi',
    title: 'Text Generation Inference',
    source: 'TGI router/src/lib.rs (GrammarType) and validation.rs, launcher --max-stop-sequences, guidance docs',
    topP: '(0,1)',
    maxStop: 4,
    structured: 'tgi_json',
  },
  // llama.cpp server README: /v1/completions and /v1/chat/completions, seed, response_format json_schema.
  'llama.cpp': { ...base, name: 'llama.cpp', title: 'llama.cpp server', source: 'llama.cpp tools/server README' },
  // Ollama OpenAI compatibility docs: /v1/chat/completions and /v1/completions; seed, stop, response_format.
  ollama: { ...base, name: 'ollama', title: 'Ollama', source: 'docs.ollama.com/api/openai-compatibility' },
  // LM Studio OpenAI compatibility docs: chat, completions, structured output through response_format json_schema.
  lmstudio: { ...base, name: 'lmstudio', title: 'LM Studio', source: 'lmstudio.ai/docs OpenAI compatibility endpoints' },
};
