/**
 * The two checks UltraChat's refinement names for the simulated user's turns (recipes-more.md):
 * role confounding (the simulator answering as the assistant would) and excessive politeness
 * (thanks and praise instead of, or around, the next question). Pure; each returns what it found.
 */
import { wordCount } from '../../util/text.js';

/** How an assistant opens or frames its answer; a user asking the next question does not write these. */
const ASSISTANT_VOICE: readonly [string, RegExp][] = [
  ['as-an-ai', /\bas an? (?:ai|artificial intelligence|large language model|language model|ai language model|ai assistant|assistant)\b/i],
  ['happy-to-help', /\b(?:i(?:'m| am)|i'd be|i would be) (?:happy|glad|delighted) to (?:help|assist|explain|provide)\b/i],
  ['offer', /^(?:sure|certainly|of course|absolutely|great question|good question)[!,.]*\s+(?:here(?:'s| is| are)|let me|i(?:'ll| will| can))\b/i],
  // "Here is my draft:" is a user sharing their own text; the assistant presents "a", "the", "your" ...
  ['here-is', /^(?:here(?:'s| is| are)) (?:a|an|the|some|your)\b[^?\n]{0,80}:\s*(?:\n|$)/i],
  ['you-are-welcome', /^(?:you(?:'re| are) (?:very |most )?welcome)\b/i],
  ['how-can-i-help', /\b(?:how (?:can|may) i (?:help|assist) you|is there anything else i can (?:help|do))\b/i],
];

export interface RoleConfusion {
  /** Which sign was found: one of ASSISTANT_VOICE's names, or `long-answer` for a long structured answer with no question. */
  signal: string;
  excerpt: string;
}

const excerpt = (text: string): string => (text.length > 160 ? `${text.slice(0, 159)}…` : text);

/**
 * A user turn that answers instead of asking: the assistant's voice ("As an AI language model",
 * "I'm happy to help", "Sure! Here's ..."), or a long structured answer (a list or headings, many
 * words) that asks nothing. Null when the turn reads as a user's.
 */
export function roleConfusion(text: string): RoleConfusion | null {
  const t = text.trim();
  for (const [signal, re] of ASSISTANT_VOICE) if (re.test(t)) return { signal, excerpt: excerpt(t) };
  const structured = (t.match(/^\s*(?:\d{1,2}[.)]|[-*•]|#{1,6})\s+\S/gm) ?? []).length >= 3;
  if (structured && wordCount(t) >= 80 && !t.includes('?')) return { signal: 'long-answer', excerpt: excerpt(t) };
  return null;
}

/** Thanks and praise of the last answer: what a user says about it rather than to move on. */
const POLITE =
  /\b(?:thanks?|thank you|thx|appreciate|grateful|great (?:explanation|answer|info(?:rmation)?|point|overview|breakdown|summary|job|work|tips?)|(?:really|very|super|so|incredibly|extremely) (?:helpful|useful|informative|insightful|interesting|clear)|(?:that|this|it)(?:'s| is| was) (?:really |very |so |super |incredibly |extremely )?(?:helpful|useful|informative|insightful|fascinating|interesting|great|amazing|awesome|perfect|excellent|wonderful|clear)|makes (?:a lot of |so much |perfect )?sense|(?:that(?:'s| is| was)|this is) (?:all|everything) i (?:needed|wanted)|(?:good)?bye|have a (?:nice|great|good) (?:day|one|evening))\b/i;
/** An exclamation alone: "Wow!", "Great.", "Got it!". */
const INTERJECTION = /^(?:wow|awesome|amazing|excellent|perfect|wonderful|fantastic|brilliant|great|nice|cool|got it|ok|okay|i see)[\s,!.]*$/i;
/** Words of a request: a sentence holding one moves the conversation on, however polite. */
const REQUEST = /\b(?:tell|explain|describe|give|show|list|suggest|recommend|write|compare|elaborate|expand|help me|could you|can you|would you|please|now|next|also|what|how|why|when|where|which|who|wonder|curious|want to know|like to know)\b/i;

/** Sentences, each with the spaces after it (so joining them gives the text back). */
function sentences(text: string): string[] {
  return text.match(/[^.!?\n]+(?:[.!?]+["”')\]]*|\n+|$)\s*/g)?.filter((s) => s.trim() !== '') ?? [];
}

/** A sentence of only thanks or praise: no question, no request, short. */
export function isPoliteSentence(s: string): boolean {
  const t = s.trim().replace(/^[*_]+|[*_]+$/g, '');
  // Markup left alone by the split ("**" after a bold sentence) goes with the politeness around it.
  if (!/[\p{L}\p{N}]/u.test(t)) return true;
  if (t.includes('?') || wordCount(t) > 20 || REQUEST.test(t)) return false;
  return INTERJECTION.test(t) || POLITE.test(t);
}

export interface Politeness {
  /** The turn with its polite sentences at the start and the end taken out ('' when nothing else was said). */
  text: string;
  /** What was taken out, in order. */
  removed: string[];
}

/**
 * Polite statements around a user turn taken out: sentences of thanks or praise with no question,
 * at its start ("Thank you so much, that was really helpful!") and its end ("Thanks again!").
 * A sentence in the middle stays (it may carry the request). The text is '' when the turn was only
 * politeness.
 */
export function stripPoliteness(text: string): Politeness {
  const parts = sentences(text.trim());
  // Text the sentence split does not cover (a stray mark) would be lost: leave such a turn as it is.
  if (parts.join('') !== text.trim()) return { text, removed: [] };
  let from = 0;
  let to = parts.length;
  while (from < to && isPoliteSentence(parts[from]!)) from++;
  while (to > from && isPoliteSentence(parts[to - 1]!)) to--;
  const removed = [...parts.slice(0, from), ...parts.slice(to)].map((s) => s.trim());
  if (removed.length === 0) return { text, removed: [] };
  return { text: parts.slice(from, to).join('').trim(), removed };
}
