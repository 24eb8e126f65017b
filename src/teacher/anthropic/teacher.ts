import Anthropic from '@anthropic-ai/sdk';
import { STAGE_HEADER, TeacherError, type CallOptions, type Teacher, type TeacherRequest, type TeacherResponse } from '../types.js';
import { redact, redactValues, urlCredentials } from '../../util/redact.js';
import { toTeacherError } from './errors.js';
import { messagesBody, readMessage } from './wire.js';
import { ANTHROPIC_API_URL } from './models.js';
import { AnthropicBatchApi } from './batch.js';
import type { BatchApi } from '../batch-api.js';

export interface AnthropicTeacherOptions {
  model: string;
  apiKey: string;
  /** The API root (default Anthropic's); the client appends /v1/messages. */
  baseURL?: string;
  timeoutMs: number;
  /** Who answers (a normalised base URL or `teacher.endpoint_id`). */
  endpoint: string;
  /** The content key's identity ("anthropic" at Anthropic's own API, else "anthropic@<endpoint>"). */
  keyIdentity: string;
  /** Whether the config's prices apply to its calls. */
  billed: boolean;
  fetch?: typeof fetch;
}

/** Anthropic's Messages API through the official SDK, chat mode only; retries are the journal's, so the client makes one attempt. */
export class AnthropicTeacher implements Teacher {
  readonly provider = 'anthropic';
  readonly simulated = false;
  readonly structuredOutputs = false;
  readonly model: string;
  readonly endpoint: string;
  readonly keyIdentity: string;
  readonly billed: boolean;
  private readonly client: Anthropic;
  /** Every secret this client sends; redacted from whatever the server says back (DESIGN invariant 6). */
  private readonly secrets: readonly string[];

  constructor(opts: AnthropicTeacherOptions) {
    this.model = opts.model;
    this.endpoint = opts.endpoint;
    this.keyIdentity = opts.keyIdentity;
    this.billed = opts.billed;
    this.client = new Anthropic({
      apiKey: opts.apiKey,
      // Only the key we were given: no $ANTHROPIC_AUTH_TOKEN bearer, no profile or credential files.
      authToken: null,
      webhookKey: null,
      baseURL: opts.baseURL ?? ANTHROPIC_API_URL,
      maxRetries: 0,
      timeout: opts.timeoutMs,
      logLevel: 'off',
      openTelemetry: false,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    });
    this.secrets = [opts.apiKey, ...urlCredentials(opts.baseURL)].filter((s) => s !== '');
  }

  /** Message Batches on this teacher's client (batch mode, README "Batch mode"). */
  get batchApi(): BatchApi {
    return (this.batch ??= new AnthropicBatchApi(this.client, this.secrets));
  }
  private batch: BatchApi | undefined;

  async complete(request: TeacherRequest, opts: CallOptions = {}): Promise<TeacherResponse> {
    try {
      const res = await this.send(request, opts);
      const text = redactValues(res.text, this.secrets);
      return text === res.text ? res : { ...res, text };
    } catch (err) {
      // Stored per failed attempt and shown by status and the report: a server echoing the key gets it redacted.
      const e = toTeacherError(err);
      e.message = redact(e.message, this.secrets);
      throw e;
    }
  }

  private async send(request: TeacherRequest, opts: CallOptions): Promise<TeacherResponse> {
    // The capability check refuses completion mode before the first call; this guards direct use.
    if (request.mode !== 'chat') throw new TeacherError('provider "anthropic" has no completion mode (teacher.mode must be chat)', 'client');
    const options = {
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.stage ? { headers: { [STAGE_HEADER]: opts.stage.id } } : {}),
      ...(opts.timeoutMs ? { timeout: opts.timeoutMs } : {}),
    };
    return readMessage(await this.client.messages.create(messagesBody(request) as Anthropic.MessageCreateParamsNonStreaming, options), request);
  }
}
