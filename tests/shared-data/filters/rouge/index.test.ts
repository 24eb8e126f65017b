import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mixNearDuplicates } from '../../../../bench/rouge/mutate.js';
import { Rng } from '../../../../bench/rouge/rng.js';
import { tokenizeRouge } from '../../../../src/filters/rouge/tokenize.js';
import { scoreMatrix } from '../../../filters/rouge/brute.js';
import { expectRealTextsSameAsBrute, expectSameAsBrute } from '../../../filters/rouge/index-check.js';
import { dataFile } from '../../data.js';

const REAL: [string, string[]][] = [['codealpaca_2k', (JSON.parse(readFileSync(dataFile('codealpaca_2k.json'), 'utf8')) as Record<string, string>[]).map((r) => r.instruction!)]];

describe('RougeIndex on the real files', () => {
  for (const [name, texts] of REAL) {
    it(`${name}: decisions, max scores and most similar rows equal brute force at several thresholds`, () => {
      expectRealTextsSameAsBrute(texts);
    }, 30_000);
  }

  it('codealpaca with near-duplicates mixed in: many rejections, same as brute force', () => {
    const texts = mixNearDuplicates(REAL[0]![1].slice(0, 500), new Rng(3));
    const tokens = texts.map(tokenizeRouge);
    const rejected = expectSameAsBrute(tokens, scoreMatrix(tokens), 0.7);
    expect(rejected).toBeGreaterThan(texts.length / 5);
  }, 30_000);
});
