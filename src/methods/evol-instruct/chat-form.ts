/**
 * Chat-mode normalising of an evolution (in-depth and in-breadth): a chat model's answer put into
 * the bare prompt the reference reads, each change recorded. Pure. Only the answer's frame is
 * touched: its first lines, its last paragraphs, and markup around the whole. An evolved prompt may
 * hold blank lines, code, tables, lists and a last sentence for its own reader ("Explain your
 * reasoning."), so what is taken out must read as talk about the rewrite. Marker words anywhere
 * but in a leading label stay, so elimination rule 4 still sees them. Completion-mode answers
 * never come here (engine/stage.ts).
 */
import { isOpener } from '../../chat/chatter.js';
import { edit, pipe, type Normalised } from '../../chat/edits.js';
import { dropFrameLabel } from '../../chat/frame-label.js';
import { unwrap } from '../../chat/markup.js';

/** The labels a rewriter or creator answer starts with, echoing the prompt's last line. */
export const EVOLUTION_LABELS: readonly string[] = [
  'Rewritten Prompt',
  'Created Prompt',
  'New Prompt',
  'Evolved Prompt',
  'Revised Prompt',
  'Rewritten Instruction',
  'Created Instruction',
  'New Instruction',
  'Evolved Instruction',
  'Revised Instruction',
  'Rewritten Version',
  'Revised Version',
];

