import { defineStage } from '../../engine/stage.js';
import { unnaturalCore, unnaturalOutput, unnaturalReformulation } from '../../teacher/sim/stages/unnatural.js';
import { normaliseCore, normaliseFreeText } from './chat-form.js';
import { parseCore, parseOutput, parseReformulation, type CoreAnswer, type Reformulation } from './parse.js';
import { corePrompt, outputPrompt, reformulatePrompt, type Triplet } from './prompts.js';

/** The open example after the demos: one (instruction, input, constraints) triplet. */
export const coreStage = defineStage<{ demos: Triplet[] }, CoreAnswer>({
  recipe: 'unnatural',
  name: 'core',
  placeholders: ['examples', 'next'],
  prompt: ({ demos }, template) => ({ prompt: corePrompt(template!, demos) }),
  parse: (text) => parseCore(text),
  normalise: (text) => normaliseCore(text),
  example: unnaturalCore,
  usable: (a) => a.ok,
});

/** The output of a core example, greedy, with its constraints in the prompt (they are not kept). */
export const outputStage = defineStage<Triplet, string>({
  recipe: 'unnatural',
  name: 'output',
  placeholders: ['instruction', 'input', 'constraints'],
  prompt: (x, template) => ({ prompt: outputPrompt(template!, x) }),
  parse: (text) => parseOutput(text),
  normalise: (text) => normaliseFreeText(text),
  example: unnaturalOutput,
  usable: (out) => out !== '',
});

/** One restatement of a core example's instruction around the input placeholder. */
export const reformulateStage = defineStage<{ instruction: string; input: string }, Reformulation>({
  recipe: 'unnatural',
  name: 'reformulate',
  placeholders: ['instruction', 'input'],
  prompt: (x, template) => ({ prompt: reformulatePrompt(template!, x) }),
  parse: (text) => parseReformulation(text),
  normalise: (text) => normaliseFreeText(text),
  example: unnaturalReformulation,
  usable: (r) => r.ok && r.text.includes('{INPUT}'),
});

export const unnaturalStages = [coreStage, outputStage, reformulateStage] as const;
