import type { Rng } from '../../engine/rng.js';
import { render, type Template } from '../../prompts/template.js';
import { OPERATIONS, type DepthOperation, type EvolInstructParams, type Operation } from './params.js';

/** The templates of one run: the two frames, the five in-depth method texts, the equality check. */
export interface EvolTemplates {
  depth: Template;
  breadth: Template;
  equality: Template;
  methods: Record<DepthOperation, Template>;
}

/**
 * The text an input contributes to evolution. The released code joins instruction and input with
 * "\r\n"; we join them with "\n" (the prompts use plain line breaks throughout), and an empty
 * input adds nothing.
 */
export function evolvableText(instruction: string, input = ''): string {
  const i = instruction.trim();
  const x = input.trim();
  return x === '' ? i : `${i}\n${x}`;
}

/** One operation, drawn with the configured weights (in the fixed order of OPERATIONS). */
export function drawOperation(rng: Rng, weights: EvolInstructParams['operations']): Operation {
  return rng.pickWeighted(OPERATIONS, OPERATIONS.map((op) => weights[op]));
}

/**
 * The evolving prompt: the in-depth "rewriter" frame with the method's text, or the in-breadth
 * "creator" frame. The instruction is inserted as data (never expanded).
 */
export function evolutionPrompt(t: EvolTemplates, op: Operation, instruction: string): string {
  return op === 'in_breadth' ? breadthPrompt(t.breadth, instruction) : depthPrompt(t.depth, t.methods[op].text, instruction);
}

/** The in-depth prompt: the rewriter frame with one method's text. */
export function depthPrompt(frame: Template, method: string, instruction: string): string {
  return render(frame, { method: method.trim(), instruction: instruction.trim() });
}

/** The in-breadth prompt: the creator frame. */
export function breadthPrompt(frame: Template, instruction: string): string {
  return render(frame, { instruction: instruction.trim() });
}

/** The equality check (elimination rule 1): the parent first, the evolution second. */
export function equalityPrompt(t: Template, parent: string, evolved: string): string {
  return render(t, { first: parent.trim(), second: evolved.trim() });
}
