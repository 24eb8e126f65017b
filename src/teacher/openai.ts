import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { STAGE_HEADER, TeacherError, type CallOptions, type FinishReason, type Teacher, type TeacherRequest, type TeacherResponse } from './types.js';
import { redact, redactValues, urlCredentials } from '../util/redact.js';
import { ContextLengthError, parseContextOverflow } from './context-length.js';
import type { ServerProfile } from './profiles/catalog.js';
import { keyIdentityFor } from './key.js';
import { isOpenAIEndpoint, normaliseBaseUrl, profileFor } from './profiles/endpoint.js';
import { readRateHeaders, type RateState } from './endpoints/rate-headers.js';
import { readStopReason, wireResponseFormat, wireSampling } from './profiles/wire.js';
import { retryAfterMs } from './retry-after.js';

export interface OpenAITeacherOptions {
  model: string;
  apiKey: string;
  baseURL?: string;
  timeoutMs: number;
  /** Extra headers, e.g. for gateways; never logged. */
  headers?: Record<string, string>;
  /** OpenAI-Organization and OpenAI-Project (default: the client's, from $OPENAI_ORG_ID and $OPENAI_PROJECT_ID). */
  organization?: string;
  project?: string;
  /** The server's parameter rules (default: `teacher.server: auto`'s choice for `baseURL` and `model`). */
  profile?: ServerProfile;
  /** Who answers (default: the normalised base URL). */
  endpoint?: string;
  /** The content key's identity (default: "openai" at OpenAI's own API, else "openai@<endpoint>"). */
  keyIdentity?: string;
  /** Whether the config's prices apply to this endpoint's calls (default: at OpenAI's API only). */
  billed?: boolean;
  /** The fetch the client uses (default: the global one); e.g. http-fetch.ts's leanFetch. */
  fetch?: typeof fetch;
  /** Called with the x-ratelimit-* state of each answer that carries it (pacing; see endpoints/pacer.ts). */
  onRateHeaders?: (state: RateState) => void;
}

/** Any OpenAI-compatible endpoint through the official client; retries are ours, so the client makes one attempt. */
export class OpenAITeacher implements Teacher {
  readonly provider = 'openai';
  readonly simulated = false;
  readonly model: string;
  readonly profile: ServerProfile;
  readonly endpoint: string;
  readonly keyIdentity: string;
  readonly billed: boolean;
  private readonly client: OpenAI;
  private readonly onRateHeaders: ((state: RateState) => void) | undefined;
  /** Every secret value this client sends; redacted from whatever the server says back (DESIGN invariant 6). */
  private readonly secrets: readonly string[];

  constructor(opts: OpenAITeacherOptions) {
    this.model = opts.model;
    const url = normaliseBaseUrl(opts.baseURL);
    this.profile = opts.profile ?? profileFor('auto', opts.model, url);
    this.endpoint = opts.endpoint ?? url;
    this.keyIdentity = opts.keyIdentity ?? keyIdentityFor(this.provider, this.endpoint, isOpenAIEndpoint(url) && this.endpoint === url);
    this.billed = opts.billed ?? isOpenAIEndpoint(url);
    this.onRateHeaders = opts.onRateHeaders;
    this.client = new OpenAI({
      apiKey: opts.apiKey,
      baseURL: opts.baseURL,
      timeout: opts.timeoutMs,
      maxRetries: 0,
      defaultHeaders: opts.headers,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      ...(opts.organization ? { organization: opts.organization } : {}),
      ...(opts.project ? { project: opts.project } : {}),
    });
    const client = this.client as { organization?: string | null; project?: string | null };
    this.secrets = [opts.apiKey, ...Object.values(opts.headers ?? {}), ...urlCredentials(opts.baseURL), client.organization, client.project].filter(
      (s): s is string => typeof s === 'string' && s !== '',
    );
  }

  async complete(request: TeacherRequest, opts: CallOptions = {}): Promise<TeacherResponse> {
    try {
      return this.clean(await this.send(request, opts));
    } catch (err) {
      // The error text is stored per failed attempt (calls.error) and shown by status, the report
      // and the viewer: a server that echoes the key or the org/project ids gets them redacted here.
      const e = toTeacherError(err);
      e.message = redact(e.message, this.secrets);
      throw e;
    }
  }

  /** Whether a request's `responseFormat` is sent (its profile has a structured-output wire form). */
  get structuredOutputs(): boolean {
    return this.profile.structured !== null;
  }

  /** An answer with any secret value this client sent taken out (a model's text is otherwise kept exactly). */
  private clean(res: TeacherResponse): TeacherResponse {
    const text = redactValues(res.text, this.secrets);
    return text === res.text ? res : { ...res, text };
  }

  /** The answer's body; its rate-limit headers go to `onRateHeaders` when one listens (a 429's are read too, from the error). */
  private async read<T>(p: PromiseLike<T> & { withResponse(): Promise<{ data: T; response: Response }> }): Promise<T> {
    if (!this.onRateHeaders) return await p;
    try {
      const { data, response } = await p.withResponse();
      const state = readRateHeaders((n) => response.headers.get(n));
      if (state) this.onRateHeaders(state);
      return data;
    } catch (err) {
      const headers = err instanceof APIError ? err.headers : undefined;
      const state = headers ? readRateHeaders((n) => headers.get(n)) : null;
      if (state) this.onRateHeaders(state);
      throw err;
    }
  }

  /**
   * The wire body is the request translated by the server profile (profiles/wire.ts): the journal
   * keeps the request, and its key, as the recipe built it.
   */
  private async send(request: TeacherRequest, opts: CallOptions): Promise<TeacherResponse> {
    const options = { signal: opts.signal, headers: opts.stage ? { [STAGE_HEADER]: opts.stage.id } : undefined, ...(opts.timeoutMs ? { timeout: opts.timeoutMs } : {}) };
    const common = { model: request.model, ...wireSampling(this.profile, request.mode, request.params) };
    if (request.mode === 'chat') {
      const body = { ...common, ...wireResponseFormat(this.profile, request.responseFormat), messages: request.messages ?? [] };
      const res = await this.read(this.client.chat.completions.create(body as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming, options));
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
    // Structured outputs are a chat feature on these servers: a completion request goes without.
    const body = { ...common, prompt: request.prompt ?? '' };
    const res = await this.read(this.client.completions.create(body as unknown as OpenAI.CompletionCreateParamsNonStreaming, options));
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
    if (status === 429) return new TeacherError(message, 'rate_limit', retryAfterMs(err.headers), status);
    if (status >= 500 || status === 408 || status === 409) return new TeacherError(message, 'server', retryAfterMs(err.headers), status);
    if (status === 0) return new TeacherError(message, 'bad_response');
    return new TeacherError(message, 'client', undefined, status);
  }
  // A 200 whose body is not the JSON the client expects surfaces as a parse error.
  return new TeacherError(`unreadable response: ${(err as Error)?.message ?? String(err)}`, 'bad_response');
}

