/**
 * Chat-safe stop strings for Alpaca's generation (issue 14). The reference stops "\n20" and "20."
 * end the list before task 20, but fire inside content too: "...the sale price is $20." is cut to
 * "...the sale price is $", and that answer is accepted.
 */
import { defaultChatStop } from '../../engine/stage.js';

const NUMBER_STOP = /^\n?(\d{1,3})\s?\.?$/;

/**
 * "\n20" and "20." become "20. Instruction": it fires where task 20 starts whatever the markup
 * around its head ("**20. Instruction:**", "### 20. Instruction:"), and never inside a task's text.
 */
export function alpacaChatStop(stop: readonly string[]): string[] {
  return [...new Set(defaultChatStop(stop).map((s) => {
    const m = NUMBER_STOP.exec(s);
    return m ? `${m[1]}. Instruction` : s;
  }))];
}
