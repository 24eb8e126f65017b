import OpenAI, { toFile } from 'openai';
import { redact } from '../util/redact.js';
import type { ServerProfile } from './profiles/catalog.js';
import type { BatchApi, BatchJobStatus, BatchLine, BatchLineResult, BatchState } from './batch-api.js';
import { customIdOf, parseBatchOutput } from './batch-lines.js';
import { redactedErrors } from './redacted-errors.js';
import { readChatAnswer, readCompletionAnswer, toTeacherError, wireBody } from './openai-wire.js';
import type { TeacherRequest, TeacherResponse } from './types.js';

/**
 * OpenAI's Batch API through the `openai` client: the lines go up as one JSONL file (purpose
 * "batch"), a job is created on it, and its output and error files are read back by custom id.
 * Each line's body is exactly what the online call would send.
 */
export class OpenAIBatchApi implements BatchApi {
  constructor(
    private readonly client: OpenAI,
    private readonly profile: ServerProfile,
    private readonly clean: (r: TeacherResponse) => TeacherResponse,
    private readonly secrets: readonly string[],
  ) {}

  customId(callId: number, stageId: string | undefined): string {
    return customIdOf(callId, stageId);
  }

  endpoint(mode: TeacherRequest['mode']): string {
    return mode === 'chat' ? '/v1/chat/completions' : '/v1/completions';
  }

  async submit(lines: readonly BatchLine[], metadata: Record<string, string>): Promise<{ jobId: string; inputFileId: string; state: BatchState }> {
    if (lines.length === 0) throw new Error('a batch job needs at least one line');
    const url = wireBody(this.profile, lines[0]!.request).url;
    const jsonl = lines.map((l) => JSON.stringify({ custom_id: l.customId, method: 'POST', url, body: wireBody(this.profile, l.request).body })).join('\n') + '\n';
    return this.guard(async () => {
      const file = await this.client.files.create({ file: await toFile(Buffer.from(jsonl, 'utf8'), 'distillery-batch.jsonl'), purpose: 'batch' });
      const job = await this.client.batches.create({ input_file_id: file.id, endpoint: url, completion_window: '24h', metadata });
      return { jobId: job.id, inputFileId: file.id, state: job.status as BatchState };
    });
  }

  retrieve(jobId: string): Promise<BatchJobStatus> {
    return this.guard(async () => {
      const b = await this.client.batches.retrieve(jobId);
      const errors = b.errors?.data?.map((e) => `${e.code ?? 'error'}: ${e.message ?? ''}${e.line != null ? ` (line ${e.line})` : ''}`).join('; ');
      return {
        id: b.id,
        state: b.status as BatchState,
        total: b.request_counts?.total ?? 0,
        completed: b.request_counts?.completed ?? 0,
        failed: b.request_counts?.failed ?? 0,
        outputFileId: b.output_file_id ?? null,
        errorFileId: b.error_file_id ?? null,
        ...(errors ? { errors } : {}),
      };
    });
  }

  /** Looks through the newest jobs (a page of 100): a lost create call's job is among the latest. */
  find(token: string): Promise<{ jobId: string; inputFileId: string; state: BatchState } | null> {
    return this.guard(async () => {
      const page = await this.client.batches.list({ limit: 100 });
      const b = page.data.find((j) => (j.metadata as Record<string, string> | null | undefined)?.distillery_job === token);
      return b ? { jobId: b.id, inputFileId: b.input_file_id, state: b.status as BatchState } : null;
    });
  }

  cancel(jobId: string): Promise<void> {
    return this.guard(async () => {
      await this.client.batches.cancel(jobId);
    });
  }

  async results(status: BatchJobStatus, requests: ReadonlyMap<string, TeacherRequest>): Promise<Map<string, BatchLineResult>> {
    const text = async (id: string | null) => (id ? this.guard(async () => (await this.client.files.content(id)).text()) : '');
    const out = parseBatchOutput(`${await text(status.outputFileId)}\n${await text(status.errorFileId)}`, (body: unknown, customId: string) => {
      const request = requests.get(customId);
      if (!request) return null;
      const res = request.mode === 'chat' ? readChatAnswer(body as OpenAI.ChatCompletion, request) : readCompletionAnswer(body as OpenAI.Completion, request);
      return this.clean(res);
    });
    for (const r of out.values()) if (!r.ok) r.error.message = redact(r.error.message, this.secrets);
    return out;
  }

  private guard<T>(fn: () => Promise<T>): Promise<T> {
    return redactedErrors(fn, toTeacherError, this.secrets);
  }
}
