/**
 * Chat-safe stop strings for Self-Instruct's stages (issue 14). A chat model lays its list out with
 * blank lines and writes numbers inside its tasks ("Convert 16.5 kg to pounds."), so a stop must
 * only fire where the reference meant it to: at the start of the item it should not write.
 */
import { defaultChatStop } from '../../engine/stage.js';

/** A bare item-number stop of the reference: "\n16", "16.", "16 .". */
const NUMBER_STOP = /^\n?(\d{1,3})\s?\.?$/;

/**
 * "\n16", "16." and "16 ." become "\n16. ": a line that starts item 16. "16." alone fires inside a
 * task ("...a 16.5 kg bag"), "\n16" on a line starting with a quantity ("16 eggs"); "\n16. " at a
 * line start could only fire inside a task holding a numbered list of 16 lines, which no one-line
 * instruction does. A model that restarts its numbering at 1 is cut at its 16th item: a little
 * less than it wrote, never junk. No blank line is sent (items are often separated by one).
 */
export function generationChatStop(stop: readonly string[]): string[] {
  const out = defaultChatStop(stop).map((s) => {
    const m = NUMBER_STOP.exec(s);
    return m ? `\n${m[1]}. ` : s;
  });
  return [...new Set(out)];
}

/**
 * Classification: "\n" stays (a yes/no answer is one line; what follows is an explanation), a bare
 * "Task" only at a line start ("Yes, the Task asks..." must not cut the answer to "Yes, the").
 */
export function classifyChatStop(stop: readonly string[]): string[] {
  return [...new Set(defaultChatStop(stop).map((s) => (s === 'Task' ? '\nTask' : s)))];
}

/**
 * Instances: "Example 6" stays (it can only start a sixth example); "Task:" only at a line start,
 * since chat models often open their answer by restating "Task: ...", which would cut it to nothing.
 */
export function instancesChatStop(stop: readonly string[]): string[] {
  return [...new Set(defaultChatStop(stop).map((s) => (s === 'Task:' ? '\nTask:' : s)))];
}
