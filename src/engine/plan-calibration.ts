/**
 * Prompt tokens in a plan are counted with o200k_base, OpenAI's tokenizer. Other servers count the
 * same text differently (a Llama 2 or Mistral tokenizer about 20-30% more for English, and each chat
 * template adds its own framing), so a plan for a local server ran a quarter low. Once an endpoint has
 * answered, its own usage says how it counts: the plan scales by the ratio of what the server reported
 * to what o200k counts for the same requests. Pure.
 */
import type { Plan } from './plan.js';

export interface TokenSample {
  /** The server's `usage.prompt_tokens`. */
  reported: number;
  /** o200k's count of the same request (`requestTokens`). */
  counted: number;
}

export interface Calibration {
  /** Reported over counted, summed over the samples. */
  factor: number;
  answers: number;
  endpoint: string;
}

/** Fewer stored answers, or fewer tokens in them, say too little about a tokenizer to scale a plan by. */
export const MIN_CALIBRATION_ANSWERS = 3;
export const MIN_CALIBRATION_TOKENS = 1000;

export function tokenCalibration(samples: readonly TokenSample[], endpoint: string): Calibration | undefined {
  if (samples.length < MIN_CALIBRATION_ANSWERS) return undefined;
  const reported = samples.reduce((a, s) => a + s.reported, 0);
  const counted = samples.reduce((a, s) => a + s.counted, 0);
  if (counted < MIN_CALIBRATION_TOKENS || reported <= 0) return undefined;
  return { factor: reported / counted, answers: samples.length, endpoint };
}

/**
 * The plan with prompt tokens scaled by the endpoint's calibration, and an assumption saying so; or,
 * for an endpoint that is neither OpenAI's nor the sim and has no calibration yet, the plan as it is
 * with an assumption saying what its counts may be off by.
 */
export function calibratePlan(plan: Plan, cal: Calibration | undefined, endpoint: { name: string; openaiTokenizer: boolean }): Plan {
  if (cal) {
    return {
      ...plan,
      stages: plan.stages.map((s) => ({ ...s, promptTokens: Math.round(s.promptTokens * cal.factor) })),
      assumptions: [
        ...plan.assumptions,
        `prompt tokens are o200k_base counts scaled by ${cal.factor.toFixed(2)}, the ratio of the prompt tokens ${cal.endpoint} reported to o200k's count of the same requests over its ${cal.answers} newest stored answers for this model`,
      ],
    };
  }
  if (endpoint.openaiTokenizer) return plan;
  return {
    ...plan,
    assumptions: [
      ...plan.assumptions,
      `prompt tokens are counted with o200k_base (OpenAI's tokenizer); ${endpoint.name} may count 10-30% more (Llama 2 and Mistral tokenizers, chat templates); once it has answered a few requests, plan scales by its own reported counts`,
    ],
  };
}
