import { defineStage } from '../../engine/stage.js';
import { render, type Template } from '../../prompts/template.js';
import { ultrachatExpand, ultrachatMaterialRequests, ultrachatQuestions, ultrachatSubtopics, ultrachatUserTurn } from '../../teacher/sim/stages/ultrachat.js';
import type { FinishReason } from '../../teacher/types.js';
import { assistantTurnFor } from '../self-chat/stages.js';
import { normaliseUserTurn, parseUserTurn } from './chat-form.js';
import { normaliseList, parseList, type ParsedList } from './lists.js';
import { userView, type Message } from './dialogue.js';

/** A list answer, with the last item dropped when the answer was cut at max_tokens (it may be cut mid-item). */
export interface ListAnswer extends ParsedList {
  cut: string | null;
}

export function readList(text: string, finish: FinishReason, n: number): ListAnswer {
  const parsed = parseList(text, n);
  if (finish !== 'length' || parsed.items.length === 0 || parsed.extra > 0) return { ...parsed, cut: null };
  return { ...parsed, items: parsed.items.slice(0, -1), cut: parsed.items.at(-1)! };
}

// Every value spliced into a template is data (DESIGN invariant 7): `render` substitutes once.
const list = (values: (input: never) => Record<string, string | number>) => (input: never, template: Template | undefined) => render(template!, values(input));

export const subtopicsStage = defineStage<{ topic: string; n: number }, ListAnswer>({
  recipe: 'ultrachat',
  name: 'subtopics',
  placeholders: ['n', 'topic'],
  prompt: list((i: { topic: string; n: number }) => ({ topic: i.topic, n: i.n })),
  parse: (text, finish, input) => readList(text, finish, input.n),
  normalise: (text) => normaliseList(text),
  example: ultrachatSubtopics,
  usable: (l) => l.items.length > 0,
});

export const questionsStage = defineStage<{ topic: string; subtopic: string; n: number }, ListAnswer>({
  recipe: 'ultrachat',
  name: 'questions',
  placeholders: ['n', 'subtopic', 'topic'],
  prompt: list((i: { topic: string; subtopic: string; n: number }) => ({ topic: i.topic, subtopic: i.subtopic, n: i.n })),
  parse: (text, finish, input) => readList(text, finish, input.n),
  normalise: (text) => normaliseList(text),
  example: ultrachatQuestions,
  usable: (l) => l.items.length > 0,
});

export const expandStage = defineStage<{ question: string; n: number }, ListAnswer>({
  recipe: 'ultrachat',
  name: 'expand',
  placeholders: ['n', 'question'],
  prompt: list((i: { question: string; n: number }) => ({ question: i.question, n: i.n })),
  parse: (text, finish, input) => readList(text, finish, input.n),
  normalise: (text) => normaliseList(text),
  example: ultrachatExpand,
  usable: (l) => l.items.length > 0,
});

export const materialInstructionsStage = defineStage<{ material: string; text_type: string; n: number }, ListAnswer>({
  recipe: 'ultrachat',
  name: 'material-instructions',
  placeholders: ['material', 'n', 'text_type'],
  prompt: list((i: { material: string; text_type: string; n: number }) => ({ material: i.material, text_type: i.text_type, n: i.n })),
  parse: (text, finish, input) => readList(text, finish, input.n),
  normalise: (text) => normaliseList(text),
  example: ultrachatMaterialRequests,
  usable: (l) => l.items.length > 0,
});

/**
 * The user simulator: its persona as the system message, the conversation with roles swapped (its
 * own turns as the assistant's), and the persona reminder after the latest reply.
 */
export const userTurnStage = defineStage<{ persona: string; reminder: string; messages: readonly Message[] }, string>({
  recipe: 'ultrachat',
  name: 'user-turn',
  placeholders: [],
  prompt: (input) => ({ messages: userView(input.persona, input.reminder, input.messages) }),
  parse: (text) => parseUserTurn(text),
  normalise: (text) => normaliseUserTurn(text),
  example: ultrachatUserTurn,
  usable: (turn) => turn !== '',
});

/** The assistant: a chat context of only the conversation (buildRequest adds teacher.system_prompt when set). */
export const assistantTurnStage = assistantTurnFor('ultrachat');

export const ultrachatStages = [subtopicsStage, questionsStage, expandStage, materialInstructionsStage, userTurnStage, assistantTurnStage] as const;
