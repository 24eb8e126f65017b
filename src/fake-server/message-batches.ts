/**
 * The fake server's Anthropic Message Batches API: POST /v1/messages/batches (the requests inline),
 * list, retrieve, cancel, delete, and the results stream (JSONL, once the batch has ended). A batch
 * is in_progress for the delay, then ended; canceling lasts a tenth of the delay. Counts stay
 * `processing` until the end, as the API documents. It shares the OpenAI Batch API's options and
 * counters (batches.ts): expiring jobs, failing lines and per-custom-id submission counts.
 * Each request is answered exactly as POST /v1/messages answers its params.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { anthropicErrorBody } from './anthropic.js';
import type { FakeBatchOptions, FakeBatchStats, LineAnswerer } from './batches.js';

/** The API's rule for custom ids (1-64 of letters, digits, "_" and "-"). */
const CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/;
/** Most requests one batch takes. */
const MAX_REQUESTS = 100_000;

interface Batch {
  id: string;
  number: number;
  requests: { custom_id: string; params: unknown }[];
  createdAt: number;
  cancelAt: number | null;
  /** Written once, when the batch ends. */
  results: { lines: string[]; counts: Record<'succeeded' | 'errored' | 'canceled' | 'expired', number>; endedAt: number } | null;
}

type Send = (res: ServerResponse, status: number, body: string) => void;

