/**
 * Chat-mode reading of an answer to the equality prompt (elimination rule 1). The reference reads
 * "not equal" anywhere first, then "equal" anywhere, so a chat answer that states its verdict and
 * then explains it ("Equal. One might think they are not equal, but...") can be read backwards,
 * and "They are the same." reads as unclear. Here the verdict is read where a reader looks for it
 * (the answer's start, its first sentence, its last sentence) and the answer is rewritten to the
 * reference's exact "Equal" or "Not Equal", each change recorded. An answer with no verdict a
 * reader could see is left as written. Pure.
 */
import { edit, type Edit, type Normalised } from '../../chat/edits.js';

type Reading = 'Equal' | 'Not Equal';

const EXACT: readonly string[] = ['Equal', 'Not Equal'];

/**
 * A verdict at the very start: "Not Equal", "Unequal", "Equal" before anything else; "The same" or
 * "Different" only as the whole answer ("Different wording, same requirements" is no verdict).
 */
function leading(s: string): Reading | undefined {
  const m = /^(?:(not[\s_-]*equal|unequal)|(equal))\b/i.exec(s);
  if (m) return m[1] !== undefined ? 'Not Equal' : 'Equal';
  if (/^(?:different|not the same|not identical)[.!]?$/i.test(s)) return 'Not Equal';
  if (/^(?:the same|same|identical|equivalent)[.!]?$/i.test(s)) return 'Equal';
  return undefined;
}

/** A verdict stated in a sentence: "They are not equal because...", "The two instructions are the same." */
function stated(s: string): Reading | undefined {
  if (/\b(?:not|aren't|isn't)[\s_-]+(?:equal|the same|identical|equivalent)\b|\bunequal\b/i.test(s)) return 'Not Equal';
  if (/\b(?:are|is)\s+(?:equal|the same|identical|equivalent)\b|\bequal\b/i.test(s)) return 'Equal';
  return undefined;
}

const LABEL = /^(?:answer|verdict|judg(?:e)?ment|result|decision|conclusion)\s*:\s*/i;
const MARKS = /^[\s*_`"'“‘#>]+|[\s*_`"'”’]+$/g;

function sentences(s: string): string[] {
  return s.split(/(?<=[.!?;—–:])\s+|\n+/).map((x) => x.trim()).filter((x) => x !== '');
}

/** The answer as the reference's exact verdict, or as written when no verdict can be read. */
export function normaliseEquality(text: string): Normalised {
  const raw = text.trim();
  if (EXACT.includes(raw)) return { text, edits: [] };
  const edits: Edit[] = [];
  const [, open, inner, close] = /^([\s*_`"'“‘#>]*)([\s\S]*?)([\s*_`"'”’]*)$/.exec(raw)!;
  let s = inner!;
  if (/[*_`#]/.test(open! + close!) || /\*\*|__/.test(s)) edits.push(edit('markup', `${open!.trim()}…${close!.trim()}`));
  else if (/["'“”‘’]/.test(open! + close!)) edits.push(edit('wrapping', `${open!.trim()}…${close!.trim()}`));
  s = s.replace(/\*\*|__/g, '');
  const label = LABEL.exec(s);
  if (label) {
    edits.push(edit('frame-label', label[0]));
    s = s.slice(label[0].length).replace(MARKS, '');
  }
  const parts = sentences(s);
  const reading = leading(s) ?? stated(parts[0] ?? '') ?? leadingOrStated(parts.at(-1) ?? '');
  if (reading === undefined) return { text, edits: [] };
  if (s !== reading) edits.push(edit('tolerant-reading', s));
  return { text: reading, edits };
}

function leadingOrStated(s: string): Reading | undefined {
  const t = s.replace(LABEL, '').replace(MARKS, '');
  return leading(t) ?? stated(t);
}
