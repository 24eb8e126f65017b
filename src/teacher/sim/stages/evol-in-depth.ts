/**
 * Evol-Instruct in-depth evolution (methods.md 3): the prompt ends with "#Rewritten Prompt#:". The
 * answer is the given prompt plus 10-20 words that apply the requested method (add constraints,
 * deepening, concretizing, increase reasoning, complicate input). ~5% leak a marker phrase and ~5%
 * return the given prompt unchanged, so the elimination rules fire.
 */
import type { Rng } from '../rng.js';
import { AUDIENCES, CRITERIA, LANGUAGES } from '../vocab.js';
import { subjectOf, tail } from '../text.js';
import type { SimStage } from './types.js';

const ENDING = /#Rewritten Prompt#:?[ \t]*(?:\r?\n[ \t]*)*$/i;

export type EvolMethod = 'constraints' | 'deepening' | 'concretizing' | 'reasoning' | 'complicate';

/** Which method the prompt asks for, judged from its header; undefined when unclear. */
export function detectMethod(header: string): EvolMethod | undefined {
  if (/structured data|\b(JSON|SQL|XML)\b|formula/i.test(header)) return 'complicate';
  if (/reasoning|several steps|multiple[- ]step|multi-step/i.test(header)) return 'reasoning';
  if (/more specific|specific ones|concret/i.test(header)) return 'concretizing';
  if (/more depth|wider angle|depth and breadth|deepen/i.test(header)) return 'deepening';
  if (/constraint|requirement/i.test(header)) return 'constraints';
  return undefined;
}

/**
 * The text between the last line-initial `open` marker and the last line-initial `close` marker after it
 * (marker phrases quoted inside the header are not at a line start, so they are skipped).
 */
export function between(text: string, open: string, close: string): string {
  const openRe = new RegExp(`(?:^|\\n)[ \\t]*${open}[ \\t]*:?[ \\t]*`, 'gi');
  let start = -1;
  for (const m of text.matchAll(openRe)) start = (m.index ?? 0) + m[0].length;
  if (start < 0) return '';
  const rest = text.slice(start);
  const closeRe = new RegExp(`(?:^|\\n)[ \\t]*${close}`, 'gi');
  let end = -1;
  for (const m of rest.matchAll(closeRe)) end = m.index ?? end;
  return (end >= 0 ? rest.slice(0, end) : rest).trim();
}

/** The header: everything before the line-initial `marker`. */
export function headerBefore(text: string, marker: string): string {
  const m = text.match(new RegExp(`(?:^|\\n)[ \\t]*${marker}`, 'i'));
  return m && m.index !== undefined ? text.slice(0, m.index) : text;
}

const CONSTRAINTS = [
  'The answer must stay under one hundred and fifty words and include one concrete example.',
  'Present the answer as a short table with two columns, followed by a one-sentence conclusion.',
  'Avoid technical jargon so that a high school student can follow every step of the answer.',
  'End with three practical recommendations, each one no longer than a single sentence.',
  'Mention at least one common misconception and explain briefly why it is wrong.',
  'Address the answer to {a} and keep the tone warm but professional throughout.',
  'Support each main point with a realistic example drawn from everyday working life.',
  'Also weigh the answer against {c}, and say which factor matters most and why.',
];

const DEEPENING = [
  'Also discuss the main causes behind it, its long-term consequences, and the trade-offs involved for different groups.',
  'Go further by comparing how the situation differs between cities and rural areas, and explain why.',
  'In addition, examine how experts disagree on this point and which evidence each side relies on.',
  'Extend the answer to cover both the short-term effects and the less obvious effects over a decade.',
];

const CONCRETE = [
  'Focus specifically on a small bakery in {l}-speaking regions during the busy winter holiday season.',
  'Use the concrete case of a ten-person nonprofit team working remotely across three time zones.',
  'Make it about a secondary school in a coastal town preparing for its annual science fair.',
  'Set it in a busy hospital cafeteria that serves about four hundred people every lunchtime.',
];

const REASONING = [
  'Explain your reasoning step by step, stating each assumption before you draw the final conclusion.',
  'First list the relevant factors, then reason through how they interact, and only then give a recommendation.',
  'Break the problem into smaller questions, answer each in turn, and combine them into a justified final answer.',
  'Show the intermediate steps of your thinking and check the final answer against the original question.',
];

const DATA = [
  'Base your answer on this table:\n| item | cost | hours |\n|---|---|---|\n| option A | 120 | 3 |\n| option B | 80 | 5 |\n| option C | 150 | 2 |',
  'Use the following JSON as input: {"people": 6, "budget": 250, "days": ["Friday", "Saturday"], "preferences": ["outdoor", "quiet"]}',
  'Work with this SQL table definition: CREATE TABLE visits (id INT, city TEXT, visit_date DATE, spend DECIMAL(8,2));',
  'Use this XML record as input: <record><name>Lena</name><hours>12</hours><goal>weekly review</goal></record>',
];

function addition(rng: Rng, method: EvolMethod): string {
  const fill = (s: string) =>
    s.replace('{a}', rng.pick(AUDIENCES)).replace('{c}', rng.pick(CRITERIA)).replace('{l}', rng.pick(LANGUAGES));
  switch (method) {
    case 'constraints':
      return fill(rng.pick(CONSTRAINTS));
    case 'deepening':
      return rng.pick(DEEPENING);
    case 'concretizing':
      return fill(rng.pick(CONCRETE));
    case 'reasoning':
      return rng.pick(REASONING);
    case 'complicate':
      return `${rng.pick(['Make the answer depend on the data below.', 'Answer using only the data provided.'])} ${rng.pick(DATA)}`;
  }
}

/** Insert `extra` after the first line of `given` (so an input on later lines stays last). */
function insertAfterFirstLine(given: string, extra: string): string {
  const lines = given.split(/\r?\n/);
  const first = (lines[0] ?? '').trimEnd();
  const sep = /[.?!:]$/.test(first) ? ' ' : '. ';
  lines[0] = `${first}${sep}${extra}`;
  return lines.join('\n');
}

export const evolInDepth: SimStage = {
  name: 'evol-in-depth',
  matches(ctx) {
    return ENDING.test(tail(ctx.last, 200));
  },
  write(ctx, rng) {
    const text = tail(ctx.last, 30_000);
    const given = between(text, '#(?:The )?Given Prompt#', '#Rewritten Prompt#');
    const header = headerBefore(text, '#(?:The )?Given Prompt#');
    const method = detectMethod(header) ?? rng.pick(['constraints', 'deepening', 'concretizing', 'reasoning'] as const);
    const roll = rng.float();
    if (roll < 0.05 || given === '') return given || `Explain ${subjectOf(text)} in detail.`;
    const rewritten = insertAfterFirstLine(given, addition(rng, method));
    if (roll < 0.1) {
      return rng.chance(0.5) ? `#Rewritten Prompt#: ${rewritten}` : `Here is the rewritten prompt: ${rewritten}`;
    }
    return rewritten;
  },
};
