/** A finished row in the dataset's shape: the output mapping's templates over its fields. Pure. */
import type { ChatMessage } from '../../teacher/types.js';
import type { CustomParams } from './params.js';
import { fieldText, inlineTemplate, renderFields, type Fields } from './render.js';

export interface Mapped {
  instruction: string;
  input: string;
  output: string;
  messages?: ChatMessage[];
  columns: Record<string, unknown>;
}

function fill(text: string | undefined, fields: Fields, key: string): string {
  return text === undefined ? '' : renderFields(inlineTemplate(`params.output.${key}`, text), fields).trim();
}

export function mapOutput(o: CustomParams['output'], fields: Fields): Mapped {
  const columns = Object.fromEntries(Object.entries(o.columns).map(([col, f]) => [col, fields[f] ?? null]));
  const instruction = fill(o.instruction, fields, 'instruction');
  const input = fill(o.input, fields, 'input');
  const output = fill(o.output, fields, 'output');
  if (!o.messages) return { instruction, input, output, columns };
  // A message that renders empty (e.g. the empty system message of Orca's table) is left out.
  const messages = o.messages
    .map((m, i) => ({ role: m.role, content: fill(m.content, fields, `messages.${i}.content`) }))
    .filter((m) => m.content !== '');
  const firstUser = messages.find((m) => m.role === 'user')?.content ?? '';
  const lastAssistant = [...messages].reverse().find((m) => m.role === 'assistant')?.content ?? '';
  return { instruction: instruction || firstUser, input, output: output || lastAssistant, messages, columns };
}

export { fieldText };
