/**
 * Closing remarks after content whose last line may itself be content (an output ending "Enjoy your
 * meal!"): whole closing paragraphs after a blank line, and a last line without one only when it
 * can be nothing but a remark to the user ("I hope these help!", "Let me know if..."). Pure.
 */
import { closed, closingParagraphs } from './chatter.js';
import type { Normalised } from './edits.js';

/** Remarks that address the reader of the answer, never the content's own reader. */
const ADDRESSES_USER = /^(?:i hope|hope (?:this|these|that) (?:helps?|is|are|was|were)|let me know|please let me know|feel free|if you(?:'d| would)? (?:like|need|want|have any)|i can (?:also |easily )?(?:generate|create|provide|write|adjust|add) (?:more|additional|another))/i;

/**
 * Closing words an output may say to its own reader ("Enjoy your meal!", "Good luck on your hike!"):
 * a paragraph starting so is content, and so is everything before it.
 */
const OWN_READER = /^(?:enjoy|good luck)\b/i;

export function dropClosingRemarks(text: string): Normalised {
  const found = closingParagraphs(text);
  const own = found.removed.map((p) => OWN_READER.test(p.replace(/^[*_\s]+/, ''))).lastIndexOf(true);
  const lines = own < 0 ? found.lines : [...found.lines, '', ...found.removed.slice(0, own + 1).join('\n\n').split('\n')];
  const removed = found.removed.slice(own + 1);
  while (lines.length > 1 && ADDRESSES_USER.test(lines[lines.length - 1]!.replace(/^[*_\s]+/, ''))) removed.unshift(lines.pop()!);
  return closed(text, lines, removed);
}
