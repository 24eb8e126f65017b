import type { Price } from '../config/common.js';
import type { Usage } from './types.js';

/** USD for one call from the config's price table (per million tokens); unknown models cost 0. */
export function callCost(prices: Record<string, Price>, model: string, usage: Usage): number {
  const price = prices[model];
  if (!price) return 0;
  const cached = Math.min(usage.cachedPromptTokens, usage.promptTokens);
  const fresh = usage.promptTokens - cached;
  const cachedRate = price.cached_input ?? price.input;
  return (fresh * price.input + cached * cachedRate + usage.completionTokens * price.output) / 1_000_000;
}

/**
 * USD for one call answered through a batch job: `batch_input` / `batch_output` per million tokens,
 * by default half of `input` / `output` (OpenAI's batch discount); cached prompt tokens at the
 * batch input rate, or half the cached rate when that is lower.
 */
export function batchCallCost(prices: Record<string, Price>, model: string, usage: Usage): number {
  const price = prices[model];
  if (!price) return 0;
  const input = price.batch_input ?? price.input / 2;
  const output = price.batch_output ?? price.output / 2;
  const cachedRate = Math.min(input, (price.cached_input ?? price.input) / 2);
  const cached = Math.min(usage.cachedPromptTokens, usage.promptTokens);
  return ((usage.promptTokens - cached) * input + cached * cachedRate + usage.completionTokens * output) / 1_000_000;
}
