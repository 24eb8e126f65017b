/** The three prompts, pure: demos as enumerated examples with an open next one; an output prompt; a reformulation prompt. */
import { render, type Template } from '../../prompts/template.js';

export interface Triplet {
  instruction: string;
  input: string;
  constraints: string;
}

/** One enumerated example, in the layout the parser reads back. */
export function exampleBlock(n: number, t: Triplet): string {
  return `Example ${n}\nInstruction: ${t.instruction.trim()}\nInput: ${t.input.trim()}\nConstraints: ${t.constraints.trim()}\n\n`;
}

/** The core-generation prompt: the demos as Example 1..k, then "Example k+1" left open. */
export function corePrompt(t: Template, demos: readonly Triplet[]): string {
  return render(t, { examples: demos.map((d, i) => exampleBlock(i + 1, d)).join(''), next: String(demos.length + 1) });
}

export function outputPrompt(t: Template, x: Triplet): string {
  return render(t, { instruction: x.instruction.trim(), input: x.input.trim(), constraints: x.constraints.trim() });
}

export function reformulatePrompt(t: Template, x: { instruction: string; input: string }): string {
  return render(t, { instruction: x.instruction.trim(), input: x.input.trim() });
}
