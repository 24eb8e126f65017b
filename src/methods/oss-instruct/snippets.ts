import type { Rng } from '../../engine/rng.js';

/** Magicoder's seed: `n` consecutive lines (n in [min, max]) from a random start line of a document. Pure given the stream. */
export function pickSnippet(text: string, rng: Rng, minLines: number, maxLines: number): { snippet: string; start: number; lines: number } {
  const lines = text.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n');
  const n = Math.min(lines.length, rng.int(minLines, maxLines));
  const start = rng.int(0, lines.length - n);
  return { snippet: lines.slice(start, start + n).join('\n'), start: start + 1, lines: n };
}
