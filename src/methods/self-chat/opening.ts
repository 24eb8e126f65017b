/**
 * The primed opening exchange ("[Human] Hello!" / "[AI] Hi! How can I help you?") as a chat model
 * repeats it, word for word or close to it. Kept, it becomes every conversation's first user turn
 * and ROUGE-L then rejects all later ones against it; so normalisers recognise it. Pure.
 */
import { wordCount } from '../../util/text.js';

/** A bare greeting from the human, nothing asked yet: "Hello!", "Hi there.", "Hey, assistant!". */
export function isBareGreeting(text: string): boolean {
  const t = text.trim().replace(/[*_"“”]/g, '');
  return wordCount(t) <= 4 && /^(?:hello|hi|hey|hiya|greetings|good (?:morning|afternoon|evening))(?:[\s,]+(?:there|again|ai|assistant))?[\s!.,]*$/i.test(t);
}

/** The assistant's greeting and offer to help, nothing answered yet: "Hi! How can I help you?", "Hello! What would you like to know today?". */
export function isGreetingOffer(text: string): boolean {
  const t = text.trim().replace(/[*_"“”]/g, '');
  if (wordCount(t) > 16 || t.includes('\n')) return false;
  const greets = /^(?:hello|hi|hey|greetings|good (?:morning|afternoon|evening))\b/i.test(t);
  const offers = /\b(?:how (?:can|may|could) i (?:help|assist)|what can i (?:do|help)|what (?:would|do) you (?:like|want) to (?:know|talk|discuss|ask)|what(?:'s| is) on your mind|how can i be of (?:help|assistance))\b/i.test(t);
  return offers && (greets || wordCount(t) <= 8);
}
