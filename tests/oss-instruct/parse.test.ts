import { describe, expect, it } from 'vitest';
import { benchmarkIndex, contaminationVerdict, copiedCodeVerdict, duplicateVerdict, emptySeen } from '../../src/methods/oss-instruct/clean.js';
import { normaliseOssAnswer } from '../../src/methods/oss-instruct/chat-form.js';
import { parseOssAnswer, squash } from '../../src/methods/oss-instruct/parse.js';
import { pickSnippet } from '../../src/methods/oss-instruct/snippets.js';
import { stepRng } from '../../src/engine/rng.js';
import { OSS_CASES } from '../realistic/oss-instruct-answers.js';

describe('OSS-Instruct answers as chat models write them', () => {
  for (const c of OSS_CASES) {
    it(c.name, () => {
      const n = normaliseOssAnswer(c.text);
      expect(n.edits.length > 0).toBe(!!c.edited);
      const r = parseOssAnswer(n.text, c.finish);
      if (c.reason) expect(r).toMatchObject({ ok: false, reason: c.reason });
      else expect(r).toEqual({ ok: true, problem: c.problem, solution: c.solution });
    });
  }
});

describe('OSS-Instruct cleaning and decontamination', () => {
  it('drops a repeat of an earlier seed, problem or solution once whitespace is removed', () => {
    const seen = emptySeen();
    seen.problem.set(squash('Sort a list\nof  numbers.'), 5);
    expect(duplicateVerdict(seen, 'x = 1', 'Sort a list of numbers.', 'sorted(xs)')).toMatchObject({ passed: false, detail: { field: 'problem', first_sample: 5 } });
    expect(duplicateVerdict(seen, 'x = 1', 'Sort a list of words.', 'sorted(xs)').passed).toBe(true);
  });

  it('drops a solution whose code block is one of the problem\'s', () => {
    const problem = 'Finish this stub:\n\n```python\ndef f(x):\n    pass\n```';
    expect(copiedCodeVerdict(problem, 'Here:\n```python\ndef f(x):\n    pass\n```').passed).toBe(false);
    expect(copiedCodeVerdict(problem, '```python\ndef f(x):\n    return x * 2\n```').passed).toBe(true);
  });

  it('finds a benchmark entry as a whitespace-insensitive substring, ignoring too short entries', () => {
    const index = benchmarkIndex(['def has_close_elements(numbers, threshold):\n    """Check if any two numbers are closer than threshold."""', 'x'], 40);
    expect(index).toHaveLength(1);
    const leaked = 'Implement:\ndef has_close_elements(numbers,threshold):\n  """Check if any two numbers are closer than   threshold."""';
    expect(contaminationVerdict(index, leaked, 'ok').passed).toBe(false);
    expect(contaminationVerdict(index, 'Implement a queue.', 'class Queue: ...').passed).toBe(true);
  });

  it('takes 1-15 consecutive lines of a document, reproducibly', () => {
    const doc = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join('\n');
    const lens = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const s = pickSnippet(doc, stepRng(1, 'snippet', i), 1, 15);
      const lines = s.snippet.split('\n');
      lens.add(lines.length);
      expect(lines.length).toBeGreaterThanOrEqual(1);
      expect(lines.length).toBeLessThanOrEqual(15);
      expect(lines[0]).toBe(`line ${s.start}`);
      expect(doc.includes(s.snippet)).toBe(true);
    }
    expect(lens.has(1) && lens.has(15)).toBe(true);
    expect(pickSnippet(doc, stepRng(1, 'snippet', 3), 1, 15)).toEqual(pickSnippet(doc, stepRng(1, 'snippet', 3), 1, 15));
    expect(pickSnippet('only line', stepRng(1, 'snippet', 0), 1, 15).snippet).toBe('only line');
  });
});
