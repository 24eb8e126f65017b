/**
 * Silent truncation: a server that cuts a prompt to fit its context (llama.cpp's context shift)
 * answers 200 and reports the cut prompt's size in usage.prompt_tokens. The answer is then to a
 * prompt that lost its head (often the instructions), and nothing else in the response says so.
 * The check compares the reported count with the journal's own estimate of the prompt (four
 * characters a token) and flags the answer when it is well below it.
 *
 * Why these thresholds: tokenizers count English prompts at about 3.5 (Llama 2, Mistral) to 4.7
 * (o200k) characters a token, so an intact prompt reports roughly 0.85x to 1.15x the estimate, and
 * chat templates only add to it. The default ratio, 0.75 (`limits.prompt_intact_ratio`), leaves
 * room for text a tokenizer packs tighter (long runs of spaces, repeated punctuation) while a cut of
 * a quarter of the prompt or more is seen; smaller cuts cannot be told apart from tokenizer
 * differences by usage alone. Prompts under 64 estimated tokens and a gap under 32 tokens are never
 * flagged, and a server that reports no prompt tokens (0) is not judged.
 */
import type { Verdict } from '../store/samples.js';
import type { TeacherRequest } from './types.js';

export const PROMPT_INTACT = 'prompt-intact';
const MIN_ESTIMATE = 64;
const MIN_GAP = 32;

/** The prompt's tokens as the journal estimates them: its text (prompt, or every message's content) at four characters a token. */
export function estimatePromptTokens(request: TeacherRequest): number {
  const text = request.prompt ?? (request.messages ?? []).map((m) => m.content).join('\n');
  return Math.ceil(text.length / 4);
}

/**
 * The answer-level checks of one answer: a failed `prompt-intact` verdict when the server reported a
 * prompt well shorter than the request held, else none. `ratio` 0 turns the check off.
 */
export function answerChecks(request: TeacherRequest, reportedPromptTokens: number, ratio: number): Verdict[] {
  if (ratio <= 0 || reportedPromptTokens <= 0) return [];
  const expected = estimatePromptTokens(request);
  if (expected < MIN_ESTIMATE || expected - reportedPromptTokens < MIN_GAP) return [];
  if (reportedPromptTokens >= ratio * expected) return [];
  return [
    {
      filter: PROMPT_INTACT,
      passed: false,
      score: Math.round((reportedPromptTokens / expected) * 1000) / 1000,
      detail: { reported_prompt_tokens: reportedPromptTokens, expected_prompt_tokens: expected, ratio },
    },
  ];
}
