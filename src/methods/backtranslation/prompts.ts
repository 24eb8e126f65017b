import { render, type Template } from '../../prompts/template.js';
import { collapseWhitespace } from '../../util/text.js';

/** A seed pair turned around for self-augmentation: the response first, then its instruction. */
export interface AugmentDemo {
  instruction: string;
  output: string;
}

/** One demo block: "Response:", the response, then "Instruction: <instruction>" on one line. */
export function augmentDemoBlock(d: AugmentDemo): string {
  return `Response:\n${d.output.trim()}\nInstruction: ${collapseWhitespace(d.instruction)}`;
}

/**
 * The self-augmentation prompt (prompts/README.md): demo blocks separated by a blank line, then
 * the passage after "Response:" and a final "Instruction:" for the teacher to complete.
 * The passage is data: inserted as it is, never expanded.
 */
export function augmentPrompt(t: Template, demos: readonly AugmentDemo[], passage: string): string {
  return render(t, { demos: demos.map(augmentDemoBlock).join('\n\n'), passage: passage.trim() });
}
