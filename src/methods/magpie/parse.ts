/**
 * Reading Magpie's completions (pure). A query is what the model wrote in the user's slot; a
 * response what it wrote in the assistant's. A server that does not stop at a special token (or
 * prints them as text) leaves the rest of the turn structure in the answer: it is cut at the first
 * special token, and a leftover role word the stop `assistant` missed is never part of the query.
 */
import type { FinishReason } from '../../teacher/types.js';

export type MagpieText =
  | { ok: true; text: string; cut: boolean }
  | { ok: false; reason: 'truncated' | 'empty'; text: string };

/** Cut at the first special token; trim. */
export function cutAtSpecial(text: string, specials: readonly string[]): { text: string; cut: boolean } {
  let end = text.length;
  for (const s of specials) {
    const i = text.indexOf(s);
    if (i >= 0 && i < end) end = i;
  }
  return { text: text.slice(0, end).trim(), cut: end < text.length };
}

/** A query or response completion: cut and trimmed; a completion cut by max_tokens is no whole turn. */
export function parseMagpieTurn(text: string, finish: FinishReason, specials: readonly string[]): MagpieText {
  const c = cutAtSpecial(text, specials);
  if (finish === 'length' && !c.cut) return { ok: false, reason: 'truncated', text: c.text };
  if (c.text === '') return { ok: false, reason: 'empty', text: c.text };
  return { ok: true, ...c };
}

/** Whitespace- and case-insensitive form of a query, for the duplicate filter. */
export function queryKey(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}
