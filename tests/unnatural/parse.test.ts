/**
 * Core examples, outputs and reformulations as teachers write them: a completion model continuing
 * the open example (and running on into the next), chat models with openers, bold labels, headings
 * and closing offers, fields on several lines, "None" for a field, cut answers. Written by us after
 * the shapes GPT-3.5/4-class and open chat models produce for an enumerated few-shot prompt.
 */
import { describe, expect, it } from 'vitest';
import { normaliseCore, normaliseFreeText } from '../../src/methods/unnatural/chat-form.js';
import { parseCore, parseOutput, parseReformulation } from '../../src/methods/unnatural/parse.js';

const INSTR = 'Given a recipe title, say which meal of the day it is most likely meant for.';
const INPUT = 'Overnight oats with cinnamon apples';
const CONS = "The output should be 'breakfast', 'lunch' or 'dinner'.";

interface Case {
  name: string;
  text: string;
  chat: boolean;
  want?: { instruction: string; input: string; constraints: string };
  missing?: string[];
  edits?: string[];
}

const CASES: Case[] = [
  {
    name: 'completion: continues the open example and stops at the next header',
    text: `Instruction: ${INSTR}\nInput: ${INPUT}\nConstraints: ${CONS}\n\n`,
    chat: false,
    want: { instruction: INSTR, input: INPUT, constraints: CONS },
  },
  {
    name: 'completion: runs on into another example without a header',
    text: `Instruction: ${INSTR}\nInput: ${INPUT}\nConstraints: ${CONS}\nInstruction: Name a colour.\nInput: sky\nConstraints: One word.`,
    chat: false,
    want: { instruction: INSTR, input: INPUT, constraints: CONS },
  },
  {
    name: 'completion: repeats the open header, then a fifth example',
    text: `Example 4\nInstruction: ${INSTR}\nInput: ${INPUT}\nConstraints: ${CONS}\n\nExample 5\nInstruction: Name a colour.\nInput: sky\nConstraints: One word.`,
    chat: false,
    want: { instruction: INSTR, input: INPUT, constraints: CONS },
  },
  {
    name: 'input over several lines (a dialogue)',
    text: `Instruction: Say who is asking for help in the dialogue.\nInput: Sam: Can you hold the ladder?\nAlex: Sure, one second.\nConstraints: The output should be a name from the dialogue.`,
    chat: false,
    want: { instruction: 'Say who is asking for help in the dialogue.', input: 'Sam: Can you hold the ladder?\nAlex: Sure, one second.', constraints: 'The output should be a name from the dialogue.' },
  },
  {
    name: 'chat: an opener and bold labels',
    text: `Sure! Here's a fourth example:\n\n**Instruction:** ${INSTR}\n**Input:** ${INPUT}\n**Constraints:** ${CONS}`,
    chat: true,
    want: { instruction: INSTR, input: INPUT, constraints: CONS },
    edits: ['markup', 'markup', 'markup', 'preamble'],
  },
  {
    name: 'chat: a heading for the example and a closing offer',
    text: `### Example 4\nInstruction: ${INSTR}\nInput: ${INPUT}\nConstraints: ${CONS}\n\nLet me know if you'd like more examples like this one!`,
    chat: true,
    want: { instruction: INSTR, input: INPUT, constraints: CONS },
    edits: ['markup', 'closing'],
  },
  {
    name: 'chat: bold example header with labels on their own lines',
    text: `**Example 4**\n\nInstruction:\n${INSTR}\n\nInput:\n${INPUT}\n\nConstraints:\n${CONS}\n`,
    chat: true,
    want: { instruction: INSTR, input: INPUT, constraints: CONS },
    edits: ['markup'],
  },
  {
    name: '"Constraint:" in the singular',
    text: `Instruction: ${INSTR}\nInput: ${INPUT}\nConstraint: ${CONS}`,
    chat: false,
    want: { instruction: INSTR, input: INPUT, constraints: CONS },
  },
  { name: 'no constraints line', text: `Instruction: ${INSTR}\nInput: ${INPUT}\n`, chat: false, missing: ['constraints'] },
  { name: '"None" for the input', text: `Instruction: Tell a short joke about cats.\nInput: None\nConstraints: The joke should be one sentence.`, chat: false, missing: ['input'] },
  { name: 'cut inside the input by max_tokens', text: `Instruction: ${INSTR}\nInput: Overnight oats w`, chat: false, missing: ['constraints'] },
  {
    name: 'chat: prose instead of the format',
    text: 'Here is an idea for a task: ask the model to decide which meal a recipe is for, using only breakfast, lunch or dinner as answers.',
    chat: true,
    missing: ['instruction', 'input', 'constraints'],
  },
];

describe('unnatural core examples', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const n = c.chat ? normaliseCore(c.text) : { text: c.text, edits: [] };
      const got = parseCore(n.text);
      if (c.want) expect(got).toEqual({ ok: true, ...c.want });
      else expect(got).toEqual({ ok: false, reason: 'missing-field', missing: c.missing });
      if (c.edits) expect(n.edits.map((e) => e.habit).sort()).toEqual([...c.edits].sort());
    });
  }

  it('a chat answer needs the normaliser: bold labels are not read as fields by the reference parser', () => {
    const text = `**Instruction:** ${INSTR}\n**Input:** ${INPUT}\n**Constraints:** ${CONS}`;
    expect(parseCore(text).ok).toBe(false);
    expect(parseCore(normaliseCore(text).text).ok).toBe(true);
  });

  it('a value that itself has markdown keeps it', () => {
    const text = `Instruction: Put the **bold** words of the sentence in a list.\nInput: The **red** fox and the **quick** hare.\nConstraints: One word per line.`;
    const got = parseCore(normaliseCore(text).text);
    expect(got).toMatchObject({ ok: true, input: 'The **red** fox and the **quick** hare.' });
  });
});

describe('unnatural outputs and reformulations', () => {
  it('outputs: a repeated label and a chat closing are taken off, the answer kept', () => {
    expect(parseOutput('Output: breakfast')).toBe('breakfast');
    expect(parseOutput(' dinner\n')).toBe('dinner');
    const n = normaliseFreeText('5:45 p.m.\n\nLet me know if you need any other times converted!');
    expect(parseOutput(n.text)).toBe('5:45 p.m.');
    expect(n.edits.map((e) => e.habit)).toEqual(['closing']);
    // An output that ends with a word to its own reader is content.
    expect(parseOutput(normaliseFreeText('Mix the oats and milk, chill overnight.\n\nEnjoy your breakfast!').text)).toContain('Enjoy your breakfast!');
  });

  it('reformulations: the first paragraph, without a repeated label or wrapping quotes', () => {
    expect(parseReformulation('Restated: Which meal would "{INPUT}" be served at?')).toEqual({ ok: true, text: 'Which meal would "{INPUT}" be served at?' });
    expect(parseReformulation('"Here is a recipe title: {INPUT}. Is it breakfast, lunch or dinner?"')).toEqual({ ok: true, text: 'Here is a recipe title: {INPUT}. Is it breakfast, lunch or dinner?' });
    expect(parseReformulation('Which meal is {INPUT} for?\n\nThis version asks the same thing more directly.')).toEqual({ ok: true, text: 'Which meal is {INPUT} for?' });
    expect(parseReformulation('Take a look at this:\n{INPUT}\nWhich meal is it for?')).toEqual({ ok: true, text: 'Take a look at this:\n{INPUT}\nWhich meal is it for?' });
    expect(parseReformulation('   \n')).toEqual({ ok: false, reason: 'empty' });
  });
});
