/**
 * Chat-mode normalising of Self-Instruct's instruction lists and classification answers (issue 14):
 * a chat model's answer put into the continued-list format the reference parser reads, each change
 * recorded. Pure. Completion-mode answers never come here (engine/stage.ts).
 */
import { dropClosing, dropOpeningLine } from '../../chat/chatter.js';
import { edit, pipe, type Edit, type Normalised } from '../../chat/edits.js';
import { dropLead } from '../../chat/lead.js';
import { unwrap } from '../../chat/markup.js';
import { collapseWhitespace } from '../../util/text.js';
import { dropItemLabels, dropRuleLines, unwrapItems } from './chat-list-items.js';

/** A numbered item line as the parser splits on it ("10. text"). */
const ITEM = /^(\d{1,3})\s?\.\s/;
/** A numbered line as a chat model may write it: "**9.** x", "### 9. x", "9) x", "**9. Title:** x". */
const MARKED_ITEM = /^(\s*)(?:#{1,6}\s+)?(\*\*|__)?(\d{1,3})\s?([.)])(\*\*|__)?\s+(.*)$/;
/** A bold span at the start of an item's text, with the colon or dash that makes it a title ("**Recipe Substitution**: ...", "**Haiku** - ..."). */
const BOLD_LEAD = /^(\*\*|__)(.+?)\1\s*(:|[-–—](?=\s)|)\s*(.*)$/;
const BULLET = /^\s*[-*•]\s+(\S.*)$/;

/**
 * An instruction-list answer in the reference's layout. `next` is the number the prompt ended with
 * ("9."); `demos` the prompt's instructions, which a chat model sometimes repeats before its own.
 */
export function normaliseInstructionList(text: string, demos: readonly string[]): Normalised {
  const next = demos.length + 1;
  return pipe(
    text,
    unwrap,
    unmarkItems,
    (t) => bulletsToNumbers(t, next),
    (t) => dropListLead(t, next),
    dropRuleLines,
    dropClosing,
    (t) => dropRestatedDemos(t, demos),
    dropItemLabels,
    unwrapItems,
  );
}

/** Bold or heading marks around item numbers taken off, a bold title before an item's text dropped, "9)" written "9.". */
export function unmarkItems(text: string): Normalised {
  const changed: string[] = [];
  let layout = false;
  const lines = text.split('\n').map((line, i) => {
    const m = MARKED_ITEM.exec(line);
    if (!m) return i === 0 ? unmarkBody(line, changed) : line;
    const [, space, open, n, sep, close, rest] = m as unknown as string[];
    const marked = open !== undefined || close !== undefined || line.trimStart().startsWith('#') || BOLD_LEAD.test(rest!.trim());
    if (!marked) {
      if (sep !== ')') return line;
      layout = true;
      return `${space}${n}. ${rest}`;
    }
    let body = rest!;
    if (open && !close) {
      // "**9. Task text**" or "**9. Title:** text": the bold opened before the number closes in the text.
      const inner = /^(.+?)(\*\*|__)\s*(.*)$/.exec(body);
      const dashed = inner ? /^[-–—]\s+(\S.*)$/.exec(inner[3]!) : null;
      if (inner && dashed && isTitle(inner[1]!)) body = dashed[1]!; // "**9. Title** - text"
      else if (inner) body = inner[3] !== '' && inner[1]!.trim().endsWith(':') && isTitle(inner[1]!) ? inner[3]! : `${inner[1]!}${inner[3] ? ` ${inner[3]}` : ''}`;
    }
    body = unmarkBody(body, changed, true);
    if (sep === ')') layout = true;
    changed.push(line.trim());
    return `${space}${n}. ${body.trim()}`;
  });
  const edits: Edit[] = [];
  if (changed.length) edits.push(edit('markup', changed.slice(0, 5).join('\n') + (changed.length > 5 ? `\n… ${changed.length - 5} more` : '')));
  if (layout) edits.push(edit('layout', 'items numbered "n)" written "n."'));
  return edits.length ? { text: lines.join('\n'), edits } : { text, edits };
}

/** An item's text with a leading bold span unmarked; a bold title ending in a colon is dropped. */
function unmarkBody(body: string, changed: string[], numbered = false): string {
  const b = BOLD_LEAD.exec(body.trim());
  if (!b) return body;
  const [, , span, colon, rest] = b as unknown as string[];
  const titled = (colon !== '' || span!.trim().endsWith(':')) && rest !== '' && isTitle(span!);
  const out = titled ? rest! : `${span!}${colon && colon !== ':' ? ` ${colon}` : colon}${rest ? ` ${rest}` : ''}`;
  if (!numbered) changed.push(body.trim());
  return out;
}

/** A short name ("Recipe Substitution:"), not a sentence: at most six words and no sentence end. */
function isTitle(span: string): boolean {
  const t = span.trim().replace(/:$/, '');
  return t.split(/\s+/).length <= 6 && !/[.?!]$/.test(t);
}

/** A bulleted list (no numbered lines) numbered from the prompt's next number. */
export function bulletsToNumbers(text: string, next: number): Normalised {
  const lines = text.split('\n');
  if (lines.some((l) => ITEM.test(l.trim()))) return { text, edits: [] };
  const bullets = lines.filter((l) => BULLET.test(l));
  if (bullets.length < 2) return { text, edits: [] };
  let n = next;
  const out = lines.map((l) => {
    const m = BULLET.exec(l);
    return m ? `${n++}. ${m[1]}` : l;
  });
  return { text: out.join('\n'), edits: [edit('layout', `${bullets.length} bulleted items numbered from ${next}`)] };
}

/**
 * Lines before the first numbered item. When that item is the prompt's number + 1, what precedes it
 * is the continued item `next` itself: content. Otherwise (the model restated "9." or restarted at
 * "1.") the lines before it are dropped when they are all chat lead (opener, title, separator).
 */
export function dropListLead(text: string, next: number): Normalised {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => ITEM.test(l.trim()));
  if (first < 0) return dropOpeningLine(text);
  if (Number(ITEM.exec(lines[first]!.trim())![1]) === next + 1) return { text, edits: [] };
  return dropLead(text, (l) => ITEM.test(l.trim()));
}

