/** Item-level habits of a continued instruction list: labels, wrapping, rule lines. */
import { describe, expect, it } from 'vitest';
import { dropItemLabels, dropRuleLines, unwrapItems } from '../../src/methods/self-instruct/chat-list-items.js';

describe('dropItemLabels', () => {
  it('takes "Task:" or "**Instruction:**" off each item, the first line included', () => {
    const r = dropItemLabels('Task: Write a haiku.\n10. **Instruction:** Name a river.\n11. Prompt 3: Sort the list.');
    expect(r.text).toBe('Write a haiku.\n10. Name a river.\n11. Sort the list.');
    expect(r.edits.map((e) => e.habit)).toEqual(['frame-label']);
  });

  it('leaves a task that only mentions a task, and continuation lines', () => {
    const t = 'Describe a task: one you did today.\n10. Name a river.\ntask: keep this continuation line';
    expect(dropItemLabels(t)).toEqual({ text: t, edits: [] });
  });
});

describe('unwrapItems', () => {
  it('unwraps items when every one is wrapped in quotes or emphasis', () => {
    expect(unwrapItems('9. "Write a haiku."\n10. "Name a river."').text).toBe('9. Write a haiku.\n10. Name a river.');
    expect(unwrapItems('9. *Write a haiku.*\n10. _Name a river._').text).toBe('9. Write a haiku.\n10. Name a river.');
  });

  it('leaves them all when one is not wrapped as a whole', () => {
    const t = '9. "Write a haiku."\n10. Explain what "carpe diem" means.';
    expect(unwrapItems(t)).toEqual({ text: t, edits: [] });
  });
});

describe('dropRuleLines', () => {
  it('takes out lines that are only markup', () => {
    expect(dropRuleLines('9. Write a haiku.\n---\n10. Name a river.\n***')).toEqual({ text: '9. Write a haiku.\n10. Name a river.', edits: [{ habit: 'markup', removed: '--- ***' }] });
  });

  it('keeps a task that contains a dash', () => {
    const t = '9. Convert 5 - 3 into words.\n10. Name a river.';
    expect(dropRuleLines(t)).toEqual({ text: t, edits: [] });
  });
});
