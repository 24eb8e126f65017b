import { createRequire } from 'node:module';
import type { Price } from '../config/common.js';
import type { TeacherRequest } from '../teacher/types.js';

/** One stage of a plan: how many requests, how many answered already, and estimated tokens. */
export interface PlanStage {
  stage: string;
  requests: number;
  cached: number;
  promptTokens: number;
  completionTokens: number;
  /** True when completion tokens are the stage's max_tokens (an upper bound), not an observed average. */
  completionIsBound: boolean;
}

export interface Plan {
  run: string;
  method: string;
  model: string;
  existing: boolean;
  progress: string;
  assumptions: string[];
  stages: PlanStage[];
  /** Expected requests in flight while the run goes (the recipe's estimate), against the concurrency. */
  inFlight?: { expected: number; concurrency: number; basis: string };
}

/**
 * Requests in flight a pipelined run keeps on average: a wave's requests are spread over its
 * stages in series, and `depth` waves overlap; never more than the concurrency.
 */
export function expectedInFlight(requestsPerWave: number, stagesPerWave: number, depth: number, concurrency: number): number {
  return Math.min(concurrency, (requestsPerWave * depth) / Math.max(1, stagesPerWave));
}

// The o200k table takes ~0.3 s to load: only `plan` pays for it, on first use.
let countTokens: ((text: string) => number) | undefined;
function tokenCounter(): (text: string) => number {
  countTokens ??= (createRequire(import.meta.url)('gpt-tokenizer/cjs/encoding/o200k_base') as { countTokens: (t: string) => number }).countTokens;
  return countTokens;
}

/** Tokens of a request as o200k_base counts them (exact for gpt-4o-family models, an estimate elsewhere). */
export function requestTokens(r: TeacherRequest): number {
  return tokenCounter()(requestText(r)) + requestFraming(r);
}

/** The text of a request that is counted: its prompt, or its messages' contents. */
export function requestText(r: TeacherRequest): string {
  return r.prompt ?? (r.messages ?? []).map((m) => m.content).join('\n');
}

/** About 4 tokens of chat framing per message. */
export function requestFraming(r: TeacherRequest): number {
  return r.messages ? r.messages.length * 4 : 0;
}

/** What is left to send, priced; `batch`: at the batch rates (`batch_input` / `batch_output`, by default half the online ones). */
export function planCost(plan: Plan, prices: Record<string, Price>, batch = false): number | undefined {
  const price = prices[plan.model];
  if (!price) return undefined;
  const input = batch ? (price.batch_input ?? price.input / 2) : price.input;
  const output = batch ? (price.batch_output ?? price.output / 2) : price.output;
  return plan.stages.reduce((sum, s) => {
    const share = s.requests === 0 ? 0 : (s.requests - s.cached) / s.requests;
    return sum + (share * (s.promptTokens * input + s.completionTokens * output)) / 1_000_000;
  }, 0);
}

/** A plain-text table of the plan. */
export function formatPlan(plan: Plan, prices: Record<string, Price>, simulated: boolean, batch = false): string {
  const lines = [
    `plan for run "${plan.run}" (${plan.existing ? 'exists: resume' : 'new'}), method ${plan.method}, model ${plan.model}`,
    plan.progress,
    ...plan.assumptions.map((a) => `assumption: ${a}`),
    '',
  ];
  const header = ['stage', 'requests', 'cached', 'to send', 'prompt tokens', 'completion tokens'];
  const rows = plan.stages.map((s) => [
    s.stage,
    String(s.requests),
    String(s.cached),
    String(s.requests - s.cached),
    String(Math.round(s.promptTokens)),
    `${s.completionIsBound ? '<= ' : ''}${Math.round(s.completionTokens)}`,
  ]);
  const total = plan.stages.reduce(
    (t, s) => ({ r: t.r + s.requests, c: t.c + s.cached, p: t.p + s.promptTokens, o: t.o + s.completionTokens, b: t.b || s.completionIsBound }),
    { r: 0, c: 0, p: 0, o: 0, b: false },
  );
  rows.push(['total', String(total.r), String(total.c), String(total.r - total.c), String(Math.round(total.p)), `${total.b ? '<= ' : ''}${Math.round(total.o)}`]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => r[i]!.length)));
  for (const r of [header, ...rows]) lines.push(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  const cost = planCost(plan, prices, batch);
  lines.push('');
  if (plan.inFlight) {
    const f = plan.inFlight;
    lines.push(`expected requests in flight: about ${Math.round(f.expected)} of ${f.concurrency} (${Math.round((100 * f.expected) / f.concurrency)}%; ${f.basis})`);
  }
  if (simulated) lines.push('estimated cost: $0 (the sim teacher is offline and free)');
  else if (cost === undefined) lines.push(`estimated cost: unknown (no price for "${plan.model}" in the config's prices table)`);
  else lines.push(`estimated cost of what is left to send: ${total.b ? 'at most ' : ''}$${cost.toFixed(4)}${batch ? ` at the batch rate (teacher.batch; prices.${plan.model}.batch_input/batch_output, by default half the online prices)` : ''}`);
  return lines.join('\n');
}
