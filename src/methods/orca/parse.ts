/**
 * Orca's answers are free text: the explanation is the point, so a chat model's "Explanation:"
 * paragraph or its step list is content. Only an offer of more help at the very end, which is no
 * part of the answer, is taken out in chat mode; and for a multiple-choice query the option the
 * answer picks is read for the audit (Orca states no correctness filter, so it never rejects).
 */
import { edit, type Normalised } from '../../chat/edits.js';

/** Final paragraphs that only offer more help or wish well. */
const OFFER = /^[*_\s]*(?:i hope (?:this|that|it) (?:helps|clarifies|answers|makes)|hope (?:this|that) helps|let me know if|please let me know|feel free to (?:ask|let me know|reach out)|if you have any (?:other|more|further) questions|is there anything else)/i;

/** The answer as the parser reads it: trimmed. An empty answer parses to ''. */
export function parseExplanation(text: string): string {
  return text.trim();
}

/** Chat mode: drop closing offers of help (never the only paragraph). */
export function normaliseExplanation(text: string): Normalised {
  const paragraphs = text.trim().split(/\n[ \t]*\n/);
  let keep = paragraphs.length;
  while (keep > 1 && OFFER.test(paragraphs[keep - 1]!.trim())) keep--;
  if (keep === paragraphs.length) return { text, edits: [] };
  return { text: paragraphs.slice(0, keep).join('\n\n'), edits: [edit('closing', paragraphs.slice(keep).join('\n\n'))] };
}

/**
 * The option a multiple-choice answer picks: a letter given as "(B)", "B)", "Answer: B", "**B.**",
 * or an option's own text, in the first lines (kinds 8 and 10 ask for it first); null when none is named.
 */
export function chosenOption(answer: string, options: readonly string[]): number | null {
  const head = answer.split('\n').slice(0, 3).join('\n');
  const letters = options.map((_, i) => String.fromCharCode(65 + i)).join('');
  const m =
    new RegExp(`(?:^|[\\s*_:])\\(([${letters}])\\)`, 'm').exec(head) ??
    new RegExp(`(?:answer|option|choice)(?: is)?[\\s*_:]*\\(?([${letters}])\\b(?![a-z'])`, 'i').exec(head) ??
    new RegExp(`^[\\s*_#>-]*([${letters}])[.)](?:\\s|$)`, 'm').exec(head);
  if (m) return letters.indexOf(m[1]!);
  const lower = head.toLowerCase();
  const named = options.map((o, i) => ({ i, at: lower.indexOf(o.toLowerCase()) })).filter((x) => x.at >= 0 && options[x.i]!.length >= 2);
  if (named.length === 0) return null;
  named.sort((a, b) => a.at - b.at || options[b.i]!.length - options[a.i]!.length);
  return named[0]!.i;
}
