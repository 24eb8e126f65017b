/**
 * The lines a chat model writes before a list's first item: an opener ("Sure! Here are 7 more
 * tasks:"), a title ("### New tasks", "**Additional Tasks**"), a separator ("---"). Pure. Anything
 * else before the content keeps the whole text as it is (when unsure, the filters judge).
 */
import { isOpener } from './chatter.js';
import { edit, type Normalised } from './edits.js';
import { isOnlyMarkup } from './markup.js';

/** A short markdown title on a line of its own: a heading, or a line that is bold as a whole. */
export function isTitleLine(line: string): boolean {
  const t = line.trim();
  const inner = /^#{1,6}\s+(.+?)\s*#*$/.exec(t)?.[1] ?? /^(?:\*\*|__)([^*_]+?)(?:\*\*|__):?$/.exec(t)?.[1];
  return inner !== undefined && inner.split(/\s+/).length <= 8;
}

/** Is this line chat lead (opener, title or bare separator), never content? */
export function isLeadLine(line: string): boolean {
  return isOpener(line) || isTitleLine(line) || isOnlyMarkup(line);
}

/**
 * Drop the lines before the first line where `isContentStart` holds, when every one of them is
 * blank or lead. Returns the text unchanged when there is no content start or something else
 * comes first.
 */
export function dropLead(text: string, isContentStart: (line: string) => boolean): Normalised {
  const lines = text.split('\n');
  const start = lines.findIndex(isContentStart);
  if (start <= 0) return { text, edits: [] };
  const lead = lines.slice(0, start);
  if (!lead.every((l) => l.trim() === '' || isLeadLine(l))) return { text, edits: [] };
  const removed = lead.join('\n');
  if (removed.trim() === '') return { text, edits: [] }; // only blank lines: nothing to record, nothing the parser reads
  return { text: lines.slice(start).join('\n'), edits: [edit('preamble', removed)] };
}
