/**
 * The turns of a transcript once its speaker labels are the reference's markers: which speaker,
 * where each starts and ends, and its text. Pure; the normalisers look at turns, the reference
 * parser still does the splitting.
 */
import { AI, HUMAN } from './prompts.js';

/** A line that starts a turn. */
export const TURN_LINE = /^\s*\[(?:Human|AI)\]/;

export interface Turn {
  human: boolean;
  /** Line range [start, end) in the text's lines. */
  start: number;
  end: number;
}

export function turnsOf(lines: readonly string[]): Turn[] {
  const starts = lines.map((l, i) => (TURN_LINE.test(l) ? i : -1)).filter((i) => i >= 0);
  return starts.map((start, k) => ({ human: lines[start]!.trimStart().startsWith(HUMAN), start, end: starts[k + 1] ?? lines.length }));
}

/** A turn's words, without its marker (and a colon after it). */
export function turnText(lines: readonly string[], t: Turn): string {
  const marker = t.human ? HUMAN : AI;
  return lines.slice(t.start, t.end).join('\n').trim().slice(marker.length).replace(/^\s*:?\s*/, '').trim();
}
