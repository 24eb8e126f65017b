/**
 * A stage is one kind of teacher call, declared once: its name (the journal's and the sample's
 * stage), the placeholders its template must have, a pure prompt builder, a pure parser, and an
 * example writer, the parser's inverse, which the sim uses to answer requests of this stage.
 * `ask` sends a list of stage inputs through the journal and parses each answer.
 */
import type { StageSampling, TeacherConfig } from '../config/common.js';
import { requirePlaceholders, type Template } from '../prompts/template.js';
import type { CallOutcome, Journal } from '../teacher/journal.js';
import type { ExampleWriter, FinishReason } from '../teacher/types.js';
import { buildRequest, type Prompt } from './requests.js';

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

export type Answer<Out> =
  | { ok: true; callId: number; text: string; finishReason: FinishReason; value: Out }
  | { ok: false; callId: number; error: string };

export interface AskContext {
  journal: Journal;
  config: { teacher: Pick<TeacherConfig, 'mode' | 'system_prompt'> };
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
    asks.map((a) => ({
      stage: a.stage.name,
      hint: { id: a.stage.id, example: a.stage.example },
      request: buildRequest(ctx.config.teacher, journal.model, a.stage.prompt(a.input, a.template), a.sampling),
    })),
  );
  const outcomes = await journal.callAll(prepared);
  return outcomes.map((o: CallOutcome, i) => (o.ok ? { ...o, value: asks[i]!.stage.parse(o.text, o.finishReason, asks[i]!.input) } : o));
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

