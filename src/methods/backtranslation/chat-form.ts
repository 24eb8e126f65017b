/**
 * Chat-mode normalising of a self-augmentation answer: chat models do not just complete the
 * "Instruction:" line, they introduce it ("The user most likely asked:"), label it, bold or quote
 * it, and explain it afterwards. The reference parser keeps the first paragraph, so an opener
 * followed by a blank line would leave only the opener. These steps leave the instruction alone at
 * the start, each change recorded. Pure; completion-mode answers never come here (engine/stage.ts).
 */
import { dropClosing, isOpener } from '../../chat/chatter.js';
import { edit, pipe, type Edit, type Normalised } from '../../chat/edits.js';
import { isOnlyMarkup, unwrap, unwrapEmphasis } from '../../chat/markup.js';
import { introHead, isExplanation, isLabelHead } from './chat-intro.js';

export function normaliseBacktranslatedAnswer(text: string): Normalised {
  return pipe(text.replace(/\r\n?/g, '\n'), unwrap, dropIntro, unwrap, firstOption, dropExplanation, dropClosing, unwrapInstruction, joinAnnounced);
}

/** Emphasis and heading marks off a line, for reading what it says. */
function plain(line: string): string {
  return line
    .trim()
    .replace(/^#{1,6}\s+/, '')
    .replace(/^(\*\*|__)(.*?)\1/, '$2')
    .replace(/^[*_]+|[*_]+$/g, '')
    .trim();
}

/**
 * Lines before the instruction that are not it: openers, headings and frame labels, and the head of
 * a line that introduces the instruction on the same line (`The user most likely asked: "..."`).
 * Stops at the first line that holds content; never leaves nothing.
 */
export function dropIntro(text: string): Normalised {
  const lines = text.split('\n');
  const edits: Edit[] = [];
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const cut = introCut(line);
    if (cut === undefined) break;
    const rest = line.slice(cut.at);
    if (rest.trim() !== '' && rest.trim() !== '**' && rest.trim() !== '__') {
      // The instruction follows on the same line.
      edits.push(edit(cut.habit, line.slice(0, cut.at)));
      if (cut.marked) edits.push(edit('markup', line.slice(0, cut.at)));
      lines[i] = rest.replace(/^\s*(?:\*\*|__)(?=\s)/, '').trim();
      break;
    }
    if (!lines.slice(i + 1).some((l) => l.trim() !== '')) break; // nothing after it: leave it for the filters
    edits.push(edit(cut.habit, line));
    if (cut.marked) edits.push(edit('markup', line));
  }
  if (edits.length === 0) return { text, edits };
  return { text: lines.slice(i).join('\n').replace(/^\s+/, ''), edits };
}

/** Where a line's intro ends (the whole line for an opener, heading or lone label), or undefined for content. */
function introCut(line: string): { at: number; habit: 'preamble' | 'frame-label'; marked: boolean } | undefined {
  const marked = /^\s*(?:#{1,6}\s|\*\*|__|\*[^*])/.test(line);
  // A code fence is kept: it wraps the instruction (taken off whole by `unwrap`), it does not introduce it.
  if (isOnlyMarkup(line) && !line.trim().startsWith('```')) return { at: line.length, habit: 'preamble', marked: false };
  const p = plain(line);
  // A heading or a lone label line: "### Instruction", "**Likely instruction:**".
  if (isLabelHead(p.replace(/:$/, ''))) return { at: line.length, habit: 'frame-label', marked };
  const colon = line.indexOf(':');
  if (colon >= 0) {
    const head = plain(line.slice(0, colon));
    // The colon's closing bold ("**Instruction:** Write ...") belongs to the head.
    const after = /^:\s*(?:\*\*|__)?/.exec(line.slice(colon))![0];
    if (isLabelHead(head)) return { at: colon + after.length, habit: 'frame-label', marked };
    if (introHead(head)) return { at: colon + after.length, habit: 'preamble', marked };
  }
  if (isOpener(line) || /^(?:sure|certainly|of course|absolutely|okay|ok|great)[!.,]*$/i.test(p)) return { at: line.length, habit: 'preamble', marked: false };
  return undefined;
}

/**
 * What the model says about the instruction after it: "This instruction fits because ...",
 * "Explanation: ...". A whole paragraph after a blank line, or lines after the instruction's first.
 */
export function dropExplanation(text: string): Normalised {
  const lines = text.replace(/\s+$/, '').split('\n');
  const start = lines.findIndex((l, i) => i > 0 && isExplanation(plain(l)));
  if (start < 0) return { text, edits: [] };
  const removed = lines.slice(start).join('\n');
  return { text: lines.slice(0, start).join('\n').replace(/\s+$/, ''), edits: [edit('closing', removed)] };
}

/** Quotes, bold, a blockquote mark or a bullet around the instruction itself (the answer may go on after it). */
export function unwrapInstruction(text: string): Normalised {
  const lines = text.split('\n');
  // A blockquote mark, or a lone bullet, before the instruction.
  const quoted = /^(?:>|[-*•])\s+(\S.*)$/.exec(lines[0]!.trim());
  if (quoted) {
    const inner = unwrapInstruction([quoted[1]!, ...lines.slice(1)].join('\n'));
    return { text: inner.text, edits: [edit('markup', lines[0]!), ...inner.edits] };
  }
  const first = lines[0]!.trim();
  // A quoted instruction followed by a period the model added: `"How do I ...?".`
  const core = /^(["“'‘«].*["”'’»])\.$/.exec(first)?.[1] ?? first;
  const bold = unwrapEmphasis(core);
  if (bold !== core && bold !== '') {
    const inner = unwrapInstruction([bold, ...lines.slice(1)].join('\n'));
    return { text: inner.text, edits: [edit('markup', first), ...inner.edits] };
  }
  const q = unwrap(core);
  if (q.edits.length === 0) return { text, edits: [] };
  return { text: [q.text, ...lines.slice(1)].join('\n'), edits: q.edits };
}

const OPTION = /^\s*(?:\d{1,2}\s?[.)]|[-*•])\s+(\S.*)$/;

/**
 * Several candidate instructions as a list ("1. How do I ...?\n2. What is ...?"): the first one,
 * the model's own best guess, is kept and the rest recorded. A single numbered line is left as written.
 */
export function firstOption(text: string): Normalised {
  const lines = text.split('\n');
  const first = OPTION.exec(lines[0]!);
  if (!first || lines.slice(1).filter((l) => OPTION.test(l)).length === 0) return { text, edits: [] };
  const next = lines.findIndex((l, i) => i > 0 && (OPTION.test(l) || l.trim() === ''));
  const rest = lines.slice(next);
  return { text: [first[1]!, ...lines.slice(1, next)].join('\n'), edits: [edit('layout', rest.join('\n'))] };
}

/**
 * An instruction that ends its first paragraph with a colon announces what follows ("Rewrite this
 * sentence in the passive voice:" then the sentence): the parser's blank-line cut would keep only
 * the announcement, so the blank line between them becomes a line break.
 */
export function joinAnnounced(text: string): Normalised {
  const m = /^([^\n]*:)[ \t]*\n[ \t]*\n\s*(\S[^]*)$/.exec(text.trim());
  if (!m || introHead(plain(m[1]!.slice(0, -1))) || isLabelHead(plain(m[1]!.slice(0, -1)))) return { text, edits: [] };
  return { text: `${m[1]}\n${m[2]}`, edits: [edit('layout', `blank line after "${m[1]}"`)] };
}
