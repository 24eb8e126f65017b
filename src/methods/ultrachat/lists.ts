/**
 * The generated lists (subtopics, questions, instructions) as chat models write them: numbered or
 * bulleted, bold, with blank lines between items, a preamble ("Here are 30 subtopics:"), a heading,
 * and a remark after the list ("Let me know if you want more!"). Pure: items out, empty ones and
 * duplicates (after folding case, spaces and punctuation) dropped, each drop recorded.
 */
import { isCloser, isOpener } from '../../chat/chatter.js';
import { edit, type Edit, type Normalised } from '../../chat/edits.js';
import { opensWithRefusal } from '../../chat/refusal.js';

export interface ParsedList {
  items: string[];
  /** Items dropped as repeats of an earlier item of the same list. */
  duplicates: string[];
  /** Items past the number asked for. */
  extra: number;
}

/** "1.", "1)", "(1)", "#1", "-", "*", "•", "+" with their following space. */
const MARKER = /^\s*(?:\(?\d{1,3}[.):]|#\d{1,3}[.:)]?|[-*•+–])\s+/;
/** "Subtopic 3:", "Question 2 -", "Q4." before an item. */
const ITEM_LABEL = /^(?:(?:sub-?topic|question|instruction|task|item|q)\s*\d{0,3}\s*[:.)–-]\s*)/i;
const HEADING = /^\s*#{1,6}\s/;

/** The key two items are the same under: lower case, letters and digits only, single spaces. */
export function itemKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A line with bold around it whole or around its number ("**1. Solar power**", "**1.** Solar power") unwrapped. */
function unbold(line: string): string {
  const t = line.trim();
  const whole = /^(\*\*|__)([^*_].*?)\1$/.exec(t);
  if (whole && !whole[2]!.includes(whole[1]!)) return whole[2]!.trim();
  return t.replace(/^(\*\*|__)(\(?\d{1,3}[.):])\1\s*/, '$2 ');
}

/** Does the line start with a list marker (after bold around it)? */
export function isMarked(line: string): boolean {
  return MARKER.test(unbold(line));
}

/** One line as an item: its marker, label, bold or italic marks and wrapping quotes taken off. */
export function cleanItem(line: string): string {
  let s = unbold(line).replace(MARKER, '');
  s = s.replace(/^(\*\*|__)(.+?)\1(?=\s|:|$)/, '$2');
  s = s.replace(ITEM_LABEL, '');
  s = s.replace(/^(\*\*|__|\*|_)(.+)\1$/, '$2').trim();
  const q = /^["“'‘](.+)["”'’]$/.exec(s);
  if (q && !/["“”]/.test(q[1]!)) s = q[1]!.trim();
  return s.replace(/\s+/g, ' ').trim();
}

function isChatter(line: string): boolean {
  const t = line.trim();
  return isOpener(t) || isCloser(t) || opensWithRefusal(t) || /^(?:here (?:are|is)|sure|certainly|of course|okay|absolutely)\b.*:\s*\**$/i.test(t);
}

const isBlankOrRule = (l: string): boolean => l.trim() === '' || /^\s*(?:-{3,}|\*{3,}|_{3,}|```\w*)\s*$/.test(l);

/** The lines of an answer that hold items (see parseList). */
function itemLines(lines: readonly string[]): Set<number> {
  const content = lines.map((l, i) => i).filter((i) => !isBlankOrRule(lines[i]!));
  const marked = content.filter((i) => isMarked(lines[i]!));
  // A lone bullet line can be a preamble's dash; a list has at least two marked lines.
  return new Set(marked.length >= 2 ? marked : content.filter((i) => !HEADING.test(lines[i]!) && !isChatter(lines[i]!)));
}

/**
 * Chat mode: the answer reduced to its item lines, with what was taken out recorded (the talk
 * before the list as `preamble`, after it as `closing`, headings and rules among the items as
 * `markup`), so the audit shows it. The parser reads the items the same way with or without it.
 */
export function normaliseList(text: string): Normalised {
  const lines = text.split(/\r?\n/);
  const keep = itemLines(lines);
  if (keep.size === 0) return { text, edits: [] };
  const first = Math.min(...keep);
  const last = Math.max(...keep);
  const dropped = (from: number, to: number) => lines.slice(from, to).filter((l, k) => !keep.has(from + k) && !isBlankOrRule(l));
  const edits: Edit[] = [];
  const before = dropped(0, first);
  const between = dropped(first, last + 1);
  const after = dropped(last + 1, lines.length);
  if (before.length) edits.push(edit('preamble', before.join('\n')));
  if (between.length) edits.push(edit('markup', between.join('\n')));
  if (after.length) edits.push(edit('closing', after.join('\n')));
  if (edits.length === 0) return { text, edits: [] };
  return { text: lines.filter((_, i) => keep.has(i)).join('\n'), edits };
}

/**
 * The list in an answer, at most `n` items. When some lines carry a list marker, only those lines
 * are items (anything else is talk around the list); otherwise every line is, except a preamble,
 * a heading and closing remarks.
 */
export function parseList(text: string, n: number): ParsedList {
  const lines = text.split(/\r?\n/);
  const keep = itemLines(lines);
  const candidates = lines.filter((_, i) => keep.has(i));
  const items: string[] = [];
  const duplicates: string[] = [];
  const seen = new Set<string>();
  let extra = 0;
  for (const line of candidates) {
    const item = cleanItem(line);
    const key = itemKey(item);
    if (key === '') continue;
    if (seen.has(key)) {
      duplicates.push(item);
      continue;
    }
    seen.add(key);
    if (items.length >= n) {
      extra++;
      continue;
    }
    items.push(item);
  }
  return { items, duplicates, extra };
}
