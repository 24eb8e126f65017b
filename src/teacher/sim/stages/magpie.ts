/**
 * Magpie's two completions as the sim writes them. A query draw continues a bare pre-query template:
 * a user request, then the turn's end and the next header (the recipe's stops cut them off). About 5%
 * end with ":" and promise material that never comes; about 4% are one of a few stock questions, so
 * the duplicate filter has work, as it has on real draws. A response continues a template holding a query.
 */
import type { ExampleWriter } from '../../types.js';
import { generateTask, inferTask, knownTopic } from '../tasks.js';
import { writeInput, writeOutput } from '../writers.js';

const STOCK = [
  'What is the capital of Australia?',
  'Can you explain the difference between a list and a tuple in Python?',
  'How do I make a good cup of coffee at home?',
  'What are some tips for staying productive while working from home?',
];

/** The end of a user turn and the next header, in the template family the prompt is written in. */
function turnEnd(prompt: string): string {
  return prompt.includes('<|im_start|>') ? '<|im_end|>\n<|im_start|>assistant\n' : '<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n';
}

export const magpieQuery: ExampleWriter = (view, rng) => {
  let query: string;
  if (rng.chance(0.04)) query = rng.pick(STOCK);
  else {
    const t = generateTask(rng, { mix: { classification: 0.1, withInput: 0.3 } });
    if (t.inputKind && rng.chance(0.15)) query = `${t.instruction.replace(/[.?!]\s*$/, '')}:`;
    else query = t.inputKind ? `${t.instruction}\n\n${writeInput(rng, t)}` : t.instruction;
  }
  return `${query}${turnEnd(view.last)}`;
};

/** The query of a response prompt: the text between the template's tokens, role words removed. */
function queryOf(prompt: string): string {
  const parts = prompt.split(/<\|[a-z_]+\|>/).map((p) => p.trim()).filter((p) => p !== '' && p !== 'user' && p !== 'assistant' && p !== 'system');
  return parts[parts.length - 1] ?? '';
}

export const magpieResponse: ExampleWriter = (view, rng) => {
  const query = queryOf(view.last);
  const [instruction, ...rest] = query.split(/\n\n/);
  const t = inferTask(instruction ?? query, knownTopic(query) ?? 'everyday life');
  return `${writeOutput(rng, t, rest.join('\n\n'), { maxWords: 120 })}${view.last.includes('<|im_start|>') ? '<|im_end|>' : '<|eot_id|>'}`;
};
