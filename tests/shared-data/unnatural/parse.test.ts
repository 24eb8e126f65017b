/**
 * The Unnatural Instructions reader on real teacher-written tasks: the Code Alpaca records
 * (CC BY-NC 4.0, from the data folder; text-davinci-003's instructions and inputs, code and
 * multi-line inputs among them) written back as core examples the ways teachers write one: a
 * completion model continuing the open example and running on into the next, a chat model with an
 * opener and bold labels, and one with a heading and a closing offer. Every field must come back
 * as it was; and the duplicate filter must find every exact repeat of the set.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normaliseCore } from '../../../src/methods/unnatural/chat-form.js';
import { coreKey } from '../../../src/methods/unnatural/filters.js';
import { parseCore } from '../../../src/methods/unnatural/parse.js';
import { dataFile } from '../data.js';

interface Rec {
  instruction: string;
  input: string;
  output: string;
}
const records = (JSON.parse(readFileSync(dataFile('codealpaca_2k.json'), 'utf8')) as Rec[]).filter((r) => r.input.trim() !== '' && r.instruction.trim() !== '');
const CONS = 'The output should be a short code snippet or a single value.';

const shapes: [string, boolean, (r: Rec) => string][] = [
  ['completion, running on into Example 5', false, (r) => `Instruction: ${r.instruction}\nInput: ${r.input}\nConstraints: ${CONS}\n\nExample 5\nInstruction: Reverse a string.\nInput: "abc"\nConstraints: One line.`],
  ['chat, opener and bold labels', true, (r) => `Sure! Here is a fourth example:\n\n**Instruction:** ${r.instruction}\n**Input:** ${r.input}\n**Constraints:** ${CONS}`],
  ['chat, heading and closing offer', true, (r) => `### Example 4\nInstruction: ${r.instruction}\nInput: ${r.input}\nConstraints: ${CONS}\n\nLet me know if you would like another example!`],
];

describe('Unnatural Instructions core examples on Code Alpaca tasks', () => {
  it('has real tasks with inputs to read', () => {
    expect(records.length).toBeGreaterThan(500);
  });

  for (const [name, chat, write] of shapes) {
    it(`${name}: every instruction and input comes back`, () => {
      const wrong: string[] = [];
      for (const r of records) {
        const text = write(r);
        const got = parseCore(chat ? normaliseCore(text).text : text);
        const want = { ok: true, instruction: r.instruction.trim(), input: r.input.trim(), constraints: CONS };
        if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${JSON.stringify(r.instruction)} -> ${JSON.stringify(got)}`);
      }
      // Inputs that themselves start a line with a field label ("Input: ...") cannot be told apart; none may be lost otherwise.
      const ambiguous = records.filter((r) => /^[ \t]*(?:instruction|input|constraints?)[ \t]*:/im.test(r.input)).length;
      expect(wrong.length, wrong.slice(0, 3).join('\n')).toBeLessThanOrEqual(ambiguous);
    });
  }

  it('the duplicate filter finds every exact repeat of instruction and input', () => {
    const exact = new Map<string, number>();
    const keyed = new Map<string, number>();
    for (const r of records) {
      exact.set(`${r.instruction}\n${r.input}`, (exact.get(`${r.instruction}\n${r.input}`) ?? 0) + 1);
      keyed.set(coreKey(r.instruction, r.input), (keyed.get(coreKey(r.instruction, r.input)) ?? 0) + 1);
    }
    const repeats = (m: Map<string, number>) => [...m.values()].reduce((n, c) => n + c - 1, 0);
    expect(repeats(keyed)).toBeGreaterThanOrEqual(repeats(exact));
    // Case, spacing and end punctuation only: distinct tasks stay distinct.
    expect(keyed.size).toBeGreaterThan(records.length * 0.9);
  });
});
