/**
 * The simulated teacher's core: a pure, deterministic function from a request to a response.
 * The generator is seeded from sha256 of ONLY {mode, messages or prompt, params.seed}: neither the
 * model name nor other sampling parameters change the text (stop and max_tokens only cut it), so a
 * run with the in-process sim teacher and a run through the fake server under any model name give
 * identical text.
 */
import type { ExampleWriter, FinishReason, TeacherRequest, TeacherResponse } from '../types.js';
import { Rng } from './rng.js';
import { recognise, type SimContext, type SimStage } from './stages/index.js';

export const SIM_MODEL = 'distillery-sim-1';

/** Tokens as the simulator counts them: one per four characters, rounded up. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The string whose sha256 seeds the generator. */
export function simSeedKey(request: TeacherRequest): string {
  const content =
    request.mode === 'chat'
      ? (request.messages ?? []).map((m) => [m.role, m.content])
      : request.prompt ?? '';
  return JSON.stringify({ v: 1, mode: request.mode, content, seed: request.params.seed ?? null });
}

/** What the recognisers see of a request. */
export function simContext(request: TeacherRequest): SimContext {
  if (request.mode === 'completion') {
    const prompt = request.prompt ?? '';
    return { mode: 'completion', last: prompt, all: prompt, system: '', model: request.model };
  }
  const messages = request.messages ?? [];
  let last = '';
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m && m.role === 'user') {
      last = m.content;
      break;
    }
  }
  if (last === '' && messages.length > 0) last = messages[messages.length - 1]?.content ?? '';
  return {
    mode: 'chat',
    last,
    all: messages.map((m) => m.content).join('\n\n'),
    system: messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n'),
    model: request.model,
  };
}

/** The stage that answers a request (its name, e.g. "self-instruct-instructions"). */
export function simStage(request: TeacherRequest): SimStage {
  return recognise(simContext(request));
}

export function promptChars(request: TeacherRequest): number {
  if (request.mode === 'completion') return (request.prompt ?? '').length;
  let n = 0;
  for (const m of request.messages ?? []) n += m.content.length;
  return n;
}

/** Apply stop strings (earliest occurrence wins) and then the max_tokens budget. */
export function applyLimits(raw: string, stop: readonly string[] | undefined, maxTokens: number | undefined): { text: string; finishReason: FinishReason } {
  let text = raw;
  let finishReason: FinishReason = 'stop';
  if (stop && stop.length > 0) {
    let cut = -1;
    for (const s of stop) {
      if (s === '') continue;
      const i = text.indexOf(s);
      if (i >= 0 && (cut < 0 || i < cut)) cut = i;
    }
    if (cut >= 0) text = text.slice(0, cut);
  }
  if (maxTokens !== undefined && estimateTokens(text) > maxTokens) {
    text = text.slice(0, maxTokens * 4);
    finishReason = 'length';
  }
  return { text, finishReason };
}

/**
 * Pure and deterministic: the same request (and writer) always gives the same response. `writer` is
 * the example writer of the request's declared stage; without one the stage is recognised from the
 * prompt's structure (requests that name no stage, e.g. from another client of the fake server).
 */
export function simulate(request: TeacherRequest, writer?: ExampleWriter): TeacherResponse {
  const ctx = simContext(request);
  const rng = Rng.fromKey(simSeedKey(request));
  let raw = (writer ?? recognise(ctx).write)(ctx, rng);
  // A chat model does not continue the user's text, so it does not start with whitespace.
  if (request.mode === 'chat') raw = raw.replace(/^\s+/, '');
  const { text, finishReason } = applyLimits(raw, request.params.stop, request.params.max_tokens);
  return {
    text,
    finishReason,
    usage: {
      promptTokens: Math.ceil(promptChars(request) / 4),
      completionTokens: estimateTokens(text),
      cachedPromptTokens: 0,
    },
    model: SIM_MODEL,
    simulated: true,
  };
}
