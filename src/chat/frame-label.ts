/**
 * A frame label a chat model writes at the very start of its answer, echoing the slot the prompt
 * ended with ("#Rewritten Prompt#:", "**Created Prompt:**", "## New Prompt"). Pure. Only the very
 * start is read: the same words later in the text are content (or a leak the filters must see).
 */
import { edit, type Normalised } from './edits.js';

/** Markdown a label may be wrapped in: heading marks, bold or italics, a blockquote mark. */
const OPEN_MARKS = String.raw`(?:#{1,6}[ \t]+|>[ \t]*)?(?:\*\*|__|\*|_)?`;
const CLOSE_MARKS = String.raw`(?:\*\*|__|\*|_)?`;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The pattern for one label name ("Rewritten Prompt"): optionally "The " before it, optionally in
 * "#...#" markers, then a colon (inside or outside the emphasis), perhaps after a short aside in brackets. Without a colon or "#" markers it
 * is a label only when it fills its line as a heading or bold line, so a prompt that merely starts
 * with the words ("New prompt ideas for a blog...") is never cut.
 */
function labelPattern(names: readonly string[]): RegExp {
  const name = `(?:the[ \\t]+)?(?:${names.map((n) => escape(n).replace(/\s+/g, '[ \\t]+')).join('|')})`;
  const hashed = `#[ \\t]*${name}[ \\t]*#`;
  // A short aside may stand before the colon: "#Rewritten Prompt# (Concretizing):".
  const aside = `(?:[ \\t]*\\([^()\\n]{1,40}\\))?`;
  const colon = `${OPEN_MARKS}(?:${hashed}|${name})${aside}[ \\t]*${CLOSE_MARKS}[ \\t]*:[ \\t]*${CLOSE_MARKS}`;
  const marked = `${OPEN_MARKS}${hashed}${CLOSE_MARKS}`;
  const headingLine = `(?:#{1,6}[ \\t]+${name}[ \\t]*#*|(?:\\*\\*|__)${name}(?:\\*\\*|__))[ \\t]*(?=\\n|$)`;
  return new RegExp(`^(?:${colon}|${marked}|${headingLine})[ \\t]*`, 'i');
}

/** The label at the start of `text` (after leading blank space), or undefined. */
export function frameLabelAt(text: string, names: readonly string[]): string | undefined {
  const body = text.replace(/^\s+/, '');
  return labelPattern(names).exec(body)?.[0];
}

/**
 * Take a frame label off the start of the text: the label alone on its line (the line goes, with
 * the blank lines after it) or before the content on the same line. An answer that is nothing
 * but the label is left as it is, for the filters to judge.
 */
export function dropFrameLabel(text: string, names: readonly string[]): Normalised {
  const body = text.replace(/^\s+/, '');
  const label = frameLabelAt(body, names);
  if (label === undefined) return { text, edits: [] };
  const rest = body.slice(label.length).replace(/^[ \t]*\n\s*/, '');
  if (rest.trim() === '') return { text, edits: [] };
  return { text: rest, edits: [edit('frame-label', label)] };
}
