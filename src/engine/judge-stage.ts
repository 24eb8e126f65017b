/**
 * The LLM judge as a stage any method can use: a rubric prompt from prompts/, one request per
 * sample through the journal, the answer parsed tolerantly (filters/judge-score.ts), and a verdict
 * with the score, the rationale, the raw answer and the judge call's id. A threshold decides pass
 * or fail; a missing score or a failed call fails, with `parse: 'missing'`, and never throws.
 *
 * Three ways in:
 * - `runJudge(ctx, stage, wave, items, spec)`: verdicts for a list of (instruction, input, output)
 *   items, in item order; the method stores them (backtranslation's self-curation uses this).
 * - `applyJudgeFilter(ctx, wave, targets)`: the common `judge` config key applied to a method's
 *   accepted samples in memory: adds the `judge` verdict and rejects failures with reason `judge`
 *   (Self-Instruct calls it on its accepted instances before storing a wave).
 * - `prepareJudge(ctx)`: loads and checks the configured rubric before the first call.
 */
import type { JudgeConfig, StageSampling, TeacherConfig } from '../config/common.js';
import { parseJudgeScore, type JudgeScore } from '../filters/judge-score.js';
import { loadTemplate, render, TemplateError, type Template } from '../prompts/template.js';
import type { Verdict } from '../store/samples.js';
import { judge as simJudge } from '../teacher/sim/stages/judge.js';
import type { RunContext } from './context.js';
import { ask, defineStage, type AskContext, type StageDecl } from './stage.js';
import { judgeScoreForm } from './judge-structured.js';
import { chatFormatVerdicts, type Edit } from '../chat/edits.js';
import { normaliseJudgeAnswer } from './judge-chat-form.js';

export const JUDGE_PLACEHOLDERS = ['instruction', 'input', 'output', 'answer', 'demos'] as const;

/** A sample to judge. `demos` are rated examples shown before it (the template needs {{demos}}). */
export interface JudgeItem {
  instruction: string;
  input?: string;
  output: string;
  demos?: JudgeDemo[];
  /** Extra fields for the verdict's detail (e.g. the ids of the demos). */
  detail?: Record<string, unknown>;
}

export interface JudgeDemo {
  instruction: string;
  input?: string;
  output: string;
  score: number;
}

export interface JudgeSpec {
  /** The rubric. */
  template: Template;
  /** The rubric with {{demos}}, used for items that carry demos. */
  demosTemplate?: Template;
  sampling: StageSampling;
  minScore: number;
  /** The verdict's filter name, e.g. "judge" or "judge-iter1". */
  filter: string;
}

export interface JudgeResult {
  callId: number;
  score: number | null;
  passed: boolean;
  verdict: Verdict;
  /** What the chat-mode normaliser changed in the judge's answer (empty in completion mode). */
  edits: Edit[];
}

/** A rubric must ask about the instruction and the output, and use no placeholder the judge cannot fill. */
export function checkJudgeTemplate(t: Template, opts: { demos?: boolean } = {}): void {
  const unknown = t.placeholders.filter((p) => !(JUDGE_PLACEHOLDERS as readonly string[]).includes(p));
  const problems: string[] = [];
  if (unknown.length) problems.push(`unknown placeholder(s) ${unknown.map((p) => `{{${p}}}`).join(', ')}`);
  if (!t.placeholders.includes('instruction')) problems.push('missing {{instruction}}');
  if (!t.placeholders.includes('output') && !t.placeholders.includes('answer')) problems.push('missing {{output}} or {{answer}}');
  if (opts.demos === true && !t.placeholders.includes('demos')) problems.push('missing {{demos}}');
  if (opts.demos === false && t.placeholders.includes('demos')) problems.push('{{demos}} is not filled in this stage');
  if (problems.length) {
    throw new TemplateError(`${t.path}: a judge rubric takes ${JUDGE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}: ${problems.join('; ')}`);
  }
}

/** Rated examples as the judge sees them: numbered, each with its instruction, answer and score. */
export function renderJudgeDemos(demos: readonly JudgeDemo[]): string {
  return demos
    .map((d, i) => {
      const input = d.input ? `\n\nInput:\n${d.input}` : '';
      return `Example ${i + 1}\nInstruction:\n${d.instruction}${input}\n\nAnswer:\n${d.output}\n\nScore: ${d.score}`;
    })
    .join('\n\n');
}

/**
 * The rendered judge prompt. Values are data, never expanded. An empty input is shown as "(none)";
 * a rubric without {{input}} sees a non-empty input after the instruction.
 */
export function judgePrompt(spec: Pick<JudgeSpec, 'template' | 'demosTemplate'>, item: JudgeItem): string {
  return renderJudge(rubricFor(spec, item), item);
}

/** The rubric an item is judged with: the one with {{demos}} when it carries demos. */
function rubricFor(spec: Pick<JudgeSpec, 'template' | 'demosTemplate'>, item: JudgeItem): Template {
  const t = (item.demos?.length ?? 0) > 0 ? spec.demosTemplate : spec.template;
  if (!t) throw new TemplateError(`judge: an item has demos but no rubric with {{demos}} was given`);
  return t;
}

