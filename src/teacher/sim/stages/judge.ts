/**
 * 5-point rubric judge (Humpback self-curation, generic quality judge): asks for a rating and
 * "Score: n" on the last line. The answer is 1-3 sentences of rationale, then "Score: n" with n skewed
 * to 3-5; ~5% use "Score: 4.5" or "Score: 4/5", ~3% omit the score line.
 */
import type { Rng } from '../rng.js';
import { tail } from '../text.js';
import type { SimStage } from './types.js';

const RATIONALE: Record<number, readonly string[]> = {
  1: [
    'The answer does not address what the instruction asks for.',
    'The response drifts off topic and leaves the main request unanswered.',
    'Most of the text is generic filler with little connection to the request.',
  ],
  2: [
    'The answer touches on the request but stays at a general level instead of solving it.',
    'Important parts of the task are missing, and the structure is hard to follow.',
    'It describes an approach rather than giving the actual answer.',
  ],
  3: [
    'The answer is relevant and mostly correct, but it reads more like a web page than an assistant reply.',
    'It covers the request, though it is padded and misses a few useful details.',
    'The content is helpful, but the organisation and tone could be clearer.',
  ],
  4: [
    'The answer addresses the request completely and is clear and well organised.',
    'It is helpful and accurate, with only minor room for being more concise.',
    'The response follows the instruction closely and explains its points clearly.',
  ],
  5: [
    'The answer is direct, complete and accurate, and it stays focused on the request.',
    'It reads like an expert assistant reply: well structured, precise and engaging.',
    'Every part of the instruction is handled, with nothing irrelevant added.',
  ],
};

const SCORES = [[1, 0.05], [2, 0.1], [3, 0.25], [4, 0.35], [5, 0.25]] as const;

function scoreLine(rng: Rng, score: number): string | undefined {
  const r = rng.float();
  if (r < 0.03) return undefined;
  if (r < 0.055) return `Score: ${Math.min(score, 4)}.5`;
  if (r < 0.08) return `Score: ${score}/5`;
  return `Score: ${score}`;
}

export const judge: SimStage = {
  name: 'judge-score',
  matches(ctx) {
    const text = tail(ctx.last, 30_000);
    return /\bScore:/i.test(text) && /\b(rate|rating|scale|score from|points?)\b/i.test(text);
  },
  write(_ctx, rng) {
    const score = rng.weighted(SCORES);
    const sentences = rng.sample(RATIONALE[score] ?? [], rng.int(1, 3));
    const line = scoreLine(rng, score);
    return line ? `${sentences.join(' ')}\n${line}` : sentences.join(' ');
  },
};
