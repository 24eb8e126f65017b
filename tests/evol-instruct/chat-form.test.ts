import { describe, expect, it } from 'vitest';
import { markerLeakVerdict } from '../../src/filters/evol-elimination.js';
import { normaliseEquality } from '../../src/methods/evol-instruct/chat-equality.js';
import { isEvolutionPreamble, isRewriteComment, normaliseEvolution } from '../../src/methods/evol-instruct/chat-form.js';
import { evolveInBreadth, evolveInDepth, judgeEquality } from '../../src/methods/evol-instruct/stages.js';

const PROMPT = 'Plan a three-day trip to Kyoto for two people on a budget of $500, listing one temple per day.';
const habits = (text: string) => normaliseEvolution(text).edits.map((e) => e.habit);

describe('evolution answers in chat mode', () => {
  it('is the normaliser of both evolve stages', () => {
    expect(evolveInDepth.normalise!(`Rewritten Prompt: ${PROMPT}`, { instruction: 'x', method: 'y' }).text).toBe(PROMPT);
    expect(evolveInBreadth.normalise!(`Created Prompt: ${PROMPT}`, { instruction: 'x' }).text).toBe(PROMPT);
  });

  it('takes off a preamble, a label, quotes and a closing comment stacked around the prompt', () => {
    const text = `Sure! Here's a more complex version of the prompt:\n\n**#Rewritten Prompt#:**\n"${PROMPT}"\n\nThis rewritten prompt adds a budget and a fixed number of temples.`;
    const n = normaliseEvolution(text);
    expect(n.text).toBe(PROMPT);
    expect(n.edits.map((e) => e.habit)).toEqual(['preamble', 'frame-label', 'closing', 'wrapping']);
    expect(markerLeakVerdict(n.text).passed).toBe(true);
  });

  it('keeps a prompt\'s own blank lines, table, code and closing instruction to its reader', () => {
    const table = `Using the orders below, name the customer with the highest total.\n\n| customer | amount |\n|---|---|\n| Ana | 120 |\n| Ben | 75 |\n\nExplain your reasoning.`;
    const code = 'Find the bug in this function and explain the fix:\n\n```python\ndef mean(xs):\n    return sum(xs) / len(xs) - 1\n```\n\nThen write one test that would have caught it.';
    const note = `${PROMPT}\n\nNote: assume all prices include tax.`;
    const lead = 'Here are the quarterly sales figures:\n| q | sales |\n|---|---|\n| 1 | 50 |\n| 2 | 80 |\nWhich quarter grew fastest, and by how much?';
    for (const t of [table, code, note, lead]) expect(normaliseEvolution(t)).toEqual({ text: t, edits: [] });
  });

  it('leaves marker words that are not a leading label, so rule 4 still rejects them', () => {
    for (const t of [`${PROMPT} Compare it with the #Given Prompt#.`, `Here is the rewritten prompt: ${PROMPT}`, `The created prompt is: ${PROMPT}`]) {
      const n = normaliseEvolution(t);
      expect(n.text).toBe(t);
      expect(markerLeakVerdict(n.text).passed).toBe(false);
    }
  });

  it('recognises each habit on its own', () => {
    expect(habits(`## Rewritten Prompt\n\n${PROMPT}`)).toEqual(['frame-label']);
    expect(habits(`\`\`\`\n${PROMPT}\n\`\`\``)).toEqual(['wrapping']);
    expect(habits(`**${PROMPT}**`)).toEqual(['markup']);
    expect(habits(`${PROMPT}\n\nNote: I added a budget constraint and a time frame.`)).toEqual(['closing']);
    expect(habits(`${PROMPT}\n\n---\n\n**Explanation:**\n\n- adds a budget\n- adds a count`)).toEqual(['closing']);
  });

  it('tells a comment on the rewrite from a last sentence for the prompt\'s reader', () => {
    for (const c of ['This rewritten prompt adds a budget.', 'This version of the prompt introduces a fixed count of temples.', 'This version adds a constraint on the budget.', 'The more challenging version asks for a table.', 'I added a budget constraint.', '(Word count: 31)', 'Note: the rewritten prompt asks for more detail.']) {
      expect(isRewriteComment(c), c).toBe(true);
    }
    for (const c of ['The final version must fit on one page.', 'This prompt requires you to cite two sources.', 'This version of the recipe serves 4.', 'The new version adds dark mode and offline sync.', 'This version adds dark mode.', 'Note: assume all prices include tax.', 'Explain your reasoning.', 'If you need to make assumptions, state them.']) {
      expect(isRewriteComment(c), c).toBe(false);
      expect(normaliseEvolution(`${PROMPT}\n\n${c}`).edits).toEqual([]);
      expect(normaliseEvolution(`${PROMPT}\n${c}`).edits).toEqual([]);
    }
  });

  it('never empties an answer that is only chatter', () => {
    expect(normaliseEvolution('Sure, here is the rewritten prompt:').text).toBe('Sure, here is the rewritten prompt:');
    expect(isEvolutionPreamble('Here is the rewritten prompt: Describe X.')).toBe(false);
  });
});

describe('equality answers in chat mode', () => {
  const read = (t: string) => judgeEquality.parse(judgeEquality.normalise!(t, { parent: 'a', evolved: 'b' }).text, 'stop', { parent: 'a', evolved: 'b' });
  it.each([
    ['Not Equal.', 'not-equal'],
    ['**Equal**', 'equal'],
    ['Not equal. The second prompt adds a word limit.', 'not-equal'],
    ['They are not equal because the second adds a deadline.', 'not-equal'],
    ['Equal — both ask for a summary of the same article.', 'equal'],
    ['Equal. One could say they are not equal in wording, but they ask the same.', 'equal'],
    ['The two instructions are the same.', 'equal'],
    ['Answer: **Not Equal**', 'not-equal'],
  ])('%j reads as %s', (text, parsed) => {
    expect((read(text).detail as { parsed: string }).parsed).toBe(parsed);
  });

  it('leaves exact answers and answers with no verdict as written', () => {
    expect(normaliseEquality('Equal')).toEqual({ text: 'Equal', edits: [] });
    expect(normaliseEquality('Not Equal')).toEqual({ text: 'Not Equal', edits: [] });
    expect(normaliseEquality('I cannot compare these.')).toEqual({ text: 'I cannot compare these.', edits: [] });
  });

  it('records what it read', () => {
    expect(normaliseEquality('**Equal**').edits.map((e) => e.habit)).toEqual(['markup']);
    expect(normaliseEquality('Not equal, the second is harder.').edits.map((e) => e.habit)).toEqual(['tolerant-reading']);
    expect(normaliseEquality('"Not Equal"')).toEqual({ text: 'Not Equal', edits: [{ habit: 'wrapping', removed: '"…"' }] });
  });
});
