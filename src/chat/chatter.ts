/**
 * A chat model's talk around the content: an opening line before it ("Sure! Here are 10 more
 * tasks:") and closing remarks after it ("I hope this helps!"). Pure; the stage's normaliser says
 * where its content starts, these take out only what reads as chatter.
 */
import { edit, type Normalised } from './edits.js';

/** How chat models open an answer before its content. */
const OPENER =
  /^(?:sure|certainly|of course|absolutely|okay|ok|alright|all right|great|no problem|happy to help|gladly|yes|here(?:'s| is| are)|below (?:is|are)|the following|as requested|i(?:'d| would) be (?:happy|glad)|i(?:'ve| have) (?:written|created|generated|come up)|i can|let me|let's)\b/i;
/**
 * A line that announces what follows: ends with a colon, or names the content it introduces. Tested
 * on the text after the opener, so "Here is a list of ingredients; suggest a recipe." (a task that
 * starts like an opener) does not announce itself.
 */
const ANNOUNCES =
  /:\s*$|\b(?:here(?:'s| is| are)|below|following|rewritten|revised|version|more tasks|new tasks|instructions|examples)\b|\b(?:more|new|additional|further|next|other|extra|remaining)\b[\w\s-]{0,30}\b(?:tasks|instructions|examples|items|prompts|questions|ideas)\b/i;

/** How chat models close an answer after its content. */
const CLOSER =
  /^(?:i hope|hope (?:this|these|that)|let me know|feel free|if you(?:'d| would)? (?:like|need|want|have)|please let me know|happy to|enjoy|good luck|these (?:tasks|instructions|examples|prompts|questions) (?:cover|should|are|span|range|offer|show|illustrate|demonstrate)|this (?:rewritten|revised|new|version|prompt)\b.*\b(?:adds|requires|introduces|increases|makes|asks|keeps)|(?:the )?(?:rewritten|revised) prompt (?:adds|requires|introduces|increases|makes|keeps)|note:|\(note:|explanation:)/i;

/** Does this line read as a chat opener (on its own line, before the content)? */
export function isOpener(line: string): boolean {
  const t = stripEmphasis(line.trim());
  const opener = OPENER.exec(t);
  return opener !== null && t.length <= 240 && ANNOUNCES.test(t.slice(opener[0].length));
}

export function isCloser(paragraph: string): boolean {
  return CLOSER.test(stripEmphasis(paragraph.trim()));
}

function stripEmphasis(s: string): string {
  return s.replace(/^[*_#>\s]+/, '').replace(/[*_\s]+$/, '');
}

/**
 * Take out an opening paragraph of free text (an answer with no structural head): the first
 * paragraph, or the first line when it ends with a colon, when it reads as an opener.
 */
export function dropOpeningLine(text: string): Normalised {
  const lead = /^\s*/.exec(text)![0];
  const rest = text.slice(lead.length);
  const firstLine = rest.split('\n', 1)[0]!;
  if (!isOpener(firstLine)) return { text, edits: [] };
  const after = rest.slice(firstLine.length).replace(/^\s*\n/, '');
  if (after.trim() === '') return { text, edits: [] }; // nothing but the opener: leave it for the filters to judge
  return { text: after, edits: [edit('preamble', firstLine)] };
}

/**
 * Take out closing paragraphs: from the end, paragraphs (blank-line separated, or a last line
 * after the content) that read as closing remarks. Content is never emptied.
 */
export function dropClosing(text: string): Normalised {
  const { lines, removed } = closingParagraphs(text);
  // A closing remark on the content's own last line, with no blank line before it.
  if (lines.length > 1 && isCloser(lines[lines.length - 1]!)) removed.unshift(lines.pop()!);
  return closed(text, lines, removed);
}

/**
 * The step every closing-remark remover starts with: from the end, whole paragraphs (after a blank
 * line) that read as closing remarks, never the first. Returns the lines kept and what was removed.
 */
export function closingParagraphs(text: string): { lines: string[]; removed: string[] } {
  const trimmed = text.replace(/\s+$/, '');
  // Paragraphs by their offsets, so the kept text is cut from the answer as written (a code block's
  // whitespace-only or repeated blank lines stay as they were).
  const seps = [...trimmed.matchAll(/\n\s*\n/g)];
  const starts = [0, ...seps.map((m) => m.index + m[0].length)];
  const ends = [...seps.map((m) => m.index), trimmed.length];
  const paragraphs = starts.map((s, i) => trimmed.slice(s, ends[i]));
  let keep = paragraphs.length;
  while (keep > 1 && isCloser(paragraphs[keep - 1]!)) keep--;
  return { lines: trimmed.slice(0, ends[keep - 1]).split('\n'), removed: paragraphs.slice(keep) };
}

/** The text without its closing remarks, with one edit naming them (the text as it was when there were none). */
export function closed(text: string, lines: readonly string[], removed: readonly string[]): Normalised {
  if (removed.length === 0) return { text, edits: [] };
  return { text: lines.join('\n'), edits: [edit('closing', removed.join('\n\n'))] };
}
