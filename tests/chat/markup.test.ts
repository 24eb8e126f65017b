/** Markdown around structural heads, around whole values, and around the whole answer. */
import { describe, expect, it } from 'vitest';
import { isOnlyMarkup, unmarkHead, unwrap, unwrapEmphasis } from '../../src/chat/markup.js';

describe('unmarkHead', () => {
  it.each([
    ['**5. Instruction:** Write a poem.', '5. Instruction: Write a poem.'],
    ['**Input:** the text', 'Input: the text'],
    ['__Output__: 42', 'Output: 42'],
    ['*Task*: sort the list', 'Task: sort the list'],
    ['### Output:', 'Output:'],
    ['> Score: 4', 'Score: 4'],
    ['9. **Recipe Substitution**: use oil for butter.', '9. Recipe Substitution: use oil for butter.'],
    ['9. **Recipe Substitution:** use oil for butter.', '9. Recipe Substitution: use oil for butter.'],
    ['  **Review:** Great food.', '  Review: Great food.'],
  ])('unmarks %j', (line, out) => expect(unmarkHead(line)).toBe(out));

  it('keeps markdown after the head as written', () => {
    expect(unmarkHead('Output: use **bold** for emphasis')).toBe('Output: use **bold** for emphasis');
    expect(unmarkHead('**Input:** a **very** long text')).toBe('Input: a **very** long text');
  });

  it('leaves a plain line alone', () => {
    for (const l of ['Write a haiku about rain.', '2 * 3 * 4 = 24', 'snake_case_name: value']) expect(unmarkHead(l)).toBe(l);
  });
});

describe('unwrapEmphasis', () => {
  it.each([
    ['**Positive**', 'Positive'],
    ['*none*', 'none'],
    ['`SELECT 1;`', 'SELECT 1;'],
    ['__Yes__', 'Yes'],
  ])('unwraps %j', (v, out) => expect(unwrapEmphasis(v)).toBe(out));

  it('leaves emphasis on part of a value', () => {
    expect(unwrapEmphasis('**Bold** start only')).toBe('**Bold** start only');
    expect(unwrapEmphasis('Positive')).toBe('Positive');
  });
});

describe('isOnlyMarkup', () => {
  it.each(['---', '***', '```', '**', '| --- | --- |', '==='])('%j is only markup', (v) => expect(isOnlyMarkup(v)).toBe(true));
  it.each(['', '   ', '- item', '# Heading', '```python'])('%j is not', (v) => expect(isOnlyMarkup(v)).toBe(false));
});

describe('unwrap', () => {
  it('takes a code fence off the whole answer and records it', () => {
    expect(unwrap('```json\n9. Write a haiku.\n10. Name a river.\n```')).toEqual({ text: '9. Write a haiku.\n10. Name a river.', edits: [{ habit: 'wrapping', removed: '```' }] });
  });

  it('takes one pair of quotes off the whole answer', () => {
    expect(unwrap('"Rewrite the sentence in the passive voice."').text).toBe('Rewrite the sentence in the passive voice.');
    expect(unwrap('“Rewrite it.”').edits).toEqual([{ habit: 'wrapping', removed: '“…”' }]);
  });

  it('leaves quotes that are not around the whole text', () => {
    for (const t of ['"Hello," she said. "Goodbye."', '"Stop" means stop', 'Say "yes"', '""']) expect(unwrap(t)).toEqual({ text: t, edits: [] });
  });

  it('leaves a fence that is only part of the answer', () => {
    const t = 'Output:\n```python\nprint(1)\n```';
    expect(unwrap(t)).toEqual({ text: t, edits: [] });
  });
});
