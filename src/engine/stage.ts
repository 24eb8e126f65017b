/**
 * A stage is one kind of teacher call, declared once: its name (the journal's and the sample's
 * stage), the placeholders its template must have, a pure prompt builder, a pure parser, and an
 * example writer, the parser's inverse, which the sim uses to answer requests of this stage.
 * `ask` sends a list of stage inputs through the journal and parses each answer.
 */
import type { StageSampling, TeacherConfig } from '../config/common.js';
import { requirePlaceholders, type Template } from '../prompts/template.js';
import type { CallOutcome, Journal } from '../teacher/journal.js';
import type { ExampleWriter, FinishReason, TeacherRequest } from '../teacher/types.js';
import type { Edit, Normalised } from '../chat/edits.js';
import type { Verdict } from '../store/samples.js';
import { buildRequest, type Prompt } from './requests.js';
import { jsonSchemaOf, readStructured, type StructuredForm } from './structured.js';
import { edit } from '../chat/edits.js';

export interface StageDecl<In, Out> {
  /** The recipe (or shared stage family, e.g. "judge") that declares it. */
  readonly recipe: string;
  /** The journal's stage and the stored samples' stage. */
  readonly name: string;
  /** Tells apart declarations that share a journal stage (e.g. Self-Instruct's two instance prompts). */
  readonly variant?: string;
  /** `recipe/(variant or name)`: unique, sent with each request so the sim answers by stage. */
  readonly id: string;
  /** The placeholders its template takes, exactly (checked before the first call); none for a stage without a template. */
  readonly placeholders: readonly string[];
  /** Pure: the prompt (or messages) for one input. */
  prompt(input: In, template: Template | undefined): Prompt;
  /** Pure: the answer's text as the stage's value. */
  parse(text: string, finishReason: FinishReason, input: In): Out;
  /** A well-formed answer for a request of this stage, written from the request's structure. */
  readonly example: ExampleWriter;
  /** For the contract test: does a parsed answer hold at least one item that passes the structural checks? */
  usable(out: Out): boolean;
  /**
   * Chat mode only (with `teacher.chat.normalise`, the default): a pure step that puts a chat
   * model's answer into the format the reference parser reads (preambles, markup, framing taken
   * out), recording each change. Completion-mode answers go to the parser exactly as written.
   */
  normalise?(text: string, input: In): Normalised;
  /**
   * Chat mode only (with `teacher.chat.stops: safe`, the default): the stop strings to send in
   * place of the configured ones, without those that fire inside a chat model's content (a blank
   * line between items, a bare number). Default: the configured ones without "\n\n".
   */
  chatStop?(stop: readonly string[]): string[];
  /**
   * For a stage whose answer has structure: the JSON document it can be asked for instead, with
   * `teacher.structured_outputs` on and a server that enforces a JSON Schema (engine/structured.ts).
   */
  readonly structured?: StructuredForm<In, Out, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export type Stage = StageDecl<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function defineStage<In, Out>(decl: Omit<StageDecl<In, Out>, 'id'>): StageDecl<In, Out> {
  return { ...decl, id: `${decl.recipe}/${decl.variant ?? decl.name}` };
}

/** Check a loaded template against the stage's placeholders (throws a TemplateError naming the file). */
export function checkStageTemplate(stage: Stage, template: Template): Template {
  requirePlaceholders(template, [...stage.placeholders]);
  return template;
}

/** One call to make: a stage, its input, the template and sampling it is rendered with. */
export interface Ask<In, Out> {
  stage: StageDecl<In, Out>;
  input: In;
  template?: Template;
  sampling: StageSampling;
}

/**
 * A parsed answer. `text` is the answer as the model wrote it; `edits` what the chat-mode
 * normaliser changed before parsing (empty in completion mode), for the samples' `chat-format`
 * verdict (see chat/edits.ts). `checks` are the journal's answer-level verdicts, each to be put
 * on every sample derived from this answer: today a failed `prompt-intact` verdict (with
 * `detail: { reported_prompt_tokens, expected_prompt_tokens, ratio }`) when the server reported a
 * prompt well shorter than the one sent (see teacher/prompt-check.ts); empty when nothing was found.
 */
export type Answer<Out> =
  | { ok: true; callId: number; text: string; finishReason: FinishReason; value: Out; edits: Edit[]; checks: Verdict[] }
  | { ok: false; callId: number; error: string };

export interface AskContext {
  journal: Journal;
  config: { teacher: Pick<TeacherConfig, 'mode' | 'system_prompt' | 'chat' | 'structured_outputs'> };
}

/** The default chat-mode stops: a blank line ends no chat answer's content, so it is never sent as a stop. */
export function defaultChatStop(stop: readonly string[]): string[] {
  return stop.filter((s) => s !== '\n\n');
}

/**
 * The request a stage sends for one input: its prompt built; in chat mode its chat-safe stops, and
 * with `teacher.structured_outputs` the JSON Schema of its structured form.
 */
export function stageRequest<In>(ctx: Pick<AskContext, 'config'>, model: string, a: Ask<In, unknown>): TeacherRequest {
  const request = buildRequest(ctx.config.teacher, model, a.stage.prompt(a.input, a.template), a.sampling);
  if (request.mode !== 'chat') return request;
  const form = ctx.config.teacher.structured_outputs ? a.stage.structured : undefined;
  const withFormat: TeacherRequest = form ? { ...request, responseFormat: { name: form.name, schema: jsonSchemaOf(form) } } : request;
  const stop = withFormat.params.stop;
  if (!stop || ctx.config.teacher.chat.stops !== 'safe') return withFormat;
  const safe = a.stage.chatStop ? a.stage.chatStop(stop) : defaultChatStop(stop);
  const { stop: _stop, ...params } = withFormat.params;
  return { ...withFormat, params: safe.length > 0 ? { ...params, stop: safe } : params };
}

/**
 * Parse one answer: a structured request's answer as its JSON document when it is one (a server
 * that ignored the schema may still have written it inside prose or a fence); otherwise, or when
 * the document is not valid, the text through the stage's normaliser (chat) and parser.
 */
function parseAnswer<In, Out>(ctx: AskContext, a: Ask<In, Out>, request: TeacherRequest, text: string, finish: FinishReason): { value: Out; edits: Edit[] } {
  const fallback: Edit[] = [];
  if (request.responseFormat && a.stage.structured) {
    const read = readStructured(a.stage.structured, text);
    if (read.ok) return { value: a.stage.structured.toValue(read.doc, a.input, finish), edits: read.edits };
    fallback.push(edit('not-json', read.error));
  }
  const normalise = request.mode === 'chat' && ctx.config.teacher.chat.normalise ? a.stage.normalise : undefined;
  const n = normalise ? normalise(text, a.input) : { text, edits: [] };
  return { value: a.stage.parse(n.text, finish, a.input), edits: [...fallback, ...n.edits] };
}

/**
 * Make every call of `asks` in one journal batch (draw indices in list order) and parse each answer
 * with its stage's parser; results come back in list order whatever the completion order.
 */
export async function ask<In, Out>(ctx: AskContext, wave: number, asks: readonly Ask<In, Out>[]): Promise<Answer<Out>[]> {
  if (asks.length === 0) return [];
  const { journal } = ctx;
  const prepared = journal.prepareEach(
    wave,
    asks.map((a) => ({ stage: a.stage.name, hint: { id: a.stage.id, example: a.stage.example }, request: stageRequest(ctx, journal.model, a) })),
  );
  const outcomes = await journal.callAll(prepared);
  return outcomes.map((o: CallOutcome, i) => (o.ok ? { ...o, ...parseAnswer(ctx, asks[i]!, prepared[i]!.request, o.text, o.finishReason) } : o));
}

/** The same stage, template and sampling for every input. */
export function askEach<In, Out>(
  ctx: AskContext,
  wave: number,
  stage: StageDecl<In, Out>,
  inputs: readonly In[],
  opts: { template?: Template; sampling: StageSampling },
): Promise<Answer<Out>[]> {
  return ask(ctx, wave, inputs.map((input) => ({ stage, input, ...opts })));
}

