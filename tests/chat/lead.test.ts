/** The lines before a list's first item: dropped only when every one of them is chat lead. */
import { describe, expect, it } from 'vitest';
import { dropLead, isLeadLine, isTitleLine } from '../../src/chat/lead.js';

const numbered = (l: string) => /^\d+\.\s/.test(l);

describe('isTitleLine and isLeadLine', () => {
  it.each(['### New tasks', '# Additional Tasks #', '**Additional Tasks**', '__More examples__:', '**Task 5**'])('%j is a title', (l) => expect(isTitleLine(l)).toBe(true));

  it.each(['**Note:** the tasks are below', 'Write a haiku.', '### This heading is far too long to be a short title of a list', '**bold** then text'])('%j is not a title', (l) =>
    expect(isTitleLine(l)).toBe(false),
  );

  it('counts openers, titles and separators as lead, and tasks as content', () => {
    for (const l of ['Sure! Here are 7 more tasks:', '### New tasks', '---']) expect(isLeadLine(l), l).toBe(true);
    for (const l of ['Here is a list of ingredients; suggest a recipe.', 'Write a haiku.', '']) expect(isLeadLine(l), l).toBe(false);
  });
});

describe('dropLead', () => {
  it('drops an opener, a title and a separator before the first item, and records them', () => {
    const r = dropLead('Sure! Here are some new tasks:\n\n### Tasks\n---\n1. Write a haiku.\n2. Name a river.', numbered);
    expect(r.text).toBe('1. Write a haiku.\n2. Name a river.');
    expect(r.edits).toEqual([{ habit: 'preamble', removed: 'Sure! Here are some new tasks:\n\n### Tasks\n---' }]);
  });

  it('keeps everything when something before the first item is not lead', () => {
    const t = 'Here is a list of ingredients; suggest a recipe.\n1. Write a haiku.';
    expect(dropLead(t, numbered)).toEqual({ text: t, edits: [] });
  });

  it('keeps the text when no line starts the content, or the first does', () => {
    expect(dropLead('Sure! Here are the tasks:', numbered)).toEqual({ text: 'Sure! Here are the tasks:', edits: [] });
    expect(dropLead('1. Write a haiku.', numbered)).toEqual({ text: '1. Write a haiku.', edits: [] });
  });

  it('records nothing for blank lines alone before the content', () => {
    expect(dropLead('\n\n1. Write a haiku.', numbered)).toEqual({ text: '\n\n1. Write a haiku.', edits: [] });
  });
});
