/** Openers and closing remarks of chat models vs content that only starts or ends like them. */
import { describe, expect, it } from 'vitest';
import { closingParagraphs, dropClosing, dropOpeningLine, isCloser, isOpener } from '../../src/chat/chatter.js';

describe('isOpener', () => {
  it.each([
    'Sure! Here are 10 more tasks:',
    'Certainly! Here are some additional instructions.',
    "Here's a rewritten version:",
    'Of course, below are the new tasks',
    "I've created five more examples:",
    '**Sure, here are more tasks:**',
    'Okay, here is the list:',
  ])('reads %j as an opener', (line) => expect(isOpener(line)).toBe(true));

  it.each([
    'Here is a list of ingredients; suggest a recipe.',
    'Sure-footed goats climb cliffs: explain how.',
    'Let me know your favourite colour and I will suggest a paint.',
    'Write a haiku about the first snow of winter.',
    'Yes or no: is a tomato a fruit?',
    'Certainly is an adverb. Use it in a sentence.',
  ])('reads %j as content', (line) => expect(isOpener(line)).toBe(false));

  it('does not take a long paragraph for an opener, whatever its first word', () => {
    expect(isOpener(`Sure, here are the tasks: ${'word '.repeat(60)}`)).toBe(false);
  });
});

describe('dropOpeningLine', () => {
  it('takes out an opener and the blank line after it, and records it', () => {
    const r = dropOpeningLine('Sure! Here are some examples:\n\nOutput: 42');
    expect(r.text).toBe('Output: 42');
    expect(r.edits).toEqual([{ habit: 'preamble', removed: 'Sure! Here are some examples:' }]);
  });

  it('keeps a task that starts like an opener', () => {
    const t = 'Here is a list of ingredients; suggest a recipe.\nInput: eggs, flour';
    expect(dropOpeningLine(t)).toEqual({ text: t, edits: [] });
  });

  it('never empties an answer that is nothing but an opener', () => {
    expect(dropOpeningLine('Sure! Here are the tasks:')).toEqual({ text: 'Sure! Here are the tasks:', edits: [] });
  });
});

describe('isCloser', () => {
  it.each([
    'I hope this helps!',
    'Let me know if you would like more tasks.',
    "Feel free to ask if you'd like changes.",
    'These tasks cover a range of skills.',
    'Note: each task is different from the demos.',
    '**I hope these examples are useful!**',
    'These examples show both classes.',
  ])('reads %j as a closing remark', (p) => expect(isCloser(p)).toBe(true));

  it.each(['Hope is the thing with feathers: analyse the poem.', 'Thank you for your order.', 'Soak up the sunshine while it lasts.', 'The answer is 42.'])(
    'reads %j as content',
    (p) => expect(isCloser(p)).toBe(false),
  );
});

describe('dropClosing and closingParagraphs', () => {
  it('takes out closing paragraphs from the end, never the first paragraph', () => {
    const r = dropClosing('9. Write a haiku.\n10. Name a river.\n\nI hope these help!\n\nLet me know if you need more.');
    expect(r.text).toBe('9. Write a haiku.\n10. Name a river.');
    expect(r.edits).toEqual([{ habit: 'closing', removed: 'I hope these help!\n\nLet me know if you need more.' }]);
    expect(dropClosing('I hope this helps!')).toEqual({ text: 'I hope this helps!', edits: [] });
  });

  it('takes a closing remark on the last line of the content, with no blank line before it', () => {
    expect(dropClosing('9. Write a haiku.\n10. Name a river.\nLet me know if you want more.').text).toBe('9. Write a haiku.\n10. Name a river.');
  });

  it('leaves a paragraph of content in the middle alone', () => {
    const t = 'First paragraph.\n\nI hope this helps!\n\nThe last paragraph is content.';
    expect(dropClosing(t)).toEqual({ text: t, edits: [] });
    expect(closingParagraphs(t)).toEqual({ lines: t.split('\n'), removed: [] });
  });
});
