/**
 * Anything else, e.g. answering an instruction: 40-150 words of placeholder prose about the
 * instruction's subject (a short list when a list is asked for); ~4% a short refusal containing
 * "sorry" (< 80 words), so Evol-Instruct's elimination rule fires.
 */
import { inferTask } from '../tasks.js';
import { capFirst, countWords, subjectOf } from '../text.js';
import { makeList, makeProse, makeRefusal } from '../writers.js';
import type { SimContext, SimStage } from './types.js';

/** The instruction a generic request is about: an "Instruction:" section if any, else the last user text. */
export function instructionOf(ctx: SimContext): string {
  const text = ctx.last.trim();
  const section = text.match(/(?:^|\n)#*[ \t]*Instruction:?[ \t]*\r?\n([\s\S]*?)(?:\n[ \t]*\n|\n#+|$)/i);
  if (section && section[1] && section[1].trim()) return section[1].trim();
  // Drop Humpback-style source tags and trailing role cues.
  return text
    .replace(/\s*Answer (?:in the style of an AI Assistant|with knowledge from web search)\.?\s*$/i, '')
    .replace(/^\[(?:Human|\|Human\|)\]\s*/, '')
    .trim();
}

export const generic: SimStage = {
  name: 'generic-answer',
  matches() {
    return true;
  },
  write(ctx, rng) {
    if (rng.chance(0.04)) return makeRefusal(rng);
    const instruction = instructionOf(ctx);
    const subject = subjectOf(instruction);
    const t = inferTask(instruction, subject);
    if ((t.kind === 'list' || t.kind === 'plan' || t.kind === 'questions') && rng.chance(0.95)) {
      const intro = `Here are some points to consider about ${subject}.`;
      const list = makeList(rng, subject, Math.min(Math.max(t.count ?? rng.int(4, 6), 3), 7));
      const used = countWords(intro) + countWords(list);
      const closing = used < 40 ? makeProse(rng, subject, 40 - used, Math.max(40 - used, 150 - used)) : '';
      return [intro, list, closing].filter(Boolean).join('\n');
    }
    return capFirst(makeProse(rng, subject, 40, 150));
  },
};
