import type { Rating } from './rating-parse.js';

/**
 * Example writers, the inverses of parseRatings and parseRanking: what the sim answers for the rating and
 * ranking stages, in the markdown form chat models use (a preamble, headers, bold labels), so the sim
 * exercises the same tolerant parsing a real judge does.
 */
export function writeRatings(ratings: readonly Rating[], aspect: string): string {
  const blocks = ratings.map((r, i) => `### Answer ${i + 1}\n**Rating:** ${r.rating}\n**Rationale:** ${r.rationale}`);
  return `Here is my assessment of each answer for ${aspect}.\n\n${blocks.join('\n\n')}\n`;
}

/** rankedShown: 0-based shown positions, best first. */
export function writeRanking(rankedShown: readonly number[]): string {
  return `I compared the answers against the rubric.\n\n**Ranking:** ${rankedShown.map((p) => `[${p + 1}]`).join(' > ')}\n`;
}
