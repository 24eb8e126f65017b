import { defineStage } from '../../engine/stage.js';
import { equalityVerdict, type EqualityAnswer } from '../../filters/evol-elimination.js';
import type { Verdict } from '../../store/samples.js';
import { equality } from '../../teacher/sim/stages/equality.js';
import { evolInBreadth } from '../../teacher/sim/stages/evol-in-breadth.js';
import { evolInDepth } from '../../teacher/sim/stages/evol-in-depth.js';
import { generic } from '../../teacher/sim/stages/generic.js';
import { normaliseEquality } from './chat-equality.js';
import { normaliseEvolution } from './chat-form.js';
import { parseEvolution } from './parse.js';
import { breadthPrompt, depthPrompt, equalityPrompt } from './prompts.js';

/** The stages of a round, as the journal names their calls. */
export const STAGES = { evolve: 'evolve', equality: 'judge-equality', answer: 'answer', judge: 'judge' } as const;

/** What an evolution is asked of: the chain's tip, and for in-depth the method's text (the frame is the template). */
export interface EvolveInput {
  instruction: string;
  method?: string;
}

const RECIPE = 'evol-instruct';

/** In-depth evolution: the rewriter frame (the template) with one method's text. Its value is the evolved instruction. */
export const evolveInDepth = defineStage<EvolveInput, string>({
  recipe: RECIPE,
  name: STAGES.evolve,
  variant: 'evolve-in-depth',
  placeholders: ['method', 'instruction'],
  prompt: ({ instruction, method }, frame) => depthPrompt(frame!, method!, instruction),
  parse: (text) => parseEvolution(text),
  example: evolInDepth.write,
  usable: (evolved) => evolved !== '',
  normalise: (text) => normaliseEvolution(text),
});

/** In-breadth evolution: the creator frame; shares the journal stage "evolve" with in-depth. */
export const evolveInBreadth = defineStage<EvolveInput, string>({
  recipe: RECIPE,
  name: STAGES.evolve,
  variant: 'evolve-in-breadth',
  placeholders: ['instruction'],
  prompt: ({ instruction }, frame) => breadthPrompt(frame!, instruction),
  parse: (text) => parseEvolution(text),
  example: evolInBreadth.write,
  usable: (evolved) => evolved !== '',
  normalise: (text) => normaliseEvolution(text),
});

/** Elimination rule 1 asked of the teacher: the parent first, the evolution second. Its value is the rule's verdict. */
export const judgeEquality = defineStage<{ parent: string; evolved: string }, Verdict>({
  recipe: RECIPE,
  name: STAGES.equality,
  placeholders: ['first', 'second'],
  prompt: ({ parent, evolved }, template) => equalityPrompt(template!, parent, evolved),
  parse: (text) => equalityVerdict(text),
  example: equality.write,
  usable: (v) => (v.detail as { parsed: EqualityAnswer }).parsed !== 'unclear',
  normalise: (text) => normaliseEquality(text),
});

/**
 * The teacher answers an evolved instruction: the prompt is the instruction itself, no template.
 * No chat normaliser, on purpose: this answer is the dataset's output, not a frame around one. A
 * chat model's "Sure! Here's a plan:" or "I hope this helps!" is the assistant style the output is
 * meant to carry (the paper's answers came from a chat model too), and an opening such as "Here
 * are three options:" is often the answer's own first line, so cutting would cost content. Rules 2
 * and 3 also read the whole answer, as the reference does.
 */
export const answer = defineStage<string, string>({
  recipe: RECIPE,
  name: STAGES.answer,
  placeholders: [],
  prompt: (instruction) => instruction,
  parse: (text) => text.trim(),
  example: generic.write,
  usable: (text) => text !== '',
});
