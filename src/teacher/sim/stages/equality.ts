/**
 * Evol-Instruct elimination, "no information gain" check (methods.md 3): two instructions, answer only
 * "Equal" or "Not Equal". Equal when identical after normalising whitespace and case, else Not Equal
 * except ~5% Equal.
 */
import { normaliseForCompare, tail } from '../text.js';
import type { SimStage } from './types.js';

const FIRST = /(?:^|\n)[ \t]*(?:The\s+)?(?:First|1st)\s+(?:instruction|prompt)\s*:?[ \t]*\r?\n?/i;
const SECOND = /(?:^|\n)[ \t]*(?:The\s+)?(?:Second|2nd)\s+(?:instruction|prompt)\s*:?[ \t]*\r?\n?/gi;
const ANSWER_LINE = /\n[^\n]*\b(?:answer|reply|respond|judge?ment)\b[^\n]*\bequal\b[^\n]*\s*$/i;

/** The two instructions of an equality prompt, or undefined when they cannot be found. */
export function extractPair(text: string): [string, string] | undefined {
  const f = text.match(FIRST);
  if (!f || f.index === undefined) return undefined;
  const afterFirst = f.index + f[0].length;
  let secondAt = -1;
  let secondLen = 0;
  for (const m of text.matchAll(SECOND)) {
    if ((m.index ?? -1) >= afterFirst) {
      secondAt = m.index ?? -1;
      secondLen = m[0].length;
    }
  }
  if (secondAt < 0) return undefined;
  const first = text.slice(afterFirst, secondAt);
  let second = text.slice(secondAt + secondLen);
  const answer = second.match(ANSWER_LINE);
  if (answer && answer.index !== undefined) second = second.slice(0, answer.index);
  return [first.trim(), second.trim()];
}

export const equality: SimStage = {
  name: 'evol-equality',
  matches(ctx) {
    const text = tail(ctx.last, 30_000);
    return /\bNot Equal\b/i.test(text) && /\b(instructions?|prompts?)\b/i.test(text);
  },
  write(ctx, rng) {
    const pair = extractPair(tail(ctx.last, 30_000));
    if (pair && normaliseForCompare(pair[0]) === normaliseForCompare(pair[1])) return 'Equal';
    return rng.chance(0.05) ? 'Equal' : 'Not Equal';
  },
};
