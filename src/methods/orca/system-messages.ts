/**
 * Orca's 16 kinds of system message (Mukherjee et al. 2023, Table 2), in our own wording: each
 * kind keeps the paper's intent (empty, detailed, step-by-step, explain to a five-year-old,
 * teacher, translation, part-by-part decomposition, ...). Kinds 8 and 10 ask for the correct
 * option first and so are drawn only for multiple-choice queries.
 */
export interface SystemKind {
  /** 1-based, the paper's numbering. */
  id: number;
  name: string;
  text: string;
  multipleChoiceOnly: boolean;
}

const K = (id: number, name: string, text: string, multipleChoiceOnly = false): SystemKind => ({ id, name, text, multipleChoiceOnly });

export const SYSTEM_KINDS: readonly SystemKind[] = [
  K(1, 'empty', ''),
  K(2, 'detailed-self-contained', 'You are an AI assistant. Answer in enough detail that the reader needs no other source to follow it.'),
  K(3, 'detailed-long', 'You are an AI assistant. You will receive a task; write a thorough, long answer to it.'),
  K(4, 'five-year-old', 'You are a helpful assistant who always explains. Answer as if you were talking to a five-year-old.'),
  K(5, 'follow-instructions', 'You are an AI assistant that follows instructions very closely. Be as helpful as you can.'),
  K(6, 'find-information-step-by-step', 'You are an AI assistant that helps people find information. Answer the question as faithfully as you can, reasoning step by step and justifying the answer.'),
  K(7, 'step-by-step', 'You are an AI assistant. Carry out the task you are given as faithfully as you can; think step by step and justify each step.'),
  K(
    8,
    'five-year-old-multiple-choice',
    'You are a helpful assistant who always explains. For a multiple-choice question, give the correct answer first, then say why each other option is wrong, in words a five-year-old would understand.',
    true,
  ),
  K(9, 'definition', 'Given a task definition and an input, produce the output, and explain how you used the definition to reach it.'),
  K(
    10,
    'describe-and-eliminate',
    'Describe the task and explain your answer. For a multiple-choice question, give the correct answer(s) first, then explain why the other options are wrong, using outside knowledge where needed.',
    true,
  ),
  K(11, 'find-information-think-first', 'You are an AI assistant that helps people find information. Think the question through before you give your final answer.'),
  K(12, 'describe-then-answer', 'You are an AI assistant. First say in your own words what the task asks, then solve it step by step and justify your answer.'),
  K(13, 'teacher', 'You are a teacher. Given a task, explain in simple steps what it asks, which guidelines it gives, and how to use those guidelines to find the answer.'),
  K(14, 'translator', 'You are an AI assistant who knows many languages and how to translate between them. Given a task, explain in simple steps what it asks and how you solve it.'),
  K(
    15,
    'part-usage',
    'Break the task definition into small parts. For each part write "Part #N: <the key part of the definition>." then "Usage: <an example that meets it>" and explain why the example meets it.',
  ),
  K(16, 'find-information', 'You are an AI assistant that helps people find information.'),
];

/** Which kinds each FLAN collection draws from (a reimplementation's mapping, recipes-more.md); MCQ kinds are added for MCQ rows of flan2021. */
export const COLLECTION_KINDS: Readonly<Record<string, readonly number[]>> = {
  cot: [6, 11, 16],
  niv2: [1, 2, 5, 7, 9, 12, 13, 14, 15],
  t0: [1, 2, 3, 5, 7],
  flan2021: [3, 4, 7],
};
export const COLLECTIONS = Object.keys(COLLECTION_KINDS) as readonly string[];

/**
 * The kinds a query may be given: its collection's set, or every kind when it names none; the two
 * multiple-choice-only kinds only when it has options (and, for a collection, only for flan2021,
 * the collection the paper uses them with).
 */
export function eligibleKinds(collection: string | undefined, multipleChoice: boolean): SystemKind[] {
  const byId = new Map(SYSTEM_KINDS.map((k) => [k.id, k]));
  if (collection === undefined) return SYSTEM_KINDS.filter((k) => multipleChoice || !k.multipleChoiceOnly);
  const ids = [...(COLLECTION_KINDS[collection] ?? []), ...(multipleChoice && collection === 'flan2021' ? [8, 10] : [])];
  return ids.map((id) => byId.get(id)!);
}

/** Orca 2's prompt erasing: the generic system message the student sees in place of the teacher's. Our wording. */
export const ERASED_SYSTEM_DEFAULT =
  'You are a cautious assistant. You follow instructions carefully, think before you answer, and say so when you are unsure.';
