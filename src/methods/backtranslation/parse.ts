import type { FinishReason } from '../../teacher/types.js';
import type { Verdict } from '../../store/samples.js';

const LABEL = /^\s*(?:\*\*)?(?:instruction|question|request|prompt)(?:\*\*)?\s*[:：]\s*(?:\*\*)?\s*/i;
/** The teacher continuing the few-shot pattern with another block. */
const NEXT_BLOCK = /\n\s*(?:Response|Instruction)\s*:/i;
const QUOTES: [string, string][] = [['"', '"'], ['“', '”'], ["'", "'"], ['`', '`']];

/**
 * The instruction a teacher wrote for a passage. The prompt asks for one line after
 * "Instruction:"; models may repeat the label, quote the instruction, or go on with the pattern.
 * Pure: strips a leading label, cuts at a next "Response:"/"Instruction:" block or a blank line,
 * trims, removes one pair of wrapping quotes. May return "" (the length filter then rejects it).
 */
export function parseBacktranslatedInstruction(text: string): string {
  let s = text.replace(/\r\n?/g, '\n').trim();
  s = s.replace(LABEL, '');
  const next = NEXT_BLOCK.exec(s);
  if (next) s = s.slice(0, next.index);
  const blank = /\n[ \t]*\n/.exec(s);
  if (blank) s = s.slice(0, blank.index);
  s = s.trim();
  for (const [open, close] of QUOTES) {
    if (s.length >= 2 && s.startsWith(open) && s.endsWith(close)) {
      s = s.slice(open.length, s.length - close.length).trim();
      break;
    }
  }
  return s;
}

/** Filters on a written instruction, in order; the first failure names the rejection. */
export function instructionVerdicts(instruction: string, finishReason: FinishReason, bounds: { min: number; max: number }): Verdict[] {
  const chars = instruction.length;
  return [
    { filter: 'response-complete', passed: finishReason !== 'length', detail: finishReason !== 'length' ? undefined : { finish_reason: finishReason } },
    { filter: 'instruction-length', passed: chars >= bounds.min && chars <= bounds.max, score: chars, detail: { chars, min: bounds.min, max: bounds.max } },
  ];
}
