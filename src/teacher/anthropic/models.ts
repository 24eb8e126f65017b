/**
 * What Distillery knows of Anthropic's Messages API and its models (pure facts, no I/O): the
 * default endpoint, the sampling ranges, and which models refuse temperature and top_p together.
 */

/** Anthropic's API root; the client appends /v1/messages. */
export const ANTHROPIC_API_URL = 'https://api.anthropic.com';

/** The API requires max_tokens on every request: sent when a stage sets none. */
export const DEFAULT_MAX_TOKENS = 4096;

/** The Messages API's temperature range is 0 to 1 (OpenAI's goes to 2). */
export const MAX_TEMPERATURE = 1;

/** Stop strings per request: the API takes more, but the engine's limit is the same for every provider. */
export const MAX_STOP_SEQUENCES = 4;

/**
 * Whether the model refuses a request that sets both temperature and top_p ("temperature and top_p
 * cannot both be specified for this model"). Claude 4.1 and later models do; the Claude 2 and 3
 * families and the first Claude 4 models (claude-opus-4 / claude-sonnet-4, "-0" or dated) take
 * both. A name we do not know (a newer model, a gateway's alias) is taken to refuse: a refusal
 * before the first call is cheaper than a run of 400s.
 */
export function samplingExclusive(model: string): boolean {
  const m = model.trim().toLowerCase();
  if (/^claude-(instant|2|3)([-.]|$)/.test(m)) return false;
  if (/^claude-(opus|sonnet)-4(-0)?(-\d{8})?$/.test(m)) return false;
  return true;
}

/** Whether a normalised base URL is Anthropic's own API (its calls are billed at the `prices` table under `teacher.billing: auto`). */
export function isAnthropicEndpoint(normalised: string): boolean {
  return /^https:\/\/api\.anthropic\.com(\/|$)/.test(normalised);
}
