/**
 * A chat model declining instead of answering: "I'm sorry, but I can't help with that.", "I cannot
 * provide medical advice.", "As an AI language model, I don't have...", "Unfortunately, I'm unable
 * to...". The reference rules catch only answers with "sorry" in them (Evol-Instruct's rule 2), and
 * backtranslation none at all; read in chat mode, a short answer that opens by declining is a
 * refusal too. Only the opening is read: an answer that declines part of a task and then does the
 * rest is long, and passes. Pure.
 */
import type { Verdict } from '../store/samples.js';
import { wordCount } from '../util/text.js';

const DECLINES =
  /^(?:(?:i'?m|i am) (?:sorry|afraid i|unable|not able)|i (?:can(?:no|['’])t|cannot|won['’]t|will not) (?:help|assist|provide|comply|fulfil|fulfill|answer|create|generate|write|complete|determine|infer|identify|deduce|tell|do that|support|engage|give|offer|share)|(?:as an ai|as a language model|as an ai language model)\b|unfortunately,? (?:i|i'm|i am) (?:can(?:no|['’])t|cannot|unable|not able)|i apologi[sz]e\b)/i;

export const REFUSAL_FILTER = 'refusal';

/** Does the text open by declining (after leading quotes, markup or whitespace)? */
export function opensWithRefusal(text: string): boolean {
  return DECLINES.test(text.replace(/^[\s"'“”*_>#-]+/, ''));
}

/** Failed for a short answer (under `maxWords`) that opens by declining. */
export function refusalVerdict(text: string, maxWords = 80): Verdict {
  return refusal(text, maxWords);
}

/** What a model writes of the task it declines when asked to write an instruction for a text. */
const ABOUT_THE_TASK = /\b(?:instruction|determine|infer|deduce|identify|figure out|passage|the text|this text|the context|the response|what (?:the user|was|they) asked|enough (?:information|context))\b/i;

/**
 * The refusal verdict for a written instruction (backtranslation), narrower than an answer's: a
 * user's request may itself open "I'm unable to log in...", so it must also speak of the task it
 * declines ("I'm sorry, but I can't determine the instruction from this passage.").
 */
export function instructionRefusalVerdict(text: string, maxWords = 40): Verdict {
  return refusal(text, maxWords, ABOUT_THE_TASK);
}

/** The verdict: short, opening by declining, and (when given) saying `alsoSays`. */
function refusal(text: string, maxWords: number, alsoSays?: RegExp): Verdict {
  const words = wordCount(text);
  const declining = opensWithRefusal(text);
  const refused = words < maxWords && declining && (alsoSays === undefined || alsoSays.test(text));
  return { filter: REFUSAL_FILTER, passed: !refused, score: words, detail: { words, max_words: maxWords, opens_declining: declining } };
}
