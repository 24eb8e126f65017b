import { describe, expect, it } from 'vitest';
import { dropFrameLabel, frameLabelAt } from '../../src/chat/frame-label.js';

const NAMES = ['Rewritten Prompt', 'Created Prompt', 'New Prompt'];
const PROMPT = 'Describe the water cycle for a ten-year-old, using one everyday example.';

describe('frame labels at the start of a chat answer', () => {
  it.each([
    ['Rewritten Prompt:', `Rewritten Prompt: ${PROMPT}`],
    ['New Prompt:', `New Prompt:\n\n${PROMPT}`],
    ['created prompt:', `created prompt: ${PROMPT}`],
    ['#Rewritten Prompt#:', `#Rewritten Prompt#:\n${PROMPT}`],
    ['**#Created Prompt#:**', `**#Created Prompt#:**\n\n${PROMPT}`],
    ['## Rewritten Prompt', `## Rewritten Prompt\n${PROMPT}`],
    ['**New Prompt**:', `**New Prompt**: ${PROMPT}`],
    ['#Created Prompt#', `#Created Prompt# ${PROMPT}`],
    ['**Rewritten Prompt**', `  **Rewritten Prompt**\n${PROMPT}`],
    ['The rewritten prompt:', `The rewritten prompt: ${PROMPT}`],
    ['#Rewritten Prompt# (Concretizing):', `#Rewritten Prompt# (Concretizing):\n${PROMPT}`],
    ['Created Prompt (rarer topic):', `Created Prompt (rarer topic): ${PROMPT}`],
  ])('takes off %s and keeps the content whole', (label, text) => {
    const r = dropFrameLabel(text, NAMES);
    expect(r.text).toBe(PROMPT);
    expect(r.edits).toEqual([{ habit: 'frame-label', removed: label }]);
  });

  it('reads the label only at the very start: the same words later stay', () => {
    const text = `${PROMPT}\n#Rewritten Prompt#: keep this line`;
    expect(frameLabelAt(text, NAMES)).toBeUndefined();
    expect(dropFrameLabel(text, NAMES)).toEqual({ text, edits: [] });
    // A second label after the first is content the filters must see (elimination rule 4).
    expect(dropFrameLabel(`New Prompt: #Rewritten Prompt#: ${PROMPT}`, NAMES).text).toBe(`#Rewritten Prompt#: ${PROMPT}`);
  });

  it('does not take words that merely start the content, nor names it was not given', () => {
    for (const text of [`New prompt ideas for a blog about gardening, with ${PROMPT}`, `Rewritten prompts often lose detail. ${PROMPT}`, `Answer: ${PROMPT}`, `Here is the rewritten prompt: ${PROMPT}`]) {
      expect(dropFrameLabel(text, NAMES)).toEqual({ text, edits: [] });
    }
  });

  it('leaves an answer that is nothing but the label for the filters', () => {
    expect(dropFrameLabel('#Rewritten Prompt#:', NAMES)).toEqual({ text: '#Rewritten Prompt#:', edits: [] });
    expect(dropFrameLabel('**Created Prompt:**\n\n', NAMES).edits).toEqual([]);
  });

  it('keeps the content\'s own blank lines and layout after a label on its own line', () => {
    const body = `${PROMPT}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nExplain your reasoning.`;
    expect(dropFrameLabel(`Created Prompt:\n\n${body}`, NAMES).text).toBe(body);
  });
});
