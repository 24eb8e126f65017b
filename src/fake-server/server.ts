/**
 * A fake OpenAI-compatible HTTP server on 127.0.0.1 that answers with the simulated teacher and can
 * inject faults. It speaks Anthropic's Messages API too (POST /v1/messages, see anthropic.ts), with
 * the same sim answers, latency and faults, in Anthropic's shapes. Built on node:http only;
 * per-request work is kept small (no logging, one parse, one simulation) so it sustains thousands
 * of requests per second.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { promptChars, simulate } from '../teacher/sim/simulate.js';
import { checkRequest, firedStop, noCompletions, requestedSchema, type RuleSet } from './rules.js';
import { STAGE_HEADER, type ExampleWriter, type FinishReason, type TeacherRequest } from '../teacher/types.js';
import { stageExample } from '../methods/registry.js';
import { hashJson } from '../util/hash.js';
import { FaultPlan, hardFaultReply, truncatedPromptTokens, type FaultKind, type FaultPlanInput } from './faults.js';
import {
  ChatBodySchema, CompletionBodySchema, chatRequest, chatResponseBody, completionRequest, completionResponseBody,
  describeZodError, errorBody, type Answer,
} from './protocol.js';
import { Serving, type ServingOptions } from './serving.js';
import { MessagesBodySchema, anthropicErrorBody, checkMessages, messagesFaultReply, messagesRequest, messagesResponseBody, type MessagesAnswer } from './anthropic.js';
import { RateWindow, type RateWindowOptions } from './rate-window.js';
import { fakeBatches, type FakeBatchOptions, type FakeBatchStats } from './batches.js';
import { fakeMessageBatches } from './message-batches.js';
import { stageOfAnthropicCustomId } from '../teacher/anthropic/batch-ids.js';
import { emptyStats, resetStats, statsSnapshot, type ContentStats, type Endpoint, type FakeServerStats } from './stats.js';

export interface FakeServerOptions {
  /** Port to bind on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Host to bind (default 127.0.0.1). */
  host?: string;
  /** Fixed delay before each completion answer (and before fault answers), in ms. Default 0. */
  latencyMs?: number;
  /** Faults to inject; none by default. */
  faults?: FaultPlanInput | null;
  /** The delay a rate_limit fault asks for (retry-after-ms; retry-after is the same rounded up to seconds). Default 1000. */
  retryAfterMs?: number;
  /** Largest accepted request body, bytes. Default 16 MiB. */
  maxBodyBytes?: number;
  /**
   * Recorded answers to replay instead of simulating: given a request, its answer, or undefined
   * for a request that was never recorded (answered 400 "no recorded answer", so a changed
   * request fails loudly). Default: none (the sim answers).
   */
  replay?: (request: TeacherRequest) => { text: string; finishReason: FinishReason } | undefined;
  /**
   * The example writer of a declared stage, by the id a client sends in the X-Distillery-Stage
   * header. Default: the recipes' stages. A request without the header (or with an unknown id) is
   * answered by the stage the sim recognises from the prompt.
   */
  examples?: (stageId: string) => ExampleWriter | undefined;
  /**
   * Like servers that quote what they were sent: every error body's message ends with the bearer
   * token and the OpenAI-Organization and OpenAI-Project headers of the request (for the redaction
   * tests). Default false.
   */
  echoCredentials?: boolean;
  /**
   * Refuse what a real server refuses, with its status and error body (see rules.ts): `vllm`,
   * `sglang`, `tgi`, `llama.cpp`, `openai`, `openai-reasoning` (chat only), or `lenient` (the
   * default: accept anything well-formed).
   */
  rules?: RuleSet;
  /** Answer every /v1/completions request 404, like a chat-only server or model. Default false (`openai-reasoning` rules imply it). */
  chatOnly?: boolean;
  /**
   * The choice field that names the stop string that ended an answer (null when none fired), as
   * vLLM (`stop_reason`) and SGLang (`matched_stop`) do. Default: `stop_reason` under the vllm
   * rules, `matched_stop` under sglang's, none otherwise.
   */
  stopReasonField?: 'stop_reason' | 'matched_stop' | null;
  /**
   * Answer a chat request that carries a JSON Schema (response_format json_schema, or TGI's
   * {type: json, value}) with a JSON document from `structured`, untouched by stop strings.
   * Default false: the schema is ignored and the stage's normal text answers.
   */
  honourResponseFormat?: boolean;
  /**
   * The JSON document for a structured request: given the request's stage id (X-Distillery-Stage,
   * if sent), its schema, and the stage's normal example text. Default: `{"text": <that text>}`.
   */
  structured?: (stageId: string | undefined, schema: unknown, text: string) => string;
  /** Server-like timing (serving.ts): N slots, time to first token plus time per output token, a queue past the slots. Replaces `latencyMs`. */
  serving?: ServingOptions;
  /** Die this many ms after starting: every open connection is cut and nothing more is accepted (a replica lost mid-run). */
  failAtMs?: number;
  /** Send x-ratelimit-* headers for this requests-per-window limit, and answer 429 past it. */
  rateLimit?: RateWindowOptions;
  /** The Batch API's timing and failures (batches.ts): job delay, expired jobs, failing lines. */
  batch?: FakeBatchOptions;
}

