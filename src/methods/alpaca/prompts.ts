import type { Template } from '../../prompts/template.js';
import { collapseWhitespace } from '../../util/text.js';

export interface AlpacaTask {
  instruction: string;
  input: string;
  output: string;
}

/** The marker of a task without input, in demos and in answers. */
export const NO_INPUT = '<noinput>';

/** A demo's instruction as the reference writes it: whitespace collapsed, stripped, trailing ":" removed. */
export function demoInstruction(instruction: string): string {
  return collapseWhitespace(instruction).replace(/:+$/, '');
}

/** One numbered demo block: "###", then "{i}. Instruction: ...", "{i}. Input:", the input or <noinput>, "{i}. Output:", the output. */
export function demoBlock(n: number, task: AlpacaTask): string {
  const input = task.input === '' ? NO_INPUT : task.input;
  return `###\n${n}. Instruction: ${demoInstruction(task.instruction)}\n${n}. Input:\n${input}\n${n}. Output:\n${task.output}\n`;
}

/**
 * The generation prompt (methods.md section 2): the template (no placeholders), a newline, the demos
 * numbered from 1, then "###\n{k+1}. Instruction:" for the model to continue.
 */
export function alpacaPrompt(t: Template, demos: readonly AlpacaTask[]): string {
  return `${t.text}\n${demos.map((d, i) => demoBlock(i + 1, d)).join('')}###\n${demos.length + 1}. Instruction:`;
}