export function fakeMessageBatches(opts: FakeBatchOptions, stats: FakeBatchStats, delay: () => number, answer: LineAnswerer, nextNumber: () => number) {
  const batches = new Map<string, Batch>();
  let seq = 0;
  const phase = () => Math.min(100, delay() / 10);
  const iso = (ms: number) => new Date(ms).toISOString();

  function ended(b: Batch): boolean {
    if (b.results) return true;
    const now = Date.now();
    if (b.cancelAt !== null) {
      if (now - b.cancelAt < phase()) return false;
      finish(b, 'canceled');
      return true;
    }
    if (now - b.createdAt < delay()) return false;
    finish(b, (opts.expireJobs ?? []).includes(b.number) ? 'expired' : 'completed');
    return true;
  }

  function finish(b: Batch, how: 'completed' | 'expired' | 'canceled'): void {
    // Requests processed before the end: all, the first half (expired), or as many as the time before the cancel allowed.
    const n = b.requests.length;
    const done = how === 'completed' ? n : how === 'expired' ? Math.floor(n / 2) : Math.floor((n * Math.max(0, b.cancelAt! - b.createdAt)) / Math.max(1, delay()));
    const counts = { succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    const lines = b.requests.map((r, i) => {
      if (i >= done) {
        const type = how === 'expired' ? 'expired' : 'canceled';
        counts[type]++;
        return JSON.stringify({ custom_id: r.custom_id, result: { type } });
      }
      const nth = stats.submissions.get(r.custom_id) ?? 1;
      const a = opts.failLine?.(r.custom_id, nth)
        ? { status: 500, body: JSON.parse(anthropicErrorBody('api_error', 'Internal server error (simulated).')) }
        : answer('/v1/messages', r.params, r.custom_id);
      if (a.status === 200) {
        counts.succeeded++;
        return JSON.stringify({ custom_id: r.custom_id, result: { type: 'succeeded', message: a.body } });
      }
      counts.errored++;
      return JSON.stringify({ custom_id: r.custom_id, result: { type: 'errored', error: a.body } });
    });
    b.results = { lines, counts, endedAt: Date.now() };
  }

  function batchObject(b: Batch, origin: string) {
    const done = ended(b);
    const c = b.results?.counts;
    return {
      id: b.id,
      type: 'message_batch',
      processing_status: done ? 'ended' : b.cancelAt !== null ? 'canceling' : 'in_progress',
      request_counts: {
        processing: done ? 0 : b.requests.length,
        succeeded: c?.succeeded ?? 0, errored: c?.errored ?? 0, canceled: c?.canceled ?? 0, expired: c?.expired ?? 0,
      },
      created_at: iso(b.createdAt),
      expires_at: iso(b.createdAt + 86_400_000),
      ended_at: b.results ? iso(b.results.endedAt) : null,
      cancel_initiated_at: b.cancelAt !== null ? iso(b.cancelAt) : null,
      archived_at: null,
      // An absolute URL, as the API gives it (the SDK fetches it with the client's key).
      results_url: done ? `${origin}/v1/messages/batches/${b.id}/results` : null,
    };
  }

  const notFound = (send: Send, res: ServerResponse, what: string) => send(res, 404, anthropicErrorBody('not_found_error', `${what} not found`));
  const invalid = (send: Send, res: ServerResponse, message: string) => send(res, 400, anthropicErrorBody('invalid_request_error', message));

  function handles(path: string): boolean {
    return path === '/v1/messages/batches' || path.startsWith('/v1/messages/batches/');
  }

  async function handle(req: IncomingMessage, res: ServerResponse, path: string, send: Send): Promise<void> {
    const method = req.method ?? 'GET';
    const parts = path.split('/').slice(4); // [id?, 'cancel' | 'results'?]
    const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
    if (parts.length === 0 && method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      let body: { requests?: unknown };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return invalid(send, res, 'The request body is not valid JSON.');
      }
      const requests = body?.requests;
      if (!Array.isArray(requests) || requests.length === 0) return invalid(send, res, 'requests: List should have at least 1 item');
      if (requests.length > MAX_REQUESTS) return invalid(send, res, `requests: List should have at most ${MAX_REQUESTS} items`);
      const seen = new Set<string>();
      for (const [i, r] of requests.entries()) {
        const id = (r as { custom_id?: unknown })?.custom_id;
        if (typeof id !== 'string' || !CUSTOM_ID.test(id)) return invalid(send, res, `requests.${i}.custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`);
        if (!(r as { params?: unknown }).params) return invalid(send, res, `requests.${i}.params: Field required`);
        if (seen.has(id)) return invalid(send, res, `Duplicate custom_id: ${id}`);
        seen.add(id);
      }
      const list = requests as Batch['requests'];
      for (const r of list) stats.submissions.set(r.custom_id, (stats.submissions.get(r.custom_id) ?? 0) + 1);
      const b: Batch = { id: `msgbatch_sim${(++seq).toString(36)}`, number: nextNumber(), requests: list, createdAt: Date.now(), cancelAt: null, results: null };
      batches.set(b.id, b);
      return send(res, 200, JSON.stringify(batchObject(b, origin)));
    }
    req.resume();
    if (parts.length === 0 && method === 'GET') {
      // Newest first, as the API lists them; one page holds every batch.
      const data = [...batches.values()].reverse().map((x) => batchObject(x, origin));
      return send(res, 200, JSON.stringify({ data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null }));
    }
    const b = batches.get(parts[0] ?? '');
    if (!b) return notFound(send, res, `message_batch ${parts[0]}`);
    if (parts.length === 1 && method === 'GET') return send(res, 200, JSON.stringify(batchObject(b, origin)));
    if (parts.length === 1 && method === 'DELETE') {
      if (!ended(b)) return invalid(send, res, 'A batch can be deleted only once it has ended; cancel it first.');
      batches.delete(b.id);
      return send(res, 200, JSON.stringify({ id: b.id, type: 'message_batch_deleted' }));
    }
    if (parts[1] === 'cancel' && method === 'POST') {
      if (!ended(b) && b.cancelAt === null) {
        b.cancelAt = Date.now();
        stats.cancelled++;
      }
      return send(res, 200, JSON.stringify(batchObject(b, origin)));
    }
    if (parts[1] === 'results' && method === 'GET') {
      if (!ended(b)) return invalid(send, res, `Batch ${b.id} has not ended; results are available once processing ends.`);
      // Not in request order, as the API warns: matched by custom id.
      const lines = [...b.results!.lines].reverse();
      res.writeHead(200, { 'content-type': 'application/binary' });
      res.end(lines.join('\n') + '\n');
      return;
    }
    return notFound(send, res, `${method} ${path}`);
  }

  return { handles, handle };
}
