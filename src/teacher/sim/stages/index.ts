/**
 * The stage registry: recognisers checked in order, the first match answers, the generic answer last.
 * Ending-based recognisers (the most specific structure) come before wording-based ones.
 */
import { alpacaInstructions } from './alpaca-instructions.js';
import { backtranslation, backtranslationRequest } from './backtranslation.js';
import { equality } from './equality.js';
import { evolInBreadth } from './evol-in-breadth.js';
import { evolInDepth } from './evol-in-depth.js';
import { generic } from './generic.js';
import { instancesInputFirst } from './instances-input-first.js';
import { instancesOutputFirst } from './instances-output-first.js';
import { isClassification } from './is-classification.js';
import { judge } from './judge.js';
import { selfChatHumanTurn, selfChatTranscript } from './self-chat.js';
import { selfInstructInstructions } from './self-instruct-instructions.js';
import type { SimContext, SimStage } from './types.js';

export type { SimContext, SimStage } from './types.js';

export const STAGES: readonly SimStage[] = [
  alpacaInstructions,
  selfInstructInstructions,
  isClassification,
  instancesOutputFirst,
  instancesInputFirst,
  evolInDepth,
  evolInBreadth,
  backtranslation,
  equality,
  judge,
  selfChatHumanTurn,
  selfChatTranscript,
  backtranslationRequest,
  generic,
];

/** The first stage whose recogniser matches (the generic answer when none does). */
export function recognise(ctx: SimContext): SimStage {
  for (const stage of STAGES) if (stage.matches(ctx)) return stage;
  return generic;
}
