/**
 * Instruction backtranslation, self-augmentation (methods.md 4): given a response/passage, write the
 * instruction it answers. Recognised by the ending "Response:\n<passage>\nInstruction:", or by a prompt
 * asking for the instruction or question that a given text answers.
 */
import type { Rng } from '../rng.js';
import { salientTopic, tail } from '../text.js';
import type { SimStage } from './types.js';

const ENDING = /(?:^|\n)[ \t]*(?:Instruction|Question|Request|Prompt)[ \t]*:[ \t]*\n?$/i;
const PASSAGE_MARKER = /(?:^|\n)[ \t]*(?:Response|Answer|Passage|Text|Output|Document)[ \t]*:[ \t]*\r?\n?/gi;
const ASKS =
  /\b(instruction|question|request|prompt|query)\b[^\n]{0,160}\b(answers?|answered|responds?|would produce|elicit|lead to)\b/i;

const TEMPLATES = [
  'Write a short article about {t}.',
  'Explain what {t} is and why it matters.',
  'What are the most important facts about {t}?',
  'Give an overview of {t} for a general audience.',
  'Summarize the recent developments involving {t}.',
  'Describe the background and significance of {t}.',
  'Can you tell me about {t}?',
  'What should I know about {t} before I read the news coverage?',
  'Write a news-style report on {t}.',
  'Explain the main points of the story about {t} in a few paragraphs.',
];

/** The passage: text after the last "Response:"-like marker, or the longest paragraph. */
export function extractPassage(text: string): string {
  let start = -1;
  for (const m of text.matchAll(PASSAGE_MARKER)) start = (m.index ?? 0) + m[0].length;
  let passage = start >= 0 ? text.slice(start) : '';
  passage = passage.replace(ENDING, '').trim();
  if (passage.length >= 40) return passage;
  const paragraphs = text.split(/\n[ \t]*\n/);
  return paragraphs.reduce((a, b) => (b.length > a.length ? b : a), '');
}

function write(ctx: { last: string }, rng: Rng): string {
  const topic = salientTopic(extractPassage(tail(ctx.last, 30_000)));
  return rng.pick(TEMPLATES).replace('{t}', topic);
}

/** Recognised by structure: "Response:" (or a like marker), the passage, and a final "Instruction:". */
export const backtranslation: SimStage = {
  name: 'backtranslation-instruction',
  matches(ctx) {
    return ENDING.test(tail(ctx.last, 200)) && /(?:^|\n)[ \t]*(?:Response|Answer|Passage|Text|Output|Document)[ \t]*:/i.test(tail(ctx.last, 30_000));
  },
  write,
};

/** Recognised by wording: asks for the instruction or question that a given text answers. */
export const backtranslationRequest: SimStage = {
  name: 'backtranslation-instruction',
  matches(ctx) {
    return ASKS.test(ctx.all.slice(0, 3000)) && /\b(?:passage|text|response|answer|document)\b/i.test(ctx.all.slice(0, 3000));
  },
  write,
};
