import { render, type Template } from '../../prompts/template.js';

/** The user message of a query: the instruction, its input, and its options as a lettered list (FLAN's "Options:" layout). */
export function queryText(instruction: string, input: string, options: readonly string[] | undefined): string {
  const parts = [instruction.trim()];
  if (input.trim()) parts.push(input.trim());
  if (options && options.length > 0) parts.push(['Options:', ...options.map((o, i) => `(${String.fromCharCode(65 + i)}) ${o}`)].join('\n'));
  return parts.join('\n\n');
}

/** The request: the row's system message (none for the empty kind) and the query rendered through the template. */
export function orcaPrompt(t: Template, query: string, system: string): { prompt: string; system?: string } {
  const prompt = render(t, { query });
  return system ? { prompt, system } : { prompt };
}