export interface FakeServer {
  /** Base URL ending in "/v1", e.g. "http://127.0.0.1:41234/v1". */
  readonly url: string;
  /** The root an Anthropic client is given (it appends /v1/messages), e.g. "http://127.0.0.1:41234". */
  readonly anthropicUrl: string;
  readonly port: number;
  /** Live counters (updated in place). */
  readonly stats: FakeServerStats;
  /** Replace the fault plan (null: no faults); request numbering for the plan restarts at 1. */
  setFaults(faults: FaultPlanInput | null): void;
  setLatency(ms: number): void;
  /** Zero the counters and restart the fault plan's request numbering. */
  reset(): void;
  /** A JSON-friendly copy of the counters (what GET /__stats returns). */
  snapshot(): Record<string, unknown>;
  /**
   * Every response id issued (a 200 answer with a JSON body, clean or degraded) for the same request
   * content as `responseId`, in the order issued; undefined for an id this server did not issue
   * (or issued before the last reset).
   */
  issuedFor(responseId: string): readonly string[] | undefined;
  /** The Batch API's counters: submissions per custom id, jobs, uploads, cancels (zeroed by reset). */
  readonly batches: FakeBatchStats;
  /** How long the next batch jobs stay in progress, ms. */
  setBatchDelay(ms: number): void;
  /** Stop listening and cut every open connection (held timeouts included). */
  close(): Promise<void>;
}

const JSON_HEADERS = { 'content-type': 'application/json' } as const;
const MODELS = ['distillery-sim-1'];

