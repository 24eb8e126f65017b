/**
 * Markdown a chat model puts around structure: bold or italic heads ("**5. Instruction:**",
 * "9. **Recipe Substitution**: ..."), heading marks ("### Output:"), and a code fence or quotes
 * around the whole answer. Pure.
 */
import { edit, type Normalised } from './edits.js';

/**
 * A line's markdown around its head taken out: a heading mark or list bullet at the start, and
 * bold/italic markers in the line's leading head (up to and including its first colon, or a
 * bolded span right after a number). The rest of the line is kept as written.
 */
export function unmarkHead(line: string): string {
  let s = line.replace(/^(\s*)(?:#{1,6}\s+|>\s+)/, '$1');
  // "**5. Instruction:**", "**Input:** text", "__Output__:", "*Task*:".
  s = s.replace(/^(\s*)(\*\*|__|\*|_)([^*_\n]{1,80}?)\2(\s*:)?/, (_m, sp: string, _mark, head: string, colon: string | undefined) => `${sp}${head}${colon ?? ''}`);
  // "9. **Recipe Substitution**: text", "9. **Recipe Substitution:** text".
  return s.replace(/^(\s*\d+\s?[.)]\s+)(\*\*|__)([^*_\n]{1,120}?)\2/, '$1$3');
}

/** Emphasis markers around a whole value ("**Positive**", "*none*"), taken off. */
export function unwrapEmphasis(value: string): string {
  const m = /^(\*\*|__|\*|_|`)(.+)\1$/s.exec(value.trim());
  return m ? m[2]!.trim() : value;
}

/** True for a value that is only markdown markers ("**", "---", "```"): never content. */
export function isOnlyMarkup(value: string): boolean {
  return /^[\s*_#`~>|=-]*$/.test(value) && value.trim() !== '';
}

const PAIRS: readonly [string, string][] = [
  ['"', '"'],
  ['“', '”'],
  ["'", "'"],
  ['‘', '’'],
  ['«', '»'],
];

/** A code fence or one pair of quotes around the whole text taken off (quotes only when none occur inside). */
export function unwrap(text: string): Normalised {
  const t = text.trim();
  const fence = /^```[\w-]*\n([\s\S]*?)\n```$/.exec(t);
  if (fence) return { text: fence[1]!, edits: [edit('wrapping', '```')] };
  for (const [open, close] of PAIRS) {
    if (t.length > 2 && t.startsWith(open) && t.endsWith(close)) {
      const inner = t.slice(open.length, t.length - close.length);
      if (!inner.includes(open) && !inner.includes(close)) return { text: inner.trim(), edits: [edit('wrapping', `${open}…${close}`)] };
    }
  }
  return { text, edits: [] };
}
