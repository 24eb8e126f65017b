import { describe, expect, it } from 'vitest';
import { drawSystemKind } from '../../src/methods/orca/draw.js';
import { chosenOption, normaliseExplanation, parseExplanation } from '../../src/methods/orca/parse.js';
import { parseQueryLines } from '../../src/methods/orca/queries.js';
import { queryText } from '../../src/methods/orca/prompts.js';
import { eligibleKinds, SYSTEM_KINDS } from '../../src/methods/orca/system-messages.js';

const lines = (text: string) => text.split('\n').map((raw, i) => ({ raw, line: i + 1 }));

describe('orca system messages', () => {
  it('has 16 kinds, #1 empty, only #8 and #10 multiple-choice only', () => {
    expect(SYSTEM_KINDS.map((k) => k.id)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(SYSTEM_KINDS[0]!.text).toBe('');
    expect(SYSTEM_KINDS.filter((k) => k.multipleChoiceOnly).map((k) => k.id)).toEqual([8, 10]);
  });

  it('never gives the multiple-choice kinds to other rows, and gives them to MCQ rows', () => {
    const open = new Set<number>();
    const mcq = new Set<number>();
    for (let n = 0; n < 400; n++) {
      open.add(drawSystemKind(1, n, undefined, false, []).id);
      mcq.add(drawSystemKind(1, n, 'flan2021', true, []).id);
    }
    expect(open.has(8) || open.has(10)).toBe(false);
    expect(open.size).toBe(14);
    expect([...mcq].sort((a, b) => a - b)).toEqual([3, 4, 7, 8, 10]);
    expect(eligibleKinds('cot', true).map((k) => k.id)).toEqual([6, 11, 16]);
  });

  it('draws the same kind for the same seed and row whatever else was drawn', () => {
    const a = drawSystemKind(7, 5, 'niv2', false, []);
    drawSystemKind(7, 4, 'niv2', false, []);
    expect(drawSystemKind(7, 5, 'niv2', false, []).id).toBe(a.id);
    expect(drawSystemKind(7, 5, 'niv2', false, [13]).id).toBe(13);
  });
});

describe('orca queries', () => {
  it('reads instructions, inputs and options, and renders options as a lettered list', () => {
    const q = parseQueryLines(lines('{"instruction":"Pick one.","options":["red","blue"],"collection":"flan2021"}\n\n{"instruction":"Sum it.","input":"2 and 3"}'), 'q.jsonl');
    expect(q).toHaveLength(2);
    expect(queryText(q[0]!.instruction, q[0]!.input, q[0]!.options)).toBe('Pick one.\n\nOptions:\n(A) red\n(B) blue');
    expect(queryText(q[1]!.instruction, q[1]!.input, undefined)).toBe('Sum it.\n\n2 and 3');
  });

  it('names the file, line and key of a bad line', () => {
    expect(() => parseQueryLines(lines('{"instruction":"ok"}\n{"instruction":"x","options":["only"]}'), 'q.jsonl')).toThrow(/q\.jsonl:2: key "options": at least 2 options/);
    expect(() => parseQueryLines(lines('{"instruction":"ok","collection":"flan"}'), 'q.jsonl')).toThrow(/q\.jsonl:1: key "collection"/);
    expect(() => parseQueryLines(lines('{"instruction": "ok",'), 'q.jsonl')).toThrow(/q\.jsonl:1: not valid JSON/);
    expect(() => parseQueryLines(lines(''), 'q.jsonl')).toThrow(/no queries/);
  });
});

describe('orca answers as chat models write them', () => {
  it('keeps explanation paragraphs and drops only a closing offer of help', () => {
    const text = [
      'Sure! Let\'s work through it step by step.',
      '',
      '1. Three pencils cost 45 cents, so one pencil costs 15 cents.',
      '2. Twelve pencils cost 12 × 15 = 180 cents.',
      '',
      'Explanation: the unit price times the count gives $1.80.',
      '',
      'I hope this helps! Let me know if you have any other questions.',
    ].join('\n');
    const n = normaliseExplanation(text);
    expect(n.text).toContain('Explanation: the unit price');
    expect(n.text).not.toContain('I hope this helps');
    expect(n.edits).toEqual([{ habit: 'closing', removed: 'I hope this helps! Let me know if you have any other questions.' }]);
    expect(normaliseExplanation('Let me know if you want more.').edits).toEqual([]);
    expect(parseExplanation('  \n')).toBe('');
  });

  it('reads the chosen option the ways models name it', () => {
    const opts = ['shark', 'dolphin', 'trout', 'octopus'];
    expect(chosenOption('The correct answer is (B) dolphin.\n\nSharks are fish...', opts)).toBe(1);
    expect(chosenOption('**Answer: B**\n\nA dolphin breathes air.', opts)).toBe(1);
    expect(chosenOption('B. dolphin\n\nWhy the others are wrong: ...', opts)).toBe(1);
    expect(chosenOption('A dolphin is the mammal here, because it nurses its young.', opts)).toBe(1);
    expect(chosenOption('All four live in water; none of them is named first here.', ['x1', 'y1'])).toBeNull();
  });
});
