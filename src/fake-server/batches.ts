/**
 * The fake server's OpenAI Batch API: /v1/files (upload, metadata, content) and /v1/batches
 * (create, list, retrieve, cancel). A job walks validating -> in_progress -> finalizing -> completed
 * on a clock (`delayMs` in progress); jobs can be made to expire, lines to fail, and every
 * submission of a custom id is counted, so tests can prove nothing was submitted twice.
 * Each line is answered exactly as the online endpoint answers its body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface FakeBatchOptions {
  /** How long a job stays in_progress, ms (validating and finalizing take a tenth of it each, at most 100 ms). Default 200. */
  delayMs?: number;
  /** Jobs that expire, by their number in creation order (1-based): only the first half of their lines is answered. */
  expireJobs?: readonly number[];
  /** Lines that fail (a 500 in the error file), given their custom id and the how-many-th submission of it this is (1-based). */
  failLine?: (customId: string, submission: number) => boolean;
}

export interface FakeBatchStats {
  /** How often each custom id was submitted (in any job). */
  readonly submissions: Map<string, number>;
  jobs: number;
  files: number;
  cancelled: number;
}

/** The answer to one line's body, as the online endpoint gives it: status and JSON body. */
export type LineAnswerer = (url: string, body: unknown, customId: string) => { status: number; body: unknown };

interface Job {
  id: string;
  number: number;
  endpoint: string;
  inputFileId: string;
  lines: { custom_id: string; url: string; body: unknown }[];
  createdAt: number;
  metadata: Record<string, string> | null;
  cancelAt: number | null;
  result: { status: string; outputFileId: string | null; errorFileId: string | null; completed: number; failed: number } | null;
}

type Send = (res: ServerResponse, status: number, body: string) => void;
type Reject = (res: ServerResponse, status: number, message: string, type: string, code: string | null) => void;

