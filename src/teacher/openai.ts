import OpenAI, { APIError } from 'openai';
import { STAGE_HEADER, type CallOptions, type Teacher, type TeacherRequest, type TeacherResponse } from './types.js';
import { redact, redactValues, urlCredentials } from '../util/redact.js';
import type { ServerProfile } from './profiles/catalog.js';
import { keyIdentityFor } from './key.js';
import { isOpenAIEndpoint, normaliseBaseUrl, profileFor } from './profiles/endpoint.js';
import { readRateHeaders, type RateState } from './endpoints/rate-headers.js';
import { readChatAnswer, readCompletionAnswer, toTeacherError, wireBody } from './openai-wire.js';
import { OpenAIBatchApi } from './openai-batch.js';
import type { BatchApi } from './batch-api.js';

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
    const { body } = wireBody(this.profile, request);
    if (request.mode === 'chat') {
      return readChatAnswer(await this.read(this.client.chat.completions.create(body as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming, options)), request);
    }
    return readCompletionAnswer(await this.read(this.client.completions.create(body as unknown as OpenAI.CompletionCreateParamsNonStreaming, options)), request);
  }

  /** The Batch API on this teacher's client (batch mode, README "Batch mode"); answers are cleaned as online ones are. */
  get batchApi(): BatchApi {
    return (this.batch ??= new OpenAIBatchApi(this.client, this.profile, (r) => this.clean(r), this.secrets));
  }
  private batch: BatchApi | undefined;
}


export { toTeacherError } from './openai-wire.js';
