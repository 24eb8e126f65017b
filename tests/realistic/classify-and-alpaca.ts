/** Chat answers to Self-Instruct's classification question and to Alpaca's task-list prompt (three demos, so new tasks start at 4). */
import type { CorpusAnswer } from './corpus.js';

export const CLASSIFY_ANSWERS: CorpusAnswer<boolean>[] = [
  { habits: [], text: 'Yes', keep: true },
  { habits: [], text: 'No', keep: false },
  { habits: ['punctuation'], text: 'Yes.', keep: true },
  { habits: ['sentence'], text: 'Yes, it is', keep: true },
  { habits: ['markup'], text: '**Yes**', keep: true },
  { habits: ['sentence'], text: 'No, this', keep: false },
  { habits: [], text: 'yes', keep: true },
  { habits: ['punctuation'], text: 'No.', keep: false },
  { habits: ['label'], text: 'Answer: Yes', keep: true },
  { habits: [], text: 'No', keep: false },
];

const T = (n: number, i: string, inp: string, o: string) => `${n}. Instruction: ${i}\n${n}. Input:\n${inp}\n${n}. Output:\n${o}`;

export const ALPACA_ANSWERS: CorpusAnswer<string[]>[] = [
  {
    habits: [],
    text: ` Give two synonyms for "happy".\n4. Input:\n<noinput>\n4. Output:\nJoyful, cheerful.\n###\n${T(5, 'Translate the sentence into French.', 'Where is the station?', 'Où est la gare ?')}`,
    keep: ['Give two synonyms for "happy".', 'Translate the sentence into French.'],
  },
  {
    habits: ['preamble'],
    text: `Sure! Here are 2 more tasks:\n\n${T(4, 'Summarise the paragraph in one sentence.', 'Bees pollinate many of the crops we eat, so their decline worries farmers.', 'Falling bee numbers threaten crops that depend on pollination.')}\n###\n${T(5, 'Name the capital of Canada.', '<noinput>', 'Ottawa.')}`,
    keep: ['Summarise the paragraph in one sentence.', 'Name the capital of Canada.'],
  },
  {
    habits: ['markup', 'no-separator'],
    text: `**4. Instruction:** Suggest a title for a blog post about saving money.\n**4. Input:** None\n**4. Output:** Ten Small Habits That Add Up to Big Savings\n\n**5. Instruction:** Classify the animal as a mammal or a reptile.\n**5. Input:** Gecko\n**5. Output:** Reptile`,
    keep: ['Suggest a title for a blog post about saving money.', 'Classify the animal as a mammal or a reptile.'],
  },
  {
    habits: ['closing'],
    text: ` Convert 5 kilometres to miles.\n4. Input:\n<noinput>\n4. Output:\nAbout 3.1 miles.\n###\n${T(5, 'Write a one-line slogan for a bike shop.', '<noinput>', 'Pedal further, smile wider.')}\n\nI hope these tasks are useful for your dataset!`,
    keep: ['Convert 5 kilometres to miles.', 'Write a one-line slogan for a bike shop.'],
  },
];