export async function startFakeServer(opts: FakeServerOptions = {}): Promise<FakeServer> {
  const host = opts.host ?? '127.0.0.1';
  const maxBody = opts.maxBodyBytes ?? 16 * 1024 * 1024;
  const retryAfterMs = Math.max(0, opts.retryAfterMs ?? 1000);
  const rules: RuleSet = opts.rules ?? 'lenient';
  const chatOnly = opts.chatOnly ?? rules === 'openai-reasoning';
  const stopReasonField = opts.stopReasonField !== undefined ? opts.stopReasonField : rules === 'vllm' ? 'stop_reason' : rules === 'sglang' ? 'matched_stop' : null;
  let latencyMs = Math.max(0, opts.latencyMs ?? 0);
  let plan: FaultPlan | null = opts.faults ? new FaultPlan(opts.faults) : null;
  let faultSeq = 0;
  let idSeq = 0;
  let closing = false;
  const stats = emptyStats();
  const serving = opts.serving ? new Serving(opts.serving) : null;
  const rateWindow = opts.rateLimit ? new RateWindow(opts.rateLimit) : null;
  /** Responses held open by 'timeout' faults and latency waits, released on close. */
  const held = new Set<ServerResponse>();
  const timers = new Map<NodeJS.Timeout, () => void>();
  /** Response ids issued per request content, and the content of each id. */
  const issuedByContent = new Map<string, string[]>();
  const contentOfId = new Map<string, string>();

  function recordIssued(hash: string, id: string): void {
    const list = issuedByContent.get(hash);
    if (list) list.push(id);
    else issuedByContent.set(hash, [id]);
    contentOfId.set(id, hash);
  }

  function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}, done?: () => void): void {
    if (res.destroyed || res.writableEnded) return;
    if (status >= 400 && opts.echoCredentials) body = withCredentialEcho(body, res.req);
    res.writeHead(status, { ...JSON_HEADERS, 'content-length': String(Buffer.byteLength(body)), ...headers });
    res.end(body, done);
  }

  function reject(res: ServerResponse, status: number, message: string, type: string, code: string | null, param: string | null = null): void {
    stats.rejected++;
    send(res, status, errorBody(message, type, code, param));
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.set(t, resolve);
    });
  }

  function readBody(req: IncomingMessage): Promise<string | null> {
    return new Promise((resolve, rejectBody) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let tooBig = false;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBody) tooBig = true;
        else chunks.push(chunk);
      });
      req.on('end', () => resolve(tooBig ? null : Buffer.concat(chunks).toString('utf8')));
      req.on('error', rejectBody);
    });
  }

  /** In Anthropic's shape on /v1/messages, OpenAI's elsewhere. */
  function rejectOn(res: ServerResponse, endpoint: Endpoint, status: number, message: string, type: string, code: string | null, param: string | null = null): void {
    if (endpoint !== 'messages') return reject(res, status, message, type, code, param);
    stats.rejected++;
    send(res, status, anthropicErrorBody(status === 413 ? 'request_too_large' : status >= 500 ? 'api_error' : status === 401 ? 'authentication_error' : 'invalid_request_error', message));
  }

  /**
   * Anthropic's headers: a key, and the anthropic-version the client speaks. The key comes in
   * x-api-key (the API's documented header, curl's) or as a bearer token (what @anthropic-ai/sdk 1.16 sends).
   */
  function anthropicRefusal(req: IncomingMessage): [number, string] | null {
    const key = req.headers['x-api-key'];
    if ((typeof key !== 'string' || key.trim() === '') && !authorised(req)) return [401, 'x-api-key header is required'];
    const version = req.headers['anthropic-version'];
    if (typeof version !== 'string' || version.trim() === '') return [400, 'anthropic-version: header is required'];
    return null;
  }

  function authorised(req: IncomingMessage): boolean {
    const auth = req.headers.authorization;
    return typeof auth === 'string' && /^Bearer\s+\S+/i.test(auth);
  }

  async function handleCompletion(req: IncomingMessage, res: ServerResponse, endpoint: 'chat' | 'completions' | 'messages'): Promise<void> {
    stats.received++;
    stats.byEndpoint[endpoint].received++;
    const anthropic = endpoint === 'messages';
    if (anthropic) {
      const refusal = anthropicRefusal(req);
      if (refusal) {
        req.resume();
        return rejectOn(res, endpoint, refusal[0], refusal[1], 'invalid_request_error', null);
      }
    } else if (!authorised(req)) {
      req.resume();
      return reject(res, 401, 'Missing bearer authentication in header (expected "Authorization: Bearer <key>").', 'invalid_request_error', 'invalid_api_key');
    }
    const raw = await readBody(req);
    if (raw === null) return rejectOn(res, endpoint, 413, `Request body larger than ${maxBody} bytes.`, 'invalid_request_error', 'request_too_large');
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return rejectOn(res, endpoint, 400, 'We could not parse the JSON body of your request.', 'invalid_request_error', 'invalid_json');
    }
    if (anthropic) {
      // The API's own validation, whatever `rules` says (those are OpenAI-compatible servers').
      const refusal = json && typeof json === 'object' && !Array.isArray(json) ? checkMessages(json as Record<string, unknown>) : null;
      if (refusal) {
        stats.rejected++;
        return send(res, refusal.status, refusal.body);
      }
    } else if (json && typeof json === 'object' && !Array.isArray(json)) {
      const body = json as Record<string, unknown>;
      const refusal = endpoint === 'completions' && chatOnly ? noCompletions(rules, String(body.model ?? '')) : checkRequest(rules, endpoint === 'chat' ? 'chat' : 'completions', body);
      if (refusal) {
        stats.rejected++;
        return send(res, refusal.status, refusal.body);
      }
    }
    let request: TeacherRequest;
    try {
      request = anthropic ? messagesRequest(MessagesBodySchema.parse(json)) : endpoint === 'chat' ? chatRequest(ChatBodySchema.parse(json)) : completionRequest(CompletionBodySchema.parse(json));
    } catch (err) {
      if (err instanceof z.ZodError) {
        const { message, param } = describeZodError(err);
        return rejectOn(res, endpoint, 400, message, 'invalid_request_error', 'invalid_request_body', param);
      }
      throw err;
    }

    const hash = hashJson(request);
    let content = stats.byContent.get(hash);
    if (!content) {
      content = { received: 0, completed: 0, degraded: 0, receivedAfterCompleted: 0 };
      stats.byContent.set(hash, content);
    }
    content.received++;
    if (content.completed > 0) content.receivedAfterCompleted++;

    const seq = ++faultSeq;
    const fault: FaultKind | undefined = plan?.faultFor(seq);
    if (fault) stats.faults[fault]++;

    if (fault === 'drop') {
      // Cut the connection mid-request: the client sees a connection error.
      req.socket.destroy();
      return;
    }
    if (fault === 'timeout') {
      // Never answer; hold the request until the client gives up (or the server closes).
      held.add(res);
      res.on('close', () => held.delete(res));
      return;
    }

    let rateHeaders: Record<string, string> | undefined;
    if (rateWindow) {
      if (!rateWindow.take()) {
        stats.rateLimited++;
        const wait = rateWindow.resetMs();
        if (anthropic) {
          return send(res, 429, anthropicErrorBody('rate_limit_error', 'Number of requests has exceeded your rate limit (simulated limit). Please retry after the window resets.'), {
            ...rateWindow.headers(), 'retry-after': String(Math.ceil(wait / 1000)),
          });
        }
        return send(res, 429, errorBody('Rate limit reached for requests (simulated limit). Please retry after the window resets.', 'requests', 'rate_limit_exceeded'), {
          ...rateWindow.headers(), 'retry-after': String(Math.ceil(wait / 1000)), 'retry-after-ms': String(Math.ceil(wait)),
        });
      }
      rateHeaders = rateWindow.headers();
    }

    stats.inFlight++;
    try {
      if (serving) {
        held.add(res);
        const stageId = req.headers[STAGE_HEADER];
        const writer = typeof stageId === 'string' ? (opts.examples ?? stageExample)(stageId) : undefined;
        await serving.serve(simulate(request, writer).usage.completionTokens, sleep);
        held.delete(res);
      } else if (latencyMs > 0) {
        held.add(res);
        await sleep(latencyMs);
        held.delete(res);
      }
      if (res.destroyed || closing) {
        stats.abandoned++;
        return;
      }
      const stageId = req.headers[STAGE_HEADER];
      const writer = typeof stageId === 'string' ? (opts.examples ?? stageExample)(stageId) : undefined;
      if (anthropic) return respondMessages(res, request, hash, seq, content, fault, writer, rateHeaders);
      const schema = opts.honourResponseFormat && endpoint === 'chat' ? requestedSchema(json as Record<string, unknown>) : undefined;
      respond(res, endpoint, request, hash, seq, content, fault, writer, schema === undefined ? undefined : { stageId: typeof stageId === 'string' ? stageId : undefined, schema }, rateHeaders);
    } finally {
      stats.inFlight--;
    }
  }

  function respond(
    res: ServerResponse,
    endpoint: 'chat' | 'completions',
    request: TeacherRequest,
    hash: string,
    seq: number,
    content: ContentStats,
    fault: FaultKind | undefined,
    writer: ExampleWriter | undefined,
    structuredFor?: { stageId: string | undefined; schema: unknown },
    rateHeaders?: Record<string, string>,
  ): void {
    const hard = hardFaultReply(fault, request);
    if (hard) return send(res, hard.status, hard.body, hard.headers);
    switch (fault) {
      case 'rate_limit':
        return send(
          res,
          429,
          errorBody('Rate limit reached for requests (simulated). Please retry after a short wait.', 'requests', 'rate_limit_exceeded'),
          { 'retry-after': String(Math.ceil(retryAfterMs / 1000)), 'retry-after-ms': String(retryAfterMs) },
        );
      case 'server_500':
        return send(res, 500, errorBody('The server had an error while processing your request (simulated).', 'server_error', null));
      case 'server_502':
        return send(res, 502, errorBody('Bad gateway (simulated).', 'server_error', null));
      case 'server_503':
        return send(res, 503, errorBody('The engine is currently overloaded, please try again later (simulated).', 'server_error', null));
      default:
        break;
    }

    let sim: { text: string; finishReason: FinishReason; usage: { promptTokens: number; completionTokens: number } };
    if (opts.replay) {
      const recorded = opts.replay(request);
      if (!recorded) return reject(res, 400, 'no recorded answer for this request (replay mode)', 'invalid_request_error', 'not_recorded');
      // Usage as the sim counts it (four characters a token): a replayed answer reports its whole prompt.
      sim = { ...recorded, usage: { promptTokens: Math.ceil(promptChars(request) / 4), completionTokens: Math.ceil(recorded.text.length / 4) } };
    } else sim = simulate(request, writer);
    let choiceExtra: Record<string, unknown> | undefined;
    if (structuredFor) {
      // The stage's normal text, uncut, turned into the JSON document the schema asks for.
      const full = opts.replay ? sim.text : simulate({ ...request, params: { ...request.params, stop: undefined, max_tokens: undefined } }, writer).text;
      const doc = (opts.structured ?? defaultDocument)(structuredFor.stageId, structuredFor.schema, full);
      sim = { text: doc, finishReason: 'stop', usage: { ...sim.usage, completionTokens: Math.ceil(doc.length / 4) } };
    } else if (stopReasonField && !opts.replay) {
      // Which stop cut the answer: the sim's text without stops (its seed ignores them) tells.
      const raw = request.params.stop?.length ? simulate({ ...request, params: { ...request.params, stop: undefined, max_tokens: undefined } }, writer).text : '';
      const fired = sim.finishReason === 'stop' ? firedStop(raw, request.params.stop) : null;
      choiceExtra = { [stopReasonField]: fired };
    }
    const id = `${endpoint === 'chat' ? 'chatcmpl' : 'cmpl'}-sim${hash.slice(0, 12)}${(++idSeq).toString(36)}`;
    const answer: Answer = {
      id,
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      text: sim.text,
      finishReason: sim.finishReason,
      promptTokens: sim.usage.promptTokens,
      completionTokens: sim.usage.completionTokens,
      choiceExtra,
    };
    if (fault === 'truncated_prompt') answer.promptTokens = truncatedPromptTokens(answer.promptTokens);
    const build = endpoint === 'chat' ? chatResponseBody : completionResponseBody;
    const headers = { 'x-distillery-simulated': 'true', 'x-request-id': `req_sim_${seq}`, ...rateHeaders };

    if (fault === 'malformed') {
      const body = build(answer);
      // HTTP 200 whose body is cut in the middle: not valid JSON.
      return send(res, 200, body.slice(0, Math.max(1, Math.floor(body.length / 2))), headers);
    }
    if (fault === 'length' || fault === 'empty' || fault === 'content_filter') {
      if (!res.destroyed) recordIssued(hash, id);
      if (fault === 'length') {
        const cut = sim.text.slice(0, Math.floor(sim.text.length / 2));
        answer.text = cut;
        answer.finishReason = 'length';
        answer.completionTokens = Math.ceil(cut.length / 4);
      } else if (fault === 'empty') {
        answer.text = '';
        answer.finishReason = 'stop';
        answer.completionTokens = 0;
      } else {
        answer.text = endpoint === 'chat' ? null : '';
        answer.finishReason = 'content_filter';
        answer.completionTokens = 0;
      }
      return send(res, 200, build(answer), headers, () => {
        stats.degraded++;
        content.degraded++;
      });
    }
    if (!res.destroyed) recordIssued(hash, id);
    send(res, 200, build(answer), headers, () => {
      stats.completed++;
      stats.byEndpoint[endpoint].completed++;
      content.completed++;
    });
  }

  /** The sim's (or the replay's) Messages answer to a request; null in replay mode when nothing was recorded for it. */
  function messageAnswer(request: TeacherRequest, writer: ExampleWriter | undefined, hash: string): MessagesAnswer | null {
    let sim: { text: string; finishReason: FinishReason; usage: { promptTokens: number; completionTokens: number } };
    if (opts.replay) {
      const recorded = opts.replay(request);
      if (!recorded) return null;
      sim = { ...recorded, usage: { promptTokens: Math.ceil(promptChars(request) / 4), completionTokens: Math.ceil(recorded.text.length / 4) } };
    } else sim = simulate(request, writer);
    // Which stop cut the answer (the API names it in stop_sequence): the sim's text without stops tells.
    const raw = !opts.replay && sim.finishReason === 'stop' && request.params.stop?.length ? simulate({ ...request, params: { ...request.params, stop: undefined, max_tokens: undefined } }, writer).text : '';
    return {
      id: `msg_sim${hash.slice(0, 12)}${(++idSeq).toString(36)}`, model: request.model, text: sim.text, finishReason: sim.finishReason,
      stopSequence: raw ? firedStop(raw, request.params.stop) : null, inputTokens: sim.usage.promptTokens, outputTokens: sim.usage.completionTokens,
    };
  }

  /** respond()'s twin for /v1/messages: the same sim answer, faults and counters, in Anthropic's shapes. */
  function respondMessages(
    res: ServerResponse,
    request: TeacherRequest,
    hash: string,
    seq: number,
    content: ContentStats,
    fault: FaultKind | undefined,
    writer: ExampleWriter | undefined,
    rateHeaders?: Record<string, string>,
  ): void {
    const failure = messagesFaultReply(fault, request, retryAfterMs);
    if (failure) return send(res, failure.status, failure.body, failure.headers);
    const answer = messageAnswer(request, writer, hash);
    if (!answer) {
      stats.rejected++;
      return send(res, 400, anthropicErrorBody('invalid_request_error', 'no recorded answer for this request (replay mode)'));
    }
    if (fault === 'truncated_prompt') answer.inputTokens = truncatedPromptTokens(answer.inputTokens);
    const headers = { 'x-distillery-simulated': 'true', 'request-id': `req_sim_${seq}`, ...rateHeaders };
    if (fault === 'malformed') {
      const body = messagesResponseBody(answer);
      return send(res, 200, body.slice(0, Math.max(1, Math.floor(body.length / 2))), headers);
    }
    if (fault === 'length' || fault === 'empty' || fault === 'content_filter') {
      if (!res.destroyed) recordIssued(hash, answer.id);
      answer.stopSequence = null;
      if (fault === 'length') {
        answer.text = answer.text.slice(0, Math.floor(answer.text.length / 2));
        answer.finishReason = 'length';
        answer.outputTokens = Math.ceil(answer.text.length / 4);
      } else {
        answer.text = '';
        answer.finishReason = fault === 'empty' ? 'stop' : 'content_filter';
        answer.outputTokens = 0;
      }
      return send(res, 200, messagesResponseBody(answer), headers, () => {
        stats.degraded++;
        content.degraded++;
      });
    }
    if (!res.destroyed) recordIssued(hash, answer.id);
    send(res, 200, messagesResponseBody(answer), headers, () => {
      stats.completed++;
      stats.byEndpoint.messages.completed++;
      content.completed++;
    });
  }

  function handleModels(req: IncomingMessage, res: ServerResponse): void {
    stats.byEndpoint.models.received++;
    if (!authorised(req)) return reject(res, 401, 'Missing bearer authentication in header.', 'invalid_request_error', 'invalid_api_key');
    const created = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ object: 'list', data: MODELS.map((id) => ({ id, object: 'model', created, owned_by: 'distillery' })) });
    send(res, 200, body, {}, () => stats.byEndpoint.models.completed++);
  }

  /**
   * A batch line answered as the online endpoint answers the same body: the same sim text, usage
   * and shape. The stage id rides in the custom id after "|" (online it is the X-Distillery-Stage header).
   */
  function answerLine(url: string, body: unknown, customId: string): { status: number; body: unknown } {
    const chat = url === '/v1/chat/completions';
    const parsed = chat ? ChatBodySchema.safeParse(body) : CompletionBodySchema.safeParse(body);
    if (!parsed.success) {
      const { message, param } = describeZodError(parsed.error);
      return { status: 400, body: JSON.parse(errorBody(message, 'invalid_request_error', 'invalid_request_body', param)) };
    }
    const request = chat ? chatRequest(parsed.data as z.infer<typeof ChatBodySchema>) : completionRequest(parsed.data as z.infer<typeof CompletionBodySchema>);
    const bar = customId.indexOf('|');
    const writer = bar >= 0 ? (opts.examples ?? stageExample)(customId.slice(bar + 1)) : undefined;
    let sim: { text: string; finishReason: FinishReason; usage: { promptTokens: number; completionTokens: number } };
    if (opts.replay) {
      const recorded = opts.replay(request);
      if (!recorded) return { status: 400, body: JSON.parse(errorBody('no recorded answer for this request (replay mode)', 'invalid_request_error', 'not_recorded')) };
      sim = { ...recorded, usage: { promptTokens: Math.ceil(promptChars(request) / 4), completionTokens: Math.ceil(recorded.text.length / 4) } };
    } else sim = simulate(request, writer);
    const hash = hashJson(request);
    const id = `${chat ? 'chatcmpl' : 'cmpl'}-sim${hash.slice(0, 12)}${(++idSeq).toString(36)}`;
    recordIssued(hash, id);
    const answer: Answer = { id, created: Math.floor(Date.now() / 1000), model: request.model, text: sim.text, finishReason: sim.finishReason, promptTokens: sim.usage.promptTokens, completionTokens: sim.usage.completionTokens };
    return { status: 200, body: JSON.parse((chat ? chatResponseBody : completionResponseBody)(answer)) };
  }
  /** A Message Batches request answered as POST /v1/messages answers its params; the stage id rides in the custom id (anthropic/batch-ids.ts). */
  function answerMessageLine(_url: string, params: unknown, customId: string): { status: number; body: unknown } {
    const refusal = params && typeof params === 'object' && !Array.isArray(params) ? checkMessages(params as Record<string, unknown>) : null;
    if (refusal) return { status: refusal.status, body: JSON.parse(refusal.body) };
    const parsed = MessagesBodySchema.safeParse(params);
    if (!parsed.success) return { status: 400, body: JSON.parse(anthropicErrorBody('invalid_request_error', describeZodError(parsed.error).message)) };
    const request = messagesRequest(parsed.data);
    const stageId = stageOfAnthropicCustomId(customId);
    const hash = hashJson(request);
    const answer = messageAnswer(request, stageId ? (opts.examples ?? stageExample)(stageId) : undefined, hash);
    if (!answer) return { status: 400, body: JSON.parse(anthropicErrorBody('invalid_request_error', 'no recorded answer for this request (replay mode)')) };
    recordIssued(hash, answer.id);
    return { status: 200, body: JSON.parse(messagesResponseBody(answer)) };
  }
  const batchApi = fakeBatches(opts.batch ?? {}, answerLine);
  const messageBatches = fakeMessageBatches(opts.batch ?? {}, batchApi.stats, () => batchApi.delay(), answerMessageLine, () => ++batchApi.stats.jobs);

  const server = createServer({ keepAliveTimeout: 120_000, requestTimeout: 0, headersTimeout: 130_000 }, (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = (q >= 0 ? url.slice(0, q) : url).replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    if (messageBatches.handles(path)) {
      const refusal = anthropicRefusal(req);
      if (refusal) {
        req.resume();
        return rejectOn(res, 'messages', refusal[0], refusal[1], 'invalid_request_error', null);
      }
      messageBatches.handle(req, res, path, send).catch((err: unknown) => {
        if (!res.headersSent && !res.destroyed) send(res, 500, anthropicErrorBody('api_error', `fake server error: ${(err as Error)?.message ?? String(err)}`));
        else res.destroy();
      });
      return;
    }
    if (batchApi.handles(path)) {
      if (!authorised(req)) {
        req.resume();
        return reject(res, 401, 'Missing bearer authentication in header.', 'invalid_request_error', 'invalid_api_key');
      }
      batchApi.handle(req, res, path, send, reject).catch((err: unknown) => {
        if (!res.headersSent && !res.destroyed) send(res, 500, errorBody(`fake server error: ${(err as Error)?.message ?? String(err)}`, 'server_error', 'internal_error'));
        else res.destroy();
      });
      return;
    }
    let endpoint: Endpoint | 'stats' | 'reset' | undefined;
    if (path === '/v1/chat/completions' || path === '/chat/completions') endpoint = 'chat';
    else if (path === '/v1/completions' || path === '/completions') endpoint = 'completions';
    else if (path === '/v1/messages' || path === '/messages') endpoint = 'messages';
    else if (path === '/v1/models' || path === '/models') endpoint = 'models';
    else if (path === '/__stats') endpoint = 'stats';
    else if (path === '/__reset') endpoint = 'reset';
    const wanted = endpoint === 'models' || endpoint === 'stats' ? 'GET' : 'POST';
    if (!endpoint) {
      req.resume();
      return reject(res, 404, `Unknown request URL: ${method} ${path}.`, 'invalid_request_error', 'unknown_url');
    }
    if (method !== wanted) {
      req.resume();
      return reject(res, 405, `Method ${method} not allowed for ${path}; use ${wanted}.`, 'invalid_request_error', 'method_not_allowed');
    }
    switch (endpoint) {
      case 'stats':
        return send(res, 200, JSON.stringify(statsSnapshot(stats)));
      case 'reset':
        req.resume();
        api.reset();
        return send(res, 200, JSON.stringify({ ok: true }));
      case 'models':
        return handleModels(req, res);
      default:
        handleCompletion(req, res, endpoint).catch((err: unknown) => {
          if (!res.headersSent && !res.destroyed) {
            const message = `fake server error: ${(err as Error)?.message ?? String(err)}`;
            send(res, 500, endpoint === 'messages' ? anthropicErrorBody('api_error', message) : errorBody(message, 'server_error', 'internal_error'));
          } else res.destroy();
        });
    }
  });
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 130_000;
  server.requestTimeout = 0;
  server.maxRequestsPerSocket = 0;

  await new Promise<void>((resolve, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', rejectListen);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  if (opts.failAtMs !== undefined) {
    const t = setTimeout(() => void api.close(), Math.max(0, opts.failAtMs));
    t.unref();
  }

  const api: FakeServer = {
    url: `http://${host}:${port}/v1`,
    anthropicUrl: `http://${host}:${port}`,
    port,
    stats,
    batches: batchApi.stats,
    setBatchDelay(ms) {
      batchApi.setDelay(ms);
    },
    setFaults(faults) {
      plan = faults ? new FaultPlan(faults) : null;
      faultSeq = 0;
    },
    setLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
    reset() {
      resetStats(stats);
      batchApi.reset();
      issuedByContent.clear();
      contentOfId.clear();
      faultSeq = 0;
    },
    issuedFor(responseId) {
      const hash = contentOfId.get(responseId);
      return hash === undefined ? undefined : issuedByContent.get(hash)?.slice();
    },
    snapshot() {
      return statsSnapshot(stats);
    },
    async close() {
      if (closing) return;
      closing = true;
      for (const [t, wake] of timers) {
        clearTimeout(t);
        wake();
      }
      timers.clear();
      for (const res of held) res.destroy();
      held.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return api;
}

/** An error body whose message quotes the request's credentials (see FakeServerOptions.echoCredentials). */
function withCredentialEcho(body: string, req: IncomingMessage | undefined): string {
  const header = (name: string) => {
    const v = req?.headers[name];
    return typeof v === 'string' ? v : '(none)';
  };
  const auth = header('authorization');
  const apiKey = req?.headers['x-api-key'];
  const key = typeof apiKey === 'string' ? apiKey : /^Bearer\s+/i.test(auth) ? auth.replace(/^Bearer\s+/i, '') : auth;
  const echo = ` [you sent: key ${key}, authorization "${auth}", organization ${header('openai-organization')}, project ${header('openai-project')}]`;
  try {
    const json = JSON.parse(body) as { error?: { message?: string } };
    if (json.error && typeof json.error.message === 'string') {
      json.error.message += echo;
      return JSON.stringify(json);
    }
  } catch {
    /* not JSON: left as it is */
  }
  return body;
}

/** The document a schema-honouring server writes by default: the sim's answer when it already is a JSON object (a custom pipeline's JSON stage), else `{"text": ...}`. */
function defaultDocument(_stageId: string | undefined, _schema: unknown, text: string): string {
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return text;
  } catch {
    // not JSON: wrapped below
  }
  return JSON.stringify({ text });
}
