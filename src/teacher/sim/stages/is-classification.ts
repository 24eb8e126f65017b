/**
 * Self-Instruct classification identification (methods.md 1b): the prompt ends with
 * "Task: <instruction>\nIs it classification?"; the answer is " Yes" or " No".
 */
import { tail } from '../text.js';
import type { SimStage } from './types.js';

const ENDING = /(?:^|\n)[ \t]*Task:[ \t]*([^\n]*)\n[ \t]*Is it classification\?[ \t]*\n?$/i;
const ENDS = /Is it classification\?[ \t]*\n?$/i;

const CLASSIFICATION_HINTS =
  /\b(classify|classif\w*|categori[sz]e|label|sentiment|decide (?:whether|if)|determine (?:whether|if)|tell (?:me )?(?:whether|if)|check (?:whether|if)|detect whether|flag whether|guess whether|spot whether|one of these|into one of|identify whether|say whether|true or false|yes or no|which of|which category|positive or negative|or not)\b|[,:]\s*(?:is|are) (?:this|it|these|the)\b/i;

/** Whether an instruction reads as a classification task (finite output labels). */
export function looksLikeClassification(instruction: string): boolean {
  return CLASSIFICATION_HINTS.test(instruction) || /^(is|are|does|was|were)\b/i.test(instruction.trim());
}

export const isClassification: SimStage = {
  name: 'self-instruct-is-classification',
  matches(ctx) {
    return ENDS.test(tail(ctx.last, 200));
  },
  write(ctx) {
    const instruction = tail(ctx.last, 4000).match(ENDING)?.[1] ?? '';
    return looksLikeClassification(instruction) ? ' Yes' : ' No';
  },
};
