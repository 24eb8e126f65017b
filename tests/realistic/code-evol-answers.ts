/**
 * Code evolutions as chat models write them (our own texts, in the styles seen from gpt-3.5/4-class
 * and open chat models): each raw answer with the question the dataset should keep. Code blocks,
 * inline code and the erroneous reference code are part of the question and must survive.
 */
export interface CodeEvolAnswer {
  style: string;
  raw: string;
  question: string;
}

const Q1 = 'Write a Python function `second_largest(xs)` that returns the second largest distinct value in a list of integers in O(n) time without sorting, or `None` when there is none.';
const REF = 'For reference, this attempt is wrong:\n\n```python\ndef second_largest(xs):\n    return sorted(xs)[-2]\n```';
const Q2 = 'Implement `mergeSorted(a, b)` in JavaScript that merges two sorted arrays of numbers into one sorted array without calling `sort`, and keeps equal elements from `a` before those from `b`.';
const Q3 = 'Write a SQL query that lists each department with the number of employees hired after 2020, largest first, and includes departments with no such employees with a count of 0.\n\nTables: employees(id, name, department_id, hired_on); departments(id, name).';

export const CODE_EVOL_ANSWERS: readonly CodeEvolAnswer[] = [
  { style: 'clean', raw: Q1, question: Q1 },
  { style: 'clean with code', raw: `${Q1}\n\n${REF}`, question: `${Q1}\n\n${REF}` },
  { style: 'preamble and bold label', raw: `Here's a harder version of the question:\n\n**Rewritten Prompt:**\n\n${Q1}\n\n${REF}`, question: `${Q1}\n\n${REF}` },
  { style: 'frame marker echoed', raw: `#Rewritten Prompt#:\n${Q2}`, question: Q2 },
  { style: 'preamble only', raw: `Sure! Here is the more difficult version:\n\n${Q3}`, question: Q3 },
];
