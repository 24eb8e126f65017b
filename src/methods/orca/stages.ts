import { defineStage } from '../../engine/stage.js';
import { generic } from '../../teacher/sim/stages/generic.js';
import { normaliseExplanation, parseExplanation } from './parse.js';
import { orcaPrompt } from './prompts.js';

/** One query answered under its row's system message (the empty kind sends none). */
export const answerStage = defineStage<{ query: string; system: string }, string>({
  recipe: 'orca',
  name: 'answer',
  placeholders: ['query'],
  prompt: ({ query, system }, template) => orcaPrompt(template!, query, system),
  parse: (text) => parseExplanation(text),
  normalise: (text) => normaliseExplanation(text),
  example: generic.write,
  usable: (answer) => answer !== '',
});

export const orcaStages = [answerStage] as const;
