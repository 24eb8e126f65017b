/**
 * Item-level habits in a chat model's continued instruction list (issue 14): a frame label on each
 * item ("9. Task: ..."), each item wrapped in quotes or emphasis ("9. \"Write ...\"", "9. *Write ...*"),
 * and separator lines ("---") between the list and its closing remark. Pure; chat mode only.
 */
import { edit, type Edit, type Normalised } from '../../chat/edits.js';
import { isOnlyMarkup, unwrap, unwrapEmphasis } from '../../chat/markup.js';

/** An item as the parser cuts it: the first line, or a line starting "n. ". */
const ITEM_START = /^(\s*\d{1,3}\s?\.\s+)?(.*)$/;
/** The label a model may put before each task: "Task:", "Instruction:", "**Prompt:**". */
const LABEL = /^(?:\*\*|__)?(?:task|instruction|prompt|new task)(?:\s*\d{1,3})?\s*:(?:\*\*|__)?\s+(?=\S)/i;

/** Apply `fix` to the text of every item's first line; one edit of `habit` listing what changed. */
function eachItem(text: string, habit: Edit['habit'], fix: (body: string) => string | undefined): Normalised {
  const changed: string[] = [];
  const lines = text.split('\n').map((line, i) => {
    const m = ITEM_START.exec(line)!;
    if (i > 0 && m[1] === undefined) return line; // a continuation line of the item before
    const out = fix(m[2]!);
    if (out === undefined || out === m[2]) return line;
    changed.push(line.trim());
    return `${m[1] ?? ''}${out}`;
  });
  if (changed.length === 0) return { text, edits: [] };
  return { text: lines.join('\n'), edits: [edit(habit, changed.slice(0, 5).join('\n') + (changed.length > 5 ? `\n… ${changed.length - 5} more` : ''))] };
}

/** "Task: Write a haiku." written "Write a haiku.". */
export function dropItemLabels(text: string): Normalised {
  return eachItem(text, 'frame-label', (body) => {
    const m = LABEL.exec(body);
    return m ? body.slice(m[0].length) : undefined;
  });
}

/**
 * An item wrapped as a whole in quotes or emphasis, unwrapped: only when every item is, so a task
 * that starts with a quotation ('"To be or not to be": explain the line.') is left as written.
 */
export function unwrapItems(text: string): Normalised {
  const bodies: string[] = [];
  eachItem(text, 'wrapping', (b) => void bodies.push(b));
  const one = (b: string): string => {
    const t = b.trim();
    const e = unwrapEmphasis(t);
    return e !== t ? e : unwrap(t).text;
  };
  const nonEmpty = bodies.filter((b) => b.trim() !== '');
  if (nonEmpty.length === 0 || nonEmpty.some((b) => one(b) === b.trim())) return { text, edits: [] };
  return eachItem(text, 'wrapping', (b) => (b.trim() === '' ? undefined : one(b)));
}

/** Lines that are only markup ("---", "***") taken out: never part of a task. */
export function dropRuleLines(text: string): Normalised {
  const lines = text.split('\n');
  const kept = lines.filter((l) => !isOnlyMarkup(l));
  if (kept.length === lines.length) return { text, edits: [] };
  return { text: kept.join('\n'), edits: [edit('markup', lines.filter((l) => isOnlyMarkup(l)).join(' '))] };
}
