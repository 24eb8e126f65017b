import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  parseClassificationInstances,
  parseGenerationInstances,
  parseInstructionList,
  parseIsClassification,
} from '../../src/methods/self-instruct/parse.js';
import { demoLine, instructionPrompt } from '../../src/methods/self-instruct/prompts.js';
import { parseTemplate } from '../../src/prompts/template.js';
import { judgeInstances } from '../../src/methods/self-instruct/instances.js';
import { stepRng } from '../../src/engine/rng.js';
import { bundledData } from '../support/paths.js';

interface SeedLine {
  instruction: string;
  instances: { input: string; output: string }[];
  is_classification: boolean;
}
const seeds: SeedLine[] = readFileSync(bundledData('self_instruct_seed_tasks.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l));

describe('instruction prompt', () => {
  it('numbers 8 demos and ends with the bare next number', () => {
    const t = parseTemplate('t.txt', 'Header line.\n{{demos}}\n{{next}}.\n');
    const demos = seeds.slice(0, 8).map((s) => s.instruction);
    const prompt = instructionPrompt(t, demos);
    expect(prompt.endsWith('\n9.')).toBe(true);
    expect(prompt.split('\n')[1]).toBe(`1. ${demoLine(demos[0]!)}`);
    expect(prompt.split('\n')).toHaveLength(10);
  });
  it('collapses whitespace and strips a trailing colon in demos', () => {
    expect(demoLine('  Translate   the sentence\n into French:  ')).toBe('Translate the sentence into French');
  });
});

describe('parseInstructionList on real instructions', () => {
  const items = seeds.slice(10, 17).map((s) => s.instruction.replace(/\s+/g, ' ').trim());
  const completion = ' ' + items.map((t, i) => (i === 0 ? t : `${i + 9}. ${t}`)).join('\n');

  it('splits a continued list and applies Python capitalize()', () => {
    const parsed = parseInstructionList(completion);
    expect(parsed).toHaveLength(items.length);
    parsed.forEach((p, i) => {
      const t = items[i]!;
      expect(p).toBe(t.charAt(0).toUpperCase() + t.slice(1).toLowerCase());
    });
  });

  it('drops a repeated leading number from chat answers', () => {
    expect(parseInstructionList(`9. ${items[0]}\n10. ${items[1]}`)).toEqual(parseInstructionList(` ${items[0]}\n10. ${items[1]}`));
  });

  it('does not split on numbers inside an item', () => {
    const parsed = parseInstructionList(' Name 3. the largest planets\n10. List 5 rivers in Europe.');
    expect(parsed).toEqual(['Name 3. the largest planets', 'List 5 rivers in europe.']);
  });
});

describe('classification identification', () => {
  it('accepts exactly Yes / yes / YES', () => {
    expect(parseIsClassification(' Yes')).toBe(true);
    expect(parseIsClassification('YES\n')).toBe(true);
    expect(parseIsClassification(' No')).toBe(false);
    expect(parseIsClassification('Yes.')).toBe(false);
  });
});

describe('instance parsing on real seed instances', () => {
  it('input-first: Example chunks with Input/Output', () => {
    const withInput = seeds.filter((s) => s.instances[0]!.input !== '' && !s.is_classification).slice(0, 2);
    const text = withInput.map((s, i) => `Example ${i + 1}\nInput: ${s.instances[0]!.input}\nOutput: ${s.instances[0]!.output}`).join('\n');
    const parsed = parseGenerationInstances(text);
    expect(parsed).toEqual(withInput.map((s) => ({ input: s.instances[0]!.input.trim(), output: s.instances[0]!.output.trim() })));
  });
  it('input-first: a lone Output is one instance with empty input', () => {
    const s = seeds.find((x) => x.instances[0]!.input === '')!;
    expect(parseGenerationInstances(`Output: ${s.instances[0]!.output}`)).toEqual([{ input: '', output: s.instances[0]!.output.trim() }]);
  });
  it('input-first: text with neither marker gives no instances', () => {
    expect(parseGenerationInstances('I cannot think of an example.')).toEqual([]);
  });
  it('output-first: Class label chunks, label then input', () => {
    const clf = seeds.filter((s) => s.is_classification && s.instances[0]!.input !== '').slice(0, 3);
    const text = clf.map((s) => `Class label: ${s.instances[0]!.output}\n${s.instances[0]!.input}`).join('\n');
    const parsed = parseClassificationInstances(text);
    expect(parsed.map((p) => p.output)).toEqual(clf.map((s) => s.instances[0]!.output.trim().split('\n')[0]!.trim()));
    expect(parsed).toHaveLength(3);
  });
});

describe('instance filters (methods.md 1d)', () => {
  const rng = () => stepRng(1, 'test');
  it('drops input==output, empty outputs and trailing colons, keeping a verdict for each', () => {
    const judged = judgeInstances(
      [
        { input: 'a b', output: 'a b' },
        { input: 'x', output: '' },
        { input: 'Sentence:', output: 'positive' },
        { input: 'fine', output: 'ok' },
      ],
      false,
      5,
      rng(),
    );
    expect(judged.map((j) => j.reason ?? 'accepted')).toEqual(['input-equals-output', 'empty-output', 'ends-with-colon', 'accepted']);
  });
  it('drops only the last instance of a truncated answer', () => {
    const judged = judgeInstances([{ input: '1', output: 'one' }, { input: '2', output: 'tw' }], true, 5, rng());
    expect(judged.map((j) => j.status)).toEqual(['accepted', 'rejected']);
    expect(judged[1]!.reason).toBe('truncated');
  });
  it('drops the whole task when one input has two outputs', () => {
    const judged = judgeInstances([{ input: 'same', output: 'A' }, { input: 'same', output: 'B' }, { input: 'other', output: 'C' }], false, 5, rng());
    expect(judged.every((j) => j.reason === 'consistent-task')).toBe(true);
  });
  it('collapses exact duplicates and keeps at most N, reproducibly', () => {
    const raw = Array.from({ length: 8 }, (_, i) => ({ input: `in ${i}`, output: `out ${i}` }));
    raw.push({ input: 'in 0', output: 'out 0' });
    const a = judgeInstances(raw, false, 5, rng());
    const b = judgeInstances(raw, false, 5, rng());
    expect(a.filter((j) => j.status === 'accepted')).toHaveLength(5);
    expect(a[8]!.reason).toBe('duplicate-instance');
    expect(a.map((j) => j.status)).toEqual(b.map((j) => j.status));
  });
});
