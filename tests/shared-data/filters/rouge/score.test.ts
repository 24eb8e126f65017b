import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rougeLF } from '../../../../src/filters/rouge/score.js';
import { tokenizeRouge } from '../../../../src/filters/rouge/tokenize.js';
import { Rng } from '../../../../bench/rouge/rng.js';
import { mutate } from '../../../../bench/rouge/mutate.js';
import { dataFile } from '../../data.js';
import { referenceScores } from '../../python-reference.js';

const codealpaca = (JSON.parse(readFileSync(dataFile('codealpaca_2k.json'), 'utf8')) as { instruction: string }[]).map((r) => r.instruction);

describe('rougeLF', () => {
  it("equals the reference's rouge_l_f bit for bit on real instruction pairs", () => {
    const rng = new Rng(11);
    const vocabulary = codealpaca.flatMap((t) => t.split(' '));
    const pairs: [string, string][] = [];
    for (let i = 0; i < 400; i++) pairs.push([rng.pick(codealpaca), rng.pick(codealpaca)]);
    for (let i = 0; i + 1 < 300; i++) pairs.push([codealpaca[i]!, codealpaca[i + 1]!]);
    // Near-duplicates score near the 0.7 threshold, where a last-bit difference would flip a verdict.
    for (let i = 0; i < 400; i++) {
      const t = rng.pick(codealpaca);
      pairs.push([t, mutate(t.split(' '), 1 + rng.int(5), rng, vocabulary).join(' ')]);
    }
    const expected = referenceScores(pairs);
    const actual = pairs.map(([a, b]) => rougeLF(tokenizeRouge(a), tokenizeRouge(b)));
    expect(actual).toEqual(expected);
    expect(actual.filter((f) => f > 0.6 && f < 0.8).length).toBeGreaterThan(50);
  });
});
