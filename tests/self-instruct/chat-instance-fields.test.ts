/** The instance answers' field habits, each step alone: what it rewrites, and what it must leave as content. */
import { describe, expect, it } from 'vitest';
import { exampleHeadForm, labelLines, unbulletPairHeads, unquoteValues } from '../../src/methods/self-instruct/chat-instance-fields.js';
import { parseClassificationInstances, parseGenerationInstances } from '../../src/methods/self-instruct/parse.js';

describe('exampleHeadForm', () => {
  it('writes "Example 1:" as "Example 1", so the pair input does not start with a colon', () => {
    const r = exampleHeadForm('Example 1:\nWord: big\nOutput: large\nExample 2 :\nWord: fast\nOutput: quick');
    expect(parseGenerationInstances(r.text)).toEqual([{ input: 'Word: big', output: 'large' }, { input: 'Word: fast', output: 'quick' }]);
    expect(r.edits).toEqual([{ habit: 'layout', removed: 'Example 1:\nExample 2 :' }]);
  });

  it('leaves "Example 1" and a sentence that mentions an example', () => {
    const t = 'Example 1\nOutput: For example: a cat.';
    expect(exampleHeadForm(t)).toEqual({ text: t, edits: [] });
  });
});

describe('unbulletPairHeads', () => {
  it('takes a bullet or an item number off "Input:" and "Output:" heads', () => {
    const r = unbulletPairHeads('1. Input: a\n   Output: b\n- Input: c\n* Output: d\n2) Output: e');
    expect(r.text).toBe('Input: a\n   Output: b\nInput: c\nOutput: d\nOutput: e');
    expect(r.edits.map((e) => e.habit)).toEqual(['markup']);
  });

  it('leaves bullets that are part of an output', () => {
    const t = 'Output: Pack these:\n- Note: a torch\n- water\n1. Outputs: none';
    expect(unbulletPairHeads(t)).toEqual({ text: t, edits: [] });
  });
});

describe('unquoteValues', () => {
  it('unquotes the values when every one-line value is quoted', () => {
    const r = unquoteValues('Example 1\nInput: "the nile."\nOutput: “The Nile.”');
    expect(r.text).toBe('Example 1\nInput: the nile.\nOutput: The Nile.');
    expect(r.edits[0]!.habit).toBe('wrapping');
  });

  it('leaves quotes that belong to one output, or to a value with quotes inside', () => {
    for (const t of ['Sentence: Stop, said the guard.\nOutput: "Stop," said the guard.', 'Input: plain\nOutput: "quoted"', 'Input: "a "b" c"\nOutput: "d"', 'Output: "alone"']) {
      expect(unquoteValues(t)).toEqual({ text: t, edits: [] });
    }
  });
});

describe('labelLines', () => {
  it('unquotes a label, recording it', () => {
    const r = labelLines('Class label: "Positive"\nReview: Great.\nClass label: “Negative”\nReview: Awful.');
    expect(parseClassificationInstances(r.text)).toEqual([{ output: 'Positive', input: 'Review: Great.' }, { output: 'Negative', input: 'Review: Awful.' }]);
    expect(r.edits.map((e) => e.habit)).toEqual(['wrapping', 'wrapping']);
  });

  it("puts an input written on the label's line on a line of its own", () => {
    const r = labelLines('Class label: Question - Sentence: Did you eat?\nClass label: Command – Sentence: Eat.');
    expect(parseClassificationInstances(r.text)).toEqual([{ output: 'Question', input: 'Sentence: Did you eat?' }, { output: 'Command', input: 'Sentence: Eat.' }]);
    expect(r.edits.map((e) => e.habit)).toEqual(['layout', 'layout']);
  });

  it('leaves labels that contain a dash or quotes of their own', () => {
    for (const t of ['Class label: Not spam - likely\nEmail: hi', 'Class label: Sci-fi\nTitle: Dune', 'Class label: "Yes" or "No"']) expect(labelLines(t)).toEqual({ text: t, edits: [] });
  });
});