function renderJudge(t: Template, item: JudgeItem): string {
  const withDemos = (item.demos?.length ?? 0) > 0;
  const input = item.input?.trim() ?? '';
  const instruction = t.placeholders.includes('input') || input === '' ? item.instruction : `${item.instruction}\n\n${input}`;
  return render(t, {
    instruction,
    input: input === '' ? '(none)' : input,
    output: item.output,
    answer: item.output,
    demos: withDemos ? renderJudgeDemos(item.demos!) : '',
  });
}

/** Stage names the judge is called under; all share the one declaration below (the sim's example, the parser). */
const judgeStages = new Map<string, StageDecl<JudgeItem, JudgeScore>>();

/** The judge as a declared stage, under the journal stage `name` ("judge", "curate-iter1", ...). */
export function judgeStage(name: string): StageDecl<JudgeItem, JudgeScore> {
  let stage = judgeStages.get(name);
  if (!stage) {
    stage = defineStage<JudgeItem, JudgeScore>({
      recipe: 'judge',
      name,
      variant: 'score',
      placeholders: JUDGE_PLACEHOLDERS,
      prompt: (item, template) => renderJudge(template!, item),
      parse: (text) => parseJudgeScore(text),
      example: simJudge.write,
      usable: (parsed) => parsed.score !== null,
      structured: judgeScoreForm,
      normalise: (text) => normaliseJudgeAnswer(text),
    });
    judgeStages.set(name, stage);
  }
  return stage;
}

/** Judge every item (one request each, all of them in one journal batch); results in item order. */
export async function runJudge(ctx: AskContext, stage: string, wave: number, items: readonly JudgeItem[], spec: JudgeSpec): Promise<JudgeResult[]> {
  if (items.length === 0) return [];
  const decl = judgeStage(stage);
  const templates = items.map((item) => rubricFor(spec, item));
  const answers = await ask(ctx, wave, items.map((input, i) => ({ stage: decl, input, template: templates[i], sampling: spec.sampling })));
  return answers.map((o, i) => {
    const item = items[i]!;
    const base = { call_id: o.callId, prompt: templates[i]!.path, min_score: spec.minScore, ...item.detail };
    if (!o.ok) {
      const verdict: Verdict = { filter: spec.filter, passed: false, score: null, detail: { ...base, parse: 'missing', error: o.error, rationale: '', raw: null } };
      return { callId: o.callId, score: null, passed: false, verdict, edits: [] };
    }
    const parsed = o.value;
    // A judge that saw a cut prompt (the server reported far fewer prompt tokens) did not judge this sample.
    const cut = o.checks.filter((c) => !c.passed);
    const passed = cut.length === 0 && parsed.score !== null && parsed.score >= spec.minScore;
    const detail = {
      ...base,
      parse: parsed.parse,
      ...(parsed.note ? { note: parsed.note } : {}),
      ...(o.finishReason !== 'stop' ? { finish_reason: o.finishReason } : {}),
      rationale: parsed.rationale,
      raw: o.text,
      ...(cut.length > 0 ? { prompt_checks: cut } : {}),
    };
    return { callId: o.callId, score: parsed.score, passed, verdict: { filter: spec.filter, passed, score: parsed.score, detail }, edits: o.edits };
  });
}

/** A sample judged in memory by `applyJudgeFilter`. */
export interface JudgeTarget {
  instruction: string;
  sample: { input: string; output: string; status: 'accepted' | 'rejected'; reason?: string; verdicts: Verdict[] };
}

const prepared = new WeakMap<object, JudgeSpec>();

/**
 * Load and check the rubric of the common `judge` key (a no-op when it is off). Call it when the
 * run starts, so a bad template stops the run before the first request.
 */
export function prepareJudge(ctx: Pick<RunContext, 'config' | 'root'>): JudgeSpec | undefined {
  const cfg = ctx.config.judge;
  if (!cfg.enabled) return undefined;
  const cached = prepared.get(ctx.config);
  if (cached) return cached;
  const template = loadTemplate(cfg.prompt, ctx.root);
  checkJudgeTemplate(template, { demos: false });
  const spec: JudgeSpec = { template, sampling: cfg.sampling, minScore: cfg.min_score, filter: 'judge' };
  prepared.set(ctx.config, spec);
  return spec;
}

/**
 * The common `judge` key applied to accepted samples before a wave is stored: each gets a `judge`
 * verdict; those under `min_score` (or without a score) become rejected with reason `judge`.
 * Requests go to the journal under the stage "judge" and the caller's wave.
 */
export async function applyJudgeFilter(ctx: Pick<RunContext, 'config' | 'root' | 'journal'>, wave: number, targets: readonly JudgeTarget[]): Promise<void> {
  const spec = prepareJudge(ctx);
  if (!spec) return;
  const live = targets.filter((t) => t.sample.status === 'accepted');
  const results = await runJudge(
    ctx,
    'judge',
    wave,
    live.map((t) => ({ instruction: t.instruction, input: t.sample.input, output: t.sample.output })),
    spec,
  );
  live.forEach((t, i) => {
    const r = results[i]!;
    // Marked as the judge's: the sample may carry its own stage's chat-format verdict too.
    t.sample.verdicts.push(...chatFormatVerdicts(r.edits, undefined, 'judge'), r.verdict);
    if (!r.passed) {
      t.sample.status = 'rejected';
      t.sample.reason = 'judge';
    }
  });
}