const key = (s: string): string => collapseWhitespace(s).replace(/[:.\s]+$/, '').toLowerCase();

/** Items that repeat one of the prompt's demos (a chat model copying the list before continuing it). */
export function dropRestatedDemos(text: string, demos: readonly string[]): Normalised {
  const known = new Set(demos.map(key));
  const lines = text.split('\n');
  // Items as the parser cuts them: line 0 starts the first, every later numbered line starts one.
  const items: string[][] = [];
  lines.forEach((l, i) => (i === 0 || ITEM.test(l) ? items.push([l]) : items[items.length - 1]!.push(l)));
  const body = (item: string[]): string => key(item.join(' ').replace(/^\s*\d{1,3}\s?\.\s/, ''));
  const restated = items.filter((it) => known.has(body(it)));
  if (restated.length === 0 || restated.length === items.length) return { text, edits: [] };
  const kept = items.filter((it) => !known.has(body(it)));
  return { text: kept.map((it) => it.join('\n')).join('\n'), edits: [edit('restated-task', restated.map((it) => it.join(' ').trim()).join('\n'))] };
}

/** The reference's exact answers (parse.ts): anything else reads as "no". */
const EXACT_YES = ['Yes', 'yes', 'YES'];

/**
 * A classification answer read tolerantly: "Yes.", "Yes, it is", "**Yes**", "Answer: yes" and a
 * restated "Is it classification? Yes" become "Yes". Answers that do not start with yes are left as
 * they are: the reference already reads them as no.
 */
export function normaliseClassification(text: string): Normalised {
  if (EXACT_YES.includes(text.trim())) return { text, edits: [] };
  const edits: Edit[] = [];
  let s = text.trim();
  const restated = /^(?:task:[^\n]*\n\s*)?is it (?:a )?classification(?: task)?\s*\?\s*/i.exec(s);
  if (restated) {
    edits.push(edit('restated-task', restated[0]));
    s = s.slice(restated[0].length);
  }
  const label = /^[*_\s]*(?:answer|classification|label)[*_\s]*:[*_\s]*/i.exec(s);
  if (label) {
    edits.push(edit('frame-label', label[0]));
    s = s.slice(label[0].length);
  }
  const m = /^([*_`"'\s]*)(yes)\b([\s\S]*)$/i.exec(s);
  if (!m) return { text, edits: [] };
  if (m[1]!.trim() !== '') edits.push(edit('markup', m[1]!));
  const rest = m[3]!.replace(/^[*_`"']+/, '');
  if (rest.trim() !== '' || m[2] !== 'Yes') edits.push(edit('tolerant-reading', `${m[2]}${rest}`));
  return { text: 'Yes', edits };
}