/** Words of a line that talks about the rewrite rather than being part of it. */
const REWRITE_TALK = /\b(?:prompts?|version|rewrit\w*|revis\w*|evolv\w*|creat\w*|harder|more (?:complex|challenging|difficult|specific|detailed|demanding|in-depth)|complex(?:ity)?)\b/i;
/** An opening on its own: "Sure!", "Certainly.", "Okay,", "Sure! I'd be happy to help." */
const BARE_OPENER = /^(?:(?:sure|certainly|of course|absolutely|okay|ok|alright|great)[!.,]?\s*)?(?:here you go|i'd be happy to help|i would be happy to help|happy to help)?[!.,]?$/i;

/**
 * One preamble line before the content: an opener that ends with a colon and talks about the
 * rewrite ("Sure, here's a rewritten version:"), or a bare "Sure!". A line with text after its
 * colon ("Here is the rewritten prompt: Describe...") holds content and stays, as do openers about
 * the content itself ("Here are the sales figures:").
 */
export function isEvolutionPreamble(line: string): boolean {
  const t = line.trim().replace(/^[*_]+|[*_]+$/g, '').trim();
  if (/[a-z]/i.test(t) && BARE_OPENER.test(t)) return true;
  if (t.length > 200) return false;
  const colon = t.indexOf(':');
  if (colon >= 0 && colon < t.length - 1) return false;
  return isOpener(t) && REWRITE_TALK.test(t) && (t.endsWith(':') || /^(?:sure|certainly|of course|absolutely|okay|ok)\b/i.test(t));
}

/** Drop one preamble line (and the blank lines after it) when content follows it. */
export function dropPreambleLine(text: string): Normalised {
  const body = text.replace(/^\s+/, '');
  const first = body.split('\n', 1)[0]!;
  if (!isEvolutionPreamble(first)) return { text, edits: [] };
  const rest = body.slice(first.length).replace(/^\s+/, '');
  if (rest === '') return { text, edits: [] };
  return { text: rest, edits: [edit('preamble', first)] };
}

/** A fence or one pair of quotes around the whole, but never a fence that closes and reopens inside. */
export function unwrapWhole(text: string): Normalised {
  const t = text.trim();
  if (t.startsWith('```') && t.slice(3, -3).includes('\n```')) return { text, edits: [] };
  return unwrap(text);
}

/** Bold (or italics) around the whole answer, with none inside. */
export function unboldWhole(text: string): Normalised {
  const m = /^(\*\*|__)([^*_][\s\S]*?)\1$/.exec(text.trim());
  if (!m || m[2]!.includes(m[1]!)) return { text, edits: [] };
  return { text: m[2]!.trim(), edits: [edit('markup', m[1]!)] };
}

/**
 * A closing paragraph about the rewrite: what the rewrite did ("This rewritten prompt adds a
 * constraint...", "This version of the prompt introduces..."), what the model changed ("I added a
 * budget"), or a remark to the user. A prompt may itself end on a sentence that names a version or
 * the prompt: "The final version must fit on one page.", "This prompt requires you to cite two
 * sources.", or data such as "The new version adds dark mode." in release notes to be written. So a
 * plain "prompt" counts only with a verb that reports a change, and "version" only when the
 * sentence also speaks of the prompt, the original or its difficulty.
 */
const REWRITE_ADJECTIVE = String.raw`(?:rewritten|revised|evolved|created|harder|more\s+(?:complex|challenging|difficult|demanding|specific|detailed|advanced))`;
const CHANGES = 'adds|added|introduces|introduced|increases|narrows|deepens|expands|extends|incorporates|shifts|builds on|now';
const CHANGE_VERB = `(?:${CHANGES})`;
const ANY_VERB = `(?:${CHANGES}|requires|asks|makes|keeps|maintains|focuses|is|was|has|demands|specifies|includes|encourages|challenges|moves|takes|retains|preserves)`;
const ABOUT_PROMPT = String.raw`(?=[^\n]*\b(?:prompt|original|constraints?|requirements?|complex\w*|challenging|difficult\w*)\b)`;
/** "This rewritten prompt adds...", "The new prompt requires...", "This version of the prompt introduces...". */
const REWRITE_DID = String.raw`(?:(?:this|the|my|that)\s+(?:${REWRITE_ADJECTIVE}\s+(?:[\w-]+\s+)?(?:prompt|version|instruction|rewrite)|new\s+prompt)\b[^.\n]{0,40}?\b${ANY_VERB}\b|(?:this|my|that)\s+(?:(?:prompt|rewrite|evolution)\b|version\b${ABOUT_PROMPT})[^.\n]{0,40}?\b${CHANGE_VERB}\b)`;
const ABOUT_REWRITE = new RegExp(
  String.raw`^\(?(?:` +
    [
      REWRITE_DID,
      String.raw`i(?:'ve| have)? (?:added|introduced|included|made|kept|changed|replaced|expanded|focused|narrowed|chose|created|rewrote|revised)\b`,
      String.raw`(?:changes|changes made|what changed|what's new|rationale|reasoning behind the change|why (?:it|this) is harder)\s*:`,
      String.raw`i hope|hope (?:this|that) helps|let me know|feel free`,
      String.raw`word count\s*:`,
      String.raw`\d+ words\)?\.?$`,
    ].join('|') +
    ')',
  'i',
);
/** The content's own last line, with no blank line before it, taken only when it can be nothing but a comment on the rewrite. */
const LAST_LINE_COMMENT = new RegExp(String.raw`^\(?${REWRITE_DID}`, 'i');
const COMMENT_LABEL = /^\(?(?:note|notes|explanation|explanations|commentary|comment)#?\s*:/i;

/** Markdown and separators a closing paragraph may start with. */
function plain(paragraph: string): string {
  return paragraph.trim().replace(/^(?:[-*_]{3,}\s*\n)?[*_#>\s]+/, '').replace(/\*\*|__/g, '');
}

export function isRewriteComment(paragraph: string): boolean {
  const t = plain(paragraph);
  if (/^\(?(?:explanation|explanations|commentary)#?\s*:/i.test(t)) return true;
  if (COMMENT_LABEL.test(t)) return REWRITE_TALK.test(t) || /\b(?:i|i've|added|adds|original|changed?)\b/i.test(t);
  return ABOUT_REWRITE.test(t);
}

/**
 * From the end, paragraphs (after a blank line) that are commentary, never the first; a bare
 * separator ("---") before them goes too. A "Note:"-style heading alone on its paragraph takes the
 * paragraphs after it with it (an explanation written as a list).
 */
export function dropRewriteComments(text: string): Normalised {
  const paragraphs = text.replace(/\s+$/, '').split(/\n[ \t]*\n/);
  let keep = paragraphs.length;
  const heading = paragraphs.findIndex((p, i) => i > 0 && /^(?:\(?(?:explanation|explanations|changes|changes made|what changed|rationale)#?\s*:?\)?)$/i.test(plain(p)));
  if (heading > 0) keep = heading;
  while (keep > 1 && isRewriteComment(paragraphs[keep - 1]!)) keep--;
  while (keep > 1 && /^[-*_=\s]{3,}$/.test(paragraphs[keep - 1]!)) keep--;
  // The last line of the content itself, when it is a comment on the rewrite with no blank line before it.
  const lines = paragraphs.slice(0, keep).join('\n\n').split('\n');
  const removed = paragraphs.slice(keep);
  const last = lines[lines.length - 1]!;
  if (lines.length > 1 && (COMMENT_LABEL.test(plain(last)) ? isRewriteComment(last) : LAST_LINE_COMMENT.test(plain(last)))) removed.unshift(lines.pop()!);
  while (lines.length > 1 && /^[-*_=\s]{3,}$/.test(lines[lines.length - 1]!)) removed.unshift(lines.pop()!);
  if (removed.length === 0) return { text, edits: [] };
  return { text: lines.join('\n').replace(/\s+$/, ''), edits: [edit('closing', removed.join('\n\n'))] };
}

/**
 * An evolution answer as the bare prompt: preamble, label and wrapping off the front (in the
 * order chat models stack them: "Sure!" / "**Rewritten Prompt:**" / a quoted prompt), commentary
 * off the end, then wrapping again for a prompt quoted inside its frame.
 */
export function normaliseEvolution(text: string): Normalised {
  const label = (t: string) => dropFrameLabel(t, EVOLUTION_LABELS);
  return pipe(text, unwrapWhole, unboldWhole, dropPreambleLine, dropPreambleLine, label, dropRewriteComments, unwrapWhole, unboldWhole);
}
