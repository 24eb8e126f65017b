import { describe, expect, it } from 'vitest';
import { coreKey, duplicateVerdict, reformulationVerdicts, withInput, type Seen } from '../../src/methods/unnatural/filters.js';
import { parseDemoLines } from '../../src/methods/unnatural/demos.js';
import { promptOf } from '../../src/methods/unnatural/recipe.js';

const lines = (...raw: string[]) => raw.map((r, i) => ({ raw: r, line: i + 1 }));

describe('unnatural duplicates', () => {
  it('match instruction and input after case, spacing and end punctuation, not constraints', () => {
    expect(coreKey('Sort the words.', 'pear,  apple')).toBe(coreKey('sort the words', 'Pear, apple'));
    expect(coreKey('Sort the words.', 'pear, apple')).not.toBe(coreKey('Sort the words.', 'apple, pear'));
    const seen: Seen = new Map([[coreKey('Sort the words.', 'pear, apple'), { demo: 7 }], [coreKey('Name a dish.', 'eggs'), { core: 40 }]]);
    expect(duplicateVerdict(seen, 'SORT the words', 'pear, apple')).toEqual({ filter: 'copies-demo', passed: false, detail: { demo_sample: 7 } });
    expect(duplicateVerdict(seen, 'Name a dish!', 'eggs')).toEqual({ filter: 'duplicate', passed: false, detail: { first_sample: 40 } });
    expect(duplicateVerdict(seen, 'Name a dish.', 'rice')).toEqual({ filter: 'duplicate', passed: true });
  });
});

describe('unnatural reformulations', () => {
  const core = { instruction: 'Sort the given words in alphabetical order.', input: 'pear, apple, mango, cherry' };
  const failed = (text: string, earlier: string[] = []) => reformulationVerdicts(text, core, '{INPUT}', earlier).find((v) => !v.passed)?.filter;

  it('need the placeholder exactly once', () => {
    expect(failed('Put these in A-to-Z order: {INPUT}')).toBeUndefined();
    expect(failed('Put these words in A-to-Z order.')).toBe('input-placeholder');
    expect(failed('Sort {INPUT} and then print {INPUT} again.')).toBe('input-placeholder');
  });
  it('may not paste the input as well, repeat the instruction or repeat an earlier one', () => {
    expect(failed('Order {INPUT} (that is: pear, apple, mango, cherry) alphabetically.')).toBe('input-pasted');
    expect(failed('Sort the given words in alphabetical order {INPUT}')).toBe('restates');
    expect(failed('Put these in A-to-Z order: {INPUT}', ['put these in a-to-z order: {INPUT}.'])).toBe('duplicate');
  });
  it('the stored task has the input in place of the placeholder', () => {
    expect(withInput('Put these in A-to-Z order: {INPUT}', '{INPUT}', ' pear, apple ')).toBe('Put these in A-to-Z order: pear, apple');
  });
});

describe('unnatural demo sets', () => {
  const ok = (set: number, i: string) => JSON.stringify({ set, instruction: `Task ${i}.`, input: `input ${i}`, constraints: 'One word.' });

  it('a bad line is named with its file, line and key', () => {
    expect(() => parseDemoLines(lines(ok(1, 'a'), '{"set": 1, "instruction": "x", "input": "", "constraints": "c"}'), 'd.jsonl', 1)).toThrow(/d\.jsonl:2: key "input": a non-empty input/);
    expect(() => parseDemoLines(lines('{not json'), 'd.jsonl', 1)).toThrow(/d\.jsonl:1: not valid JSON/);
    expect(() => parseDemoLines(lines(ok(1, 'a'), ok(1, 'b'), ok(2, 'c')), 'd.jsonl', 2)).toThrow(/d\.jsonl:3: key "set": set 2 has 1 demos/);
  });
  it('each prompt shows one whole set, drawn by the run seed and the prompt index', () => {
    const demos = parseDemoLines(lines(ok(1, 'a'), ok(1, 'b'), ok(2, 'c'), ok(2, 'd'), ok(3, 'e'), ok(3, 'f')), 'd.jsonl', 2);
    const sets = [1, 2, 3].map((s) => demos.filter((d) => d.set === s).map((d, i) => ({ ...d, id: i })));
    const drawn = Array.from({ length: 60 }, (_, n) => promptOf(42, n, sets, 2));
    for (const q of drawn) expect(new Set(q.demos.map((d) => d.set))).toEqual(new Set([q.set]));
    expect(new Set(drawn.map((q) => q.set))).toEqual(new Set([1, 2, 3]));
    expect(drawn.map((q) => q.set)).toEqual(Array.from({ length: 60 }, (_, n) => promptOf(42, n, sets, 2).set));
    expect(drawn.map((q) => q.set)).not.toEqual(Array.from({ length: 60 }, (_, n) => promptOf(43, n, sets, 2).set));
  });
});
