/** Answers of a rubric judge (1-5), written as chat models answer: `keep` is the score a reader reads. */
import type { CorpusAnswer } from './corpus.js';

export const JUDGE_ANSWERS: CorpusAnswer<number>[] = [
  { habits: [], text: 'The answer is correct and complete, with clear steps.\n\nScore: 5', keep: 5 },
  { habits: [], text: 'Accurate but misses the second part of the question.\nScore: 3', keep: 3 },
  { habits: ['markup'], text: 'The response is relevant and well organised.\n\n**Score:** 4', keep: 4 },
  { habits: ['verbal'], text: "The answer covers the main points but its example is off topic. I'd give it a 4.", keep: 4 },
  { habits: ['verbal'], text: 'It answers the question directly and correctly. I would rate this response a 5 out of 5.', keep: 5 },
  { habits: ['fraction'], text: 'Helpful, though slightly verbose.\n\nRating: 4/5', keep: 4 },
  { habits: ['closing'], text: 'The response contains a factual error about the boiling point.\n\nScore: 2\n\nLet me know if you want a more detailed review.', keep: 2 },
  { habits: [], text: 'Off topic and unhelpful.\nScore: 1', keep: 1 },
  { habits: ['markup'], text: '### Evaluation\nClear and accurate.\n\n### Score\n5', keep: 5 },
  { habits: ['verbal'], text: 'Overall, a solid answer with one minor omission. Score: 4 out of 5.', keep: 4 },
];
