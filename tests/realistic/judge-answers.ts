/**
 * Answers of a rubric judge (1-5, prompts/judge/quality-v1.txt), written as chat models answer:
 * `keep` is the score a reader reads, null when the answer gives none (cut off, or a refusal).
 */
import type { CorpusAnswer } from './corpus.js';

export const JUDGE_ANSWERS: CorpusAnswer<number | null>[] = [
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
  { habits: [], text: 'The response is correct, concise and well organized.\nScore: 5', keep: 5 },
  { habits: ['markup'], text: 'It answers the question but pads it with repetition.\n\n**Score: 3**', keep: 3 },
  { habits: ['fraction'], text: 'Correct and clear, with a small formatting slip.\n\nScore: 4/5', keep: 4 },
  { habits: ['punctuation'], text: 'The response is mostly correct but skips the edge case.\n\nScore: 3.', keep: 3 },
  { habits: ['score-first'], text: 'Score: 2\n\nThe response attempts the task but the second half of the translation is wrong.', keep: 2 },
  { habits: [], text: 'The response lists 3 steps but leaves out the fourth one the instruction asked for.\nScore: 2', keep: 2 },
  { habits: ['closing'], text: 'Accurate, complete and easy to follow.\n\nScore: 5\n\nI hope this evaluation helps!', keep: 5 },
  { habits: ['markup'], text: '**Assessment:** The response is correct but a little wordy.\n**Score:** 4', keep: 4 },
  { habits: ['label'], text: 'The output ignores the input text entirely.\n\nFinal score: 1', keep: 1 },
  { habits: ['cut'], finish: 'length', text: 'The response is partially correct: it names the right capital, but the population figure it gives is', keep: null },
  { habits: [], text: 'The response is relevant, but its second example contradicts the first.\nScore: 3', keep: 3 },
  { habits: [], text: 'A clear, correct answer that a careful expert would write.\nScore: 5', keep: 5 },
  { habits: [], text: 'It has the right idea but two calculation errors.\nScore: 2', keep: 2 },
  { habits: [], text: 'Correct and complete, with only a minor issue in wording.\nScore: 4', keep: 4 },
  { habits: ['markup', 'fraction'], text: 'Good answer with a clear structure.\n\n**Final Score: 4/5**', keep: 4 },
  { habits: ['verbal', 'fraction'], text: "Clear but brief. I'd rate it 4/5.", keep: 4 },
  { habits: [], text: 'A score of 5 would need a worked example; this one has none.\nScore: 3', keep: 3 },
  { habits: ['markup'], text: 'Mostly right, with one unclear step.\n\n## Score\n**3**', keep: 3 },
  { habits: ['closing'], text: 'The response names 2 of the 3 causes.\n\nScore: 3\n\nNote: a fuller answer would mention trade.', keep: 3 },
  { habits: [], text: 'The response follows the instruction and the input closely.\nScore: 5', keep: 5 },
];
