import { describe, expect, it } from 'vitest';
import { dropExplanation, dropIntro, firstOption, joinAnnounced, normaliseBacktranslatedAnswer, unwrapInstruction } from '../../src/methods/backtranslation/chat-form.js';
import { introHead, isExplanation, isLabelHead } from '../../src/methods/backtranslation/chat-intro.js';
import { parseBacktranslatedInstruction } from '../../src/methods/backtranslation/parse.js';

const read = (text: string): string => parseBacktranslatedInstruction(normaliseBacktranslatedAnswer(text).text);
const habits = (text: string): string[] => normaliseBacktranslatedAnswer(text).edits.map((e) => e.habit);

describe('chat-intro: what introduces, labels or explains an instruction', () => {
  it('takes intros that speak about the instruction or the user', () => {
    for (const h of ['The user most likely asked', 'A likely instruction would be', "Sure! Here's a possible instruction", 'Based on the response, the user probably asked something like', 'One possible prompt is', "Here's what the user likely asked", 'The instruction could be', 'Based on the response provided, here is the instruction the user most likely gave'])
      expect(introHead(h), h).toBe(true);
  });

  it('leaves heads that are part of an instruction', () => {
    for (const h of ['Answer the following question', 'Summarize the following in two sentences', 'Here is a question from my statistics homework', 'Given a list of integers, write a function that returns the second largest value', 'Explain the task', 'Write a story about a user who asked'])
      expect(introHead(h), h).toBe(false);
  });

  it('knows a bare label from a sentence', () => {
    expect(isLabelHead('Instruction')).toBe(true);
    expect(isLabelHead('Likely user request')).toBe(true);
    expect(isLabelHead('User')).toBe(true);
    expect(isLabelHead('Write an instruction')).toBe(false);
    expect(isLabelHead('Instructions for assembling a desk')).toBe(false);
    expect(isLabelHead('Reverse-engineered prompt')).toBe(true);
    expect(isLabelHead('Predicted user question')).toBe(true);
    expect(isLabelHead('Homework question')).toBe(false);
    expect(isLabelHead('Answer this question')).toBe(false);
    expect(isLabelHead('Instruction for the response above')).toBe(true);
    expect(isLabelHead('[User]')).toBe(true);
    expect(isLabelHead('Question for the author of this text')).toBe(false);
  });

  it('knows a remark about the instruction from a second sentence of it', () => {
    expect(isExplanation('This instruction fits because the response lists steps.')).toBe(true);
    expect(isExplanation('Explanation: the response covers both sides.')).toBe(true);
    expect(isExplanation('The response covers venue, food and decorations.')).toBe(true);
    expect(isExplanation('Mention SQL and Tableau experience.')).toBe(false);
    expect(isExplanation('The answer should be under 200 words.')).toBe(false);
  });
});

describe('self-augment chat normaliser', () => {
  it('takes out an opener followed by a blank line, so the parser does not keep only the opener', () => {
    const text = "Sure! Here's a possible instruction:\n\nWrite a haiku about the first snow of winter.";
    expect(parseBacktranslatedInstruction(text)).toBe("Sure! Here's a possible instruction:");
    expect(read(text)).toBe('Write a haiku about the first snow of winter.');
    expect(habits(text)).toEqual(['preamble']);
  });

  it('takes the instruction from the 2nd line after an opener with no blank line', () => {
    expect(read('I think the user asked something like this:\nHow do I descale a kettle?')).toBe('How do I descale a kettle?');
  });

  it('cuts an intro on the instruction\'s own line and the quotes around it', () => {
    const n = dropIntro('The user most likely asked: "How do I fix a leaking tap?"');
    expect(n.text).toBe('"How do I fix a leaking tap?"');
    expect(n.edits).toEqual([{ habit: 'preamble', removed: 'The user most likely asked:' }]);
    expect(unwrapInstruction(n.text)).toEqual({ text: 'How do I fix a leaking tap?', edits: [{ habit: 'wrapping', removed: '"…"' }] });
  });

  it('unmarks a bold label and records it as label and markup', () => {
    const n = normaliseBacktranslatedAnswer('**Instruction:** Explain recursion to a ten-year-old.');
    expect(n.text).toBe('Explain recursion to a ten-year-old.');
    expect(n.edits.map((e) => e.habit)).toEqual(['frame-label', 'markup']);
  });

  it('drops a heading line and an explanation after the instruction', () => {
    expect(read('### Instruction\n\nPlan a picnic for six.\n\nThis instruction fits because the response lists food for six.')).toBe('Plan a picnic for six.');
    const e = dropExplanation('Plan a picnic for six.\nThis instruction matches the list of foods.');
    expect(e.text).toBe('Plan a picnic for six.');
    expect(e.edits[0]).toMatchObject({ habit: 'closing', removed: 'This instruction matches the list of foods.' });
  });

  it('keeps a colon and several sentences that belong to the instruction', () => {
    const t = 'Draft a meal plan: three meals a day. Keep it vegetarian. Mention protein sources.';
    expect(normaliseBacktranslatedAnswer(t)).toEqual({ text: t, edits: [] });
    const q = 'Answer the following question: why does ice float on water?';
    expect(normaliseBacktranslatedAnswer(q)).toEqual({ text: q, edits: [] });
  });

  it('keeps the first of several listed options', () => {
    const n = firstOption('1. How do I bake bread?\n2. What is the easiest bread recipe?');
    expect(n.text).toBe('How do I bake bread?');
    expect(n.edits).toEqual([{ habit: 'layout', removed: '2. What is the easiest bread recipe?' }]);
    expect(firstOption('1. Only one numbered line.').edits).toEqual([]);
  });

  it('leaves an answer that is only an opener for the length filter, never empties it', () => {
    expect(normaliseBacktranslatedAnswer('Sure! Here is a possible instruction:').text).toBe('Sure! Here is a possible instruction:');
  });

  it('takes out closing remarks after a blank line', () => {
    const n = normaliseBacktranslatedAnswer('What is the capital of Australia?\n\nI hope this helps!');
    expect(n.text).toBe('What is the capital of Australia?');
    expect(n.edits.map((e) => e.habit)).toEqual(['closing']);
  });

  it('reads an instruction in a blockquote, or fenced after its label', () => {
    expect(read("Here's a likely instruction:\n\n> \"How do I X?\"")).toBe('How do I X?');
    expect(habits("Here's a likely instruction:\n\n> \"How do I X?\"")).toEqual(['preamble', 'markup', 'wrapping']);
    expect(read('Generated instruction:\n```\nHow do I X?\n```')).toBe('How do I X?');
  });

  it('keeps what an instruction announces with a colon across the blank line after it', () => {
    const t = 'Rewrite this sentence in the passive voice:\n\nThe cat chased the mouse.\n\nI hope this helps!';
    expect(parseBacktranslatedInstruction(t)).toBe('Rewrite this sentence in the passive voice:');
    expect(read(t)).toBe('Rewrite this sentence in the passive voice:\nThe cat chased the mouse.');
    expect(habits(t)).toEqual(['closing', 'layout']);
    expect(joinAnnounced('How do I X?\n\nMore.').edits).toEqual([]);
    expect(joinAnnounced('Only an announcement:').edits).toEqual([]);
  });
});
