/**
 * Evol-Instruct's elimination rules (methods.md section 3, "elimination evolving"), each a pure
 * function returning one verdict named for its rule:
 * 1. `equal-to-parent`: no information gain; the teacher, asked with the equality prompt, answers
 *    "Equal" (an evolution whose text is the parent's, up to whitespace, is equal without asking);
 * 2. `sorry-short`: the answer contains "sorry" and is shorter than 80 words;
 * 3. `stopwords-only`: the answer is only punctuation and stop words;
 * 4. `marker-leak`: the evolved instruction repeats the evolving prompt's marker words.
 */
import type { Verdict } from '../store/samples.js';
import { collapseWhitespace, wordCount } from '../util/text.js';
import { ENGLISH_STOPWORDS, isOnlyStopwords } from './stopwords.js';

/** The marker phrases of the in-depth and in-breadth prompts (matched case-insensitively). */
export const DEFAULT_MARKER_PHRASES: readonly string[] = [
  '#The Given Prompt#',
  '#Rewritten Prompt#',
  '#Given Prompt#',
  '#Created Prompt#',
  'given prompt',
  'rewritten prompt',
  'created prompt',
];

/** Rule 4: the phrases of `phrases` that occur in the instruction (case-insensitive). */
export function markerLeakVerdict(instruction: string, phrases: readonly string[] = DEFAULT_MARKER_PHRASES): Verdict {
  const lower = instruction.toLowerCase();
  const found = phrases.filter((p) => lower.includes(p.toLowerCase()));
  return { filter: 'marker-leak', passed: found.length === 0, detail: found.length ? { phrases: found } : undefined };
}

/** What the teacher said to the equality prompt. */
export type EqualityAnswer = 'equal' | 'not-equal' | 'unclear';

/**
 * Read an answer to the equality prompt: "Not Equal" (any case, also "not-equal", "unequal") is
 * not equal; otherwise a standalone "Equal" is equal; anything else is unclear.
 */
export function parseEqualityAnswer(text: string): EqualityAnswer {
  const t = text.toLowerCase();
  if (/\bnot[\s_-]*equal\b|\bunequal\b/.test(t)) return 'not-equal';
  if (/\bequal\b/.test(t)) return 'equal';
  return 'unclear';
}

/** Two instructions that differ only in whitespace: equal without asking the teacher. */
export function sameText(parent: string, evolved: string): boolean {
  return collapseWhitespace(parent) === collapseWhitespace(evolved);
}

/**
 * Rule 1. `answer` is the teacher's raw answer, or null when the texts were identical and the
 * teacher was not asked. An unclear answer passes (the rule rejects only on "Equal") and says so.
 */
export function equalityVerdict(answer: string | null): Verdict {
  if (answer === null) return { filter: 'equal-to-parent', passed: false, detail: { judged_by: 'identical-text' } };
  const parsed = parseEqualityAnswer(answer);
  return { filter: 'equal-to-parent', passed: parsed !== 'equal', detail: { judged_by: 'teacher', answer: answer.trim().slice(0, 200), parsed } };
}

/** Rule 2: "sorry" anywhere in the answer (case-insensitive) and fewer than `maxWords` words. */
export function sorryShortVerdict(answer: string, maxWords = 80): Verdict {
  const words = wordCount(answer);
  const sorry = /sorry/i.test(answer);
  return { filter: 'sorry-short', passed: !(sorry && words < maxWords), score: words, detail: { words, contains_sorry: sorry, max_words: maxWords } };
}

/** Rule 3: nothing in the answer but punctuation, symbols, whitespace and stop words (an empty answer included). */
export function stopwordsOnlyVerdict(answer: string, stopwords: ReadonlySet<string> = ENGLISH_STOPWORDS): Verdict {
  return { filter: 'stopwords-only', passed: !isOnlyStopwords(answer, stopwords) };
}
