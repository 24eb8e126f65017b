/**
 * Unnatural Instructions answers as the sim writes them. Core examples: three labelled fields on a
 * topic, about 4% without constraints (dropped as missing a field) and 3% a copy of the prompt's
 * first demo (dropped as a copy); in chat mode some come with an opener and bold labels, as chat
 * models write them. Outputs: a short answer that names the task. Reformulations: the task
 * restated around the {INPUT} placeholder, about 6% without it (dropped).
 */
import type { ExampleWriter } from '../../types.js';
import { ALL_TOPICS, CITIES, LABEL_SETS, QUALIFIERS, SUBJECTS } from '../vocab.js';

const TASKS: readonly ((topic: string, labels: string) => { instruction: string; input: string; constraints: string })[] = [
  (t, l) => ({ instruction: `Read the short note about ${t} and decide which label fits it best.`, input: `A neighbour wrote that ${t} came up at the meeting again and nobody agreed on what to do next.`, constraints: `The output should be one of: ${l}.` }),
  (t) => ({ instruction: `Given a question about ${t}, write a one-sentence answer a beginner would understand.`, input: `Why do people care so much about ${t}?`, constraints: 'The output should be a single sentence of at most twenty words.' }),
  (t) => ({ instruction: `Rewrite the sentence about ${t} in a more formal register.`, input: `Honestly, ${t} is kind of a big deal around here these days.`, constraints: 'The output should keep the meaning and use no contractions.' }),
  (t) => ({ instruction: `List the key terms that appear in the paragraph about ${t}.`, input: `The report on ${t} compares costs, timelines and the people involved, and ends with three recommendations.`, constraints: 'The output should be a comma-separated list of nouns from the paragraph.' }),
  (t) => ({ instruction: `Decide whether the claim about ${t} is supported by the passage.`, input: `Passage: Surveys in several towns found mixed views on ${t}. Claim: Everyone agrees about ${t}.`, constraints: "Answer with 'supported' or 'not supported'." }),
  (t) => ({ instruction: `Write a title for the short text about ${t}.`, input: `Planners spent a year studying ${t} and found that small changes mattered more than big projects.`, constraints: 'The output should be at most eight words long.' }),
  (t) => ({ instruction: `Count how many times the word "and" appears in the sentence about ${t}.`, input: `Maps and notes and plans about ${t} filled the table, and nobody left early.`, constraints: 'The output should be a number.' }),
  (t) => ({ instruction: `Turn the statement about ${t} into a yes-or-no question.`, input: `The committee will publish its findings on ${t} next month.`, constraints: 'The output should end with a question mark.' }),
];

function firstDemo(prompt: string): string | undefined {
  const m = /Example 1\n(Instruction: [^\n]*\nInput: [^\n]*\nConstraints: [^\n]*)/.exec(prompt);
  return m?.[1];
}

export const unnaturalCore: ExampleWriter = (view, rng) => {
  const copy = firstDemo(view.last);
  if (copy && rng.chance(0.03)) return `${copy}\n`;
  const topic = `${rng.pick(ALL_TOPICS)} ${rng.pick(QUALIFIERS)}`;
  const labels = rng.pick(LABEL_SETS).join(', ');
  const t = rng.pick(TASKS)(topic, labels);
  const fields = [`Instruction: ${t.instruction}`, `Input: ${t.input}`, ...(rng.chance(0.04) ? [] : [`Constraints: ${t.constraints}`])];
  if (view.mode === 'chat' && rng.chance(0.3)) {
    return `Sure! Here is another example:\n\n${fields.map((f) => f.replace(/^(\w+):/, '**$1:**')).join('\n')}\n\nLet me know if you would like more examples.`;
  }
  return `${fields.join('\n')}\n\nExample 5\nInstruction: Name a city.\nInput: ${rng.pick(CITIES)}\n`;
};

export const unnaturalOutput: ExampleWriter = (view, rng) => {
  const instruction = /Instruction: ([^\n]*)/.exec(view.last)?.[1] ?? 'the task';
  const labels = /one of: ([^\n.]*)/.exec(view.last)?.[1]?.split(', ');
  if (labels && labels.length > 1) return rng.pick(labels);
  return `Following the instruction "${instruction.slice(0, 60)}", the answer is about ${rng.pick(SUBJECTS)}.`;
};

export const unnaturalReformulation: ExampleWriter = (view, rng) => {
  const blocks = view.last.split('\n\nInstruction: ');
  const instruction = (blocks.at(-1) ?? '').split('\n')[0]!.trim().replace(/\.$/, '');
  const lower = instruction.charAt(0).toLowerCase() + instruction.slice(1);
  if (rng.chance(0.06)) return `Could you ${lower}?`;
  const shapes = [
    `Here is the material: "{INPUT}" Please ${lower}.`,
    `{INPUT}\nWith the text above in mind, ${lower}.`,
    `Your task: ${lower}. Work from this: {INPUT}`,
    `Consider the following: {INPUT} Now ${lower}, keeping your answer short.`,
  ];
  return rng.pick(shapes);
};
