import type Anthropic from '@anthropic-ai/sdk';
import { redact, redactValues } from '../../util/redact.js';
import { redactedErrors } from '../redacted-errors.js';
import { statusError } from '../http-status.js';
import type { BatchApi, BatchJobStatus, BatchLine, BatchLineResult, BatchState } from '../batch-api.js';
import { TeacherError, type TeacherRequest } from '../types.js';
import { anthropicCustomId } from './batch-ids.js';
import { toTeacherError } from './errors.js';
import { messagesBody, readMessage, type WireMessage } from './wire.js';

/**
 * Anthropic's Message Batches through the official SDK: the requests go inline in one create call
 * (no file), the batch is polled until `ended`, and its results stream is read by custom id. Each
 * request's params are exactly the online call's body.
 *
 * Batches carry no metadata, so a create call whose answer was lost cannot be found again: there is
 * no `find`, and such a job's lines are submitted once more (README, "Batch mode").
 */
export class AnthropicBatchApi implements BatchApi {
  constructor(
    private readonly client: Anthropic,
    private readonly secrets: readonly string[],
  ) {}

  customId(callId: number, stageId: string | undefined): string {
    return anthropicCustomId(callId, stageId);
  }

  endpoint(): string {
    return '/v1/messages/batches';
  }

  submit(lines: readonly BatchLine[]): Promise<{ jobId: string; inputFileId: string; state: BatchState }> {
    if (lines.length === 0) throw new Error('a batch job needs at least one line');
    const requests = lines.map((l) => ({ custom_id: l.customId, params: messagesBody(l.request) as Anthropic.MessageCreateParamsNonStreaming }));
    return this.guard(async () => {
      const b = await this.client.messages.batches.create({ requests });
      // No input file: the requests travel in the create call.
      return { jobId: b.id, inputFileId: '', state: stateOf(b) };
    });
  }

  retrieve(jobId: string): Promise<BatchJobStatus> {
    return this.guard(async () => statusOf(await this.client.messages.batches.retrieve(jobId)));
  }

  cancel(jobId: string): Promise<void> {
    return this.guard(async () => {
      await this.client.messages.batches.cancel(jobId);
    });
  }

  async results(status: BatchJobStatus, requests: ReadonlyMap<string, TeacherRequest>): Promise<Map<string, BatchLineResult>> {
    const out = new Map<string, BatchLineResult>();
    await this.guard(async () => {
      for await (const line of await this.client.messages.batches.results(status.id)) {
        const request = requests.get(line.custom_id);
        if (!request || out.get(line.custom_id)?.ok) continue;
        const r = resultOf(line.result, request);
        // As online: an answer that echoes a secret has it taken out.
        if (r.ok) r.response = { ...r.response, text: redactValues(r.response.text, this.secrets) };
        out.set(line.custom_id, r);
      }
    });
    for (const r of out.values()) if (!r.ok) r.error.message = redact(r.error.message, this.secrets);
    return out;
  }

  private guard<T>(fn: () => Promise<T>): Promise<T> {
    return redactedErrors(fn, toTeacherError, this.secrets);
  }
}

/**
 * The batch's processing status in the journal's (OpenAI's) state names: `canceling` is
 * cancelling; `ended` is cancelled when a cancel was asked for, else completed (expired and
 * errored requests are told per line in the results).
 */
export function stateOf(b: Pick<Anthropic.Messages.MessageBatch, 'processing_status' | 'cancel_initiated_at'>): BatchState {
  if (b.processing_status === 'in_progress') return 'in_progress';
  if (b.processing_status === 'canceling') return 'cancelling';
  return b.cancel_initiated_at ? 'cancelled' : 'completed';
}

/** The job's status as the sender polls it; the results stream stands where OpenAI has an output file. */
export function statusOf(b: Anthropic.Messages.MessageBatch): BatchJobStatus {
  const c = b.request_counts;
  const failed = (c?.errored ?? 0) + (c?.canceled ?? 0) + (c?.expired ?? 0);
  const state = stateOf(b);
  return {
    id: b.id,
    state,
    total: (c?.processing ?? 0) + (c?.succeeded ?? 0) + failed,
    completed: c?.succeeded ?? 0,
    failed,
    // The stream is read through the SDK by batch id; results_url (set once the batch has ended) says it is there.
    outputFileId: b.results_url ?? null,
    errorFileId: null,
  };
}

/**
 * The HTTP status each error type of Anthropic's stands for (its errors page), so an errored line is
 * sorted by the same retry policy as an online error (http-status.ts); an unknown type as a 500.
 */
const STATUS_OF_ERROR: Readonly<Record<string, number>> = {
  invalid_request_error: 400, authentication_error: 401, billing_error: 402, permission_error: 403, not_found_error: 404,
  request_too_large: 413, rate_limit_error: 429, api_error: 500, overloaded_error: 529,
};

/** One line of the results stream as an answer or a line error; canceled and expired lines are submitted again. */
export function resultOf(result: Anthropic.Messages.MessageBatchResult, request: TeacherRequest): BatchLineResult {
  switch (result.type) {
    case 'succeeded':
      try {
        return { ok: true, response: readMessage(result.message as WireMessage, request) };
      } catch (err) {
        return { ok: false, error: toTeacherError(err) };
      }
    case 'errored': {
      const e = (result.error as { error?: { type?: string; message?: string } } | undefined)?.error;
      const type = e?.type ?? 'api_error';
      return { ok: false, error: statusError(`batch line ${type}${e?.message ? `: ${e.message}` : ''}`, STATUS_OF_ERROR[type] ?? 500, undefined) };
    }
    case 'canceled':
    case 'expired':
      return { ok: false, error: new TeacherError(`batch line ${result.type}`, 'server') };
    default:
      return { ok: false, error: new TeacherError(`batch line of unknown result type ${(result as { type?: string }).type}`, 'bad_response') };
  }
}
