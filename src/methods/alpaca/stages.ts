import { defineStage } from '../../engine/stage.js';
import { alpacaInstructions } from '../../teacher/sim/stages/alpaca-instructions.js';
import { normaliseAlpacaAnswer } from './chat-form.js';
import { alpacaChatStop } from './chat-stops.js';
import { parseAlpacaAnswer, type AlpacaChunk } from './parse.js';
import { alpacaTasksForm } from './structured.js';
import { alpacaPrompt, type AlpacaTask } from './prompts.js';

/** Alpaca's one stage: a prompt of seed demos, answered by the rest of a 20-task list. */
export const generateTasks = defineStage<{ demos: readonly AlpacaTask[] }, AlpacaChunk[]>({
  recipe: 'alpaca',
  name: 'generate-tasks',
  placeholders: [],
  prompt: ({ demos }, template) => alpacaPrompt(template!, demos),
  parse: (text, finish, { demos }) => parseAlpacaAnswer(text, demos.length, finish),
  example: alpacaInstructions.write,
  usable: (chunks) => chunks.some((c) => c.ok),
  structured: alpacaTasksForm,
  normalise: (text, { demos }) => normaliseAlpacaAnswer(text, demos.length),
  chatStop: alpacaChatStop,
});