export function fakeBatches(opts: FakeBatchOptions, answer: LineAnswerer) {
  let delayMs = opts.delayMs ?? 200;
  const files = new Map<string, { bytes: Buffer; filename: string; purpose: string; createdAt: number }>();
  const jobs = new Map<string, Job>();
  const stats: FakeBatchStats = { submissions: new Map(), jobs: 0, files: 0, cancelled: 0 };
  let seq = 0;

  const phase = () => Math.min(100, delayMs / 10);

  function addFile(bytes: Buffer, filename: string, purpose: string): string {
    const id = `file-sim${(++seq).toString(36)}`;
    files.set(id, { bytes, filename, purpose, createdAt: Date.now() });
    return id;
  }

  function fileObject(id: string) {
    const f = files.get(id)!;
    return { id, object: 'file', bytes: f.bytes.length, created_at: Math.floor(f.createdAt / 1000), filename: f.filename, purpose: f.purpose, status: 'processed' };
  }

  /** The job's state now; its output and error files are written once, when it reaches a final state. */
  function stateOf(job: Job): string {
    if (job.result) return job.result.status;
    const t = Date.now() - job.createdAt;
    if (job.cancelAt !== null) {
      if (Date.now() - job.cancelAt < phase()) return 'cancelling';
      finish(job, 'cancelled');
      return 'cancelled';
    }
    if (t < phase()) return 'validating';
    if (t < phase() + delayMs) return 'in_progress';
    if (t < 2 * phase() + delayMs) return 'finalizing';
    finish(job, (opts.expireJobs ?? []).includes(job.number) ? 'expired' : 'completed');
    return job.result!.status;
  }

  function finish(job: Job, status: string): void {
    // Lines answered before the job ended: all, the first half (expired), or as many as its time in progress allowed (cancelled).
    const n = job.lines.length;
    const done =
      status === 'completed' ? n : status === 'expired' ? Math.floor(n / 2) : Math.floor((n * Math.max(0, job.cancelAt! - job.createdAt - phase())) / Math.max(1, delayMs));
    const out: string[] = [];
    const errors: string[] = [];
    job.lines.forEach((line, i) => {
      const rid = `batch_req_sim${(++seq).toString(36)}`;
      if (i >= done) {
        const code = status === 'expired' ? 'batch_expired' : 'batch_cancelled';
        errors.push(JSON.stringify({ id: rid, custom_id: line.custom_id, response: null, error: { code, message: code === 'batch_expired' ? 'This request could not be executed before the completion window expired (simulated).' : 'The batch was cancelled before this request ran (simulated).' } }));
        return;
      }
      const nth = stats.submissions.get(line.custom_id) ?? 1;
      const a = opts.failLine?.(line.custom_id, nth)
        ? { status: 500, body: { error: { message: 'The server had an error while processing your request (simulated).', type: 'server_error', param: null, code: null } } }
        : answer(line.url, line.body, line.custom_id);
      const row = JSON.stringify({ id: rid, custom_id: line.custom_id, response: { status_code: a.status, request_id: `req_${rid}`, body: a.body }, error: null });
      (a.status === 200 ? out : errors).push(row);
    });
    const write = (rows: string[], name: string) => (rows.length ? addFile(Buffer.from(rows.join('\n') + '\n'), name, 'batch_output') : null);
    job.result = { status, outputFileId: write(out, `${job.id}_output.jsonl`), errorFileId: write(errors, `${job.id}_error.jsonl`), completed: out.length, failed: errors.length };
  }

  function batchObject(job: Job) {
    const status = stateOf(job);
    const r = job.result;
    const total = job.lines.length;
    const t = Math.floor(job.createdAt / 1000);
    return {
      id: job.id,
      object: 'batch',
      endpoint: job.endpoint,
      errors: null,
      input_file_id: job.inputFileId,
      completion_window: '24h',
      status,
      output_file_id: r?.outputFileId ?? null,
      error_file_id: r?.errorFileId ?? null,
      created_at: t,
      expires_at: t + 86_400,
      metadata: job.metadata,
      request_counts: { total, completed: r?.completed ?? (status === 'in_progress' || status === 'finalizing' ? Math.floor(total / 2) : 0), failed: r?.failed ?? 0 },
    };
  }

  async function rawBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  /** Whether this server handles the path; if so, it answers it. */
  function handles(path: string): boolean {
    return path === '/v1/files' || path.startsWith('/v1/files/') || path === '/v1/batches' || path.startsWith('/v1/batches/');
  }

  async function handle(req: IncomingMessage, res: ServerResponse, path: string, send: Send, reject: Reject): Promise<void> {
    const method = req.method ?? 'GET';
    const parts = path.split('/').slice(2); // ['files', id?, 'content'?] or ['batches', id?, 'cancel'?]
    if (parts[0] === 'files' && parts.length === 1 && method === 'POST') {
      const raw = await rawBody(req);
      let form: FormData;
      try {
        form = await new Response(new Uint8Array(raw), { headers: { 'content-type': String(req.headers['content-type'] ?? '') } }).formData();
      } catch {
        return reject(res, 400, 'expected a multipart/form-data body with "file" and "purpose"', 'invalid_request_error', 'invalid_body');
      }
      const file = form.get('file');
      const purpose = form.get('purpose');
      if (!file || typeof file === 'string' || purpose !== 'batch') return reject(res, 400, 'a "file" and purpose "batch" are required', 'invalid_request_error', 'invalid_body');
      const id = addFile(Buffer.from(await file.arrayBuffer()), (file as File).name ?? 'input.jsonl', 'batch');
      stats.files++;
      return send(res, 200, JSON.stringify(fileObject(id)));
    }
    if (parts[0] === 'files' && parts.length >= 2) {
      req.resume();
      const f = files.get(parts[1]!);
      if (!f) return reject(res, 404, `No such File object: ${parts[1]}`, 'invalid_request_error', null);
      if (parts[2] === 'content' && method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(f.bytes.length) });
        res.end(f.bytes);
        return;
      }
      if (parts.length === 2 && method === 'GET') return send(res, 200, JSON.stringify(fileObject(parts[1]!)));
    }
    if (parts[0] === 'batches' && parts.length === 1 && method === 'GET') {
      req.resume();
      // Newest first, as the API lists them; one page holds every job.
      const data = [...jobs.values()].reverse().map(batchObject);
      return send(res, 200, JSON.stringify({ object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: false }));
    }
    if (parts[0] === 'batches' && parts.length === 1 && method === 'POST') {
      let body: { input_file_id?: string; endpoint?: string; completion_window?: string; metadata?: Record<string, string> | null };
      try {
        body = JSON.parse((await rawBody(req)).toString('utf8'));
      } catch {
        return reject(res, 400, 'We could not parse the JSON body of your request.', 'invalid_request_error', 'invalid_json');
      }
      const input = body.input_file_id ? files.get(body.input_file_id) : undefined;
      if (!input) return reject(res, 400, `input_file_id ${body.input_file_id ?? '(none)'} is not a file of this server`, 'invalid_request_error', 'invalid_input_file');
      if (body.endpoint !== '/v1/chat/completions' && body.endpoint !== '/v1/completions') return reject(res, 400, `endpoint ${body.endpoint} is not supported`, 'invalid_request_error', 'invalid_endpoint');
      if (body.completion_window !== '24h') return reject(res, 400, 'completion_window must be 24h', 'invalid_request_error', 'invalid_completion_window');
      const lines: Job['lines'] = [];
      const seen = new Set<string>();
      for (const [i, text] of input.bytes.toString('utf8').split('\n').entries()) {
        if (text.trim() === '') continue;
        let line: { custom_id?: unknown; method?: unknown; url?: unknown; body?: unknown };
        try {
          line = JSON.parse(text);
        } catch {
          return reject(res, 400, `line ${i + 1} of the input file is not JSON`, 'invalid_request_error', 'invalid_input_file');
        }
        if (typeof line.custom_id !== 'string' || line.method !== 'POST' || line.url !== body.endpoint || !line.body) {
          return reject(res, 400, `line ${i + 1}: needs custom_id, method POST, url ${body.endpoint} and a body`, 'invalid_request_error', 'invalid_input_file');
        }
        if (seen.has(line.custom_id)) return reject(res, 400, `line ${i + 1}: custom_id ${line.custom_id} is used twice in the file`, 'invalid_request_error', 'duplicate_custom_id');
        seen.add(line.custom_id);
        lines.push({ custom_id: line.custom_id, url: body.endpoint, body: line.body });
      }
      for (const l of lines) stats.submissions.set(l.custom_id, (stats.submissions.get(l.custom_id) ?? 0) + 1);
      const job: Job = { id: `batch_sim${(++seq).toString(36)}`, number: ++stats.jobs, endpoint: body.endpoint, inputFileId: body.input_file_id!, lines, createdAt: Date.now(), metadata: body.metadata ?? null, cancelAt: null, result: null };
      jobs.set(job.id, job);
      return send(res, 200, JSON.stringify(batchObject(job)));
    }
    if (parts[0] === 'batches' && parts.length >= 2) {
      req.resume();
      const job = jobs.get(parts[1]!);
      if (!job) return reject(res, 404, `No batch found with id '${parts[1]}'.`, 'invalid_request_error', null);
      if (parts.length === 2 && method === 'GET') return send(res, 200, JSON.stringify(batchObject(job)));
      if (parts[2] === 'cancel' && method === 'POST') {
        const state = stateOf(job);
        if (state === 'validating' || state === 'in_progress' || state === 'finalizing') {
          job.cancelAt = Date.now();
          stats.cancelled++;
        }
        return send(res, 200, JSON.stringify(batchObject(job)));
      }
    }
    req.resume();
    return reject(res, 404, `Unknown request URL: ${method} ${path}.`, 'invalid_request_error', 'unknown_url');
  }

  return {
    stats,
    handles,
    handle,
    /** How long a job stays in progress now, ms (the Message Batches API's too). */
    delay: () => delayMs,
    setDelay(ms: number) {
      delayMs = Math.max(0, ms);
    },
    reset() {
      stats.submissions.clear();
      stats.jobs = 0;
      stats.files = 0;
      stats.cancelled = 0;
    },
  };
}
