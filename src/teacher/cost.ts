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
