import { defineStage } from '../../engine/stage.js';
import { backtranslation } from '../../teacher/sim/stages/backtranslation.js';
import { normaliseBacktranslatedAnswer } from './chat-form.js';
import { parseBacktranslatedInstruction } from './parse.js';
import { augmentPrompt, type AugmentDemo } from './prompts.js';

/** One passage to write an instruction for, with the seed pairs (turned around) shown before it. */
export interface AugmentInput {
  demos: readonly AugmentDemo[];
  passage: string;
}

/**
 * Self-augmentation: the teacher writes the instruction a passage answers. The answer is the
 * instruction ("" when nothing is left after parsing; the length filter then rejects it).
 * Curation is the engine's judge stage, under the journal stages curate-iter1 and curate-iter2.
 */
export const selfAugment = defineStage<AugmentInput, string>({
  recipe: 'backtranslation',
  name: 'self-augment',
  placeholders: ['demos', 'passage'],
  prompt: ({ demos, passage }, template) => augmentPrompt(template!, demos, passage),
  parse: (text) => parseBacktranslatedInstruction(text),
  example: backtranslation.write,
  usable: (instruction) => instruction !== '',
  normalise: (text) => normaliseBacktranslatedAnswer(text),
});
