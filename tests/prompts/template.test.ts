import { describe, expect, it } from 'vitest';
import { parseTemplate, render, requirePlaceholders, TemplateError } from '../../src/prompts/template.js';

describe('prompt templates', () => {
  const t = parseTemplate('prompts/t-v1.txt', 'Task: {{instruction}}\nInput: {{input}}\n');

  it('drops one trailing newline and lists its placeholders', () => {
    expect(t.text).toBe('Task: {{instruction}}\nInput: {{input}}');
    expect(t.placeholders).toEqual(['instruction', 'input']);
  });

  it('inserts values as data: placeholders inside teacher output or corpus text are never expanded (invariant 7)', () => {
    const out = render(t, { instruction: 'Repeat {{input}} twice', input: '{{instruction}} and $& and $1' });
    expect(out).toBe('Task: Repeat {{input}} twice\nInput: {{instruction}} and $& and $1');
  });

  it('refuses a missing value and a template whose placeholders differ from what the code fills', () => {
    expect(() => render(t, { instruction: 'x' })).toThrow(/prompts\/t-v1\.txt: no value for placeholder \{\{input\}\}/);
    expect(() => requirePlaceholders(t, ['instruction'])).toThrow(TemplateError);
    expect(() => requirePlaceholders(t, ['instruction', 'input', 'demos'])).toThrow(/missing demos/);
  });
});
