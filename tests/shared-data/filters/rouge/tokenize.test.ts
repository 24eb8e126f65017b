import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tokenizeRouge } from '../../../../src/filters/rouge/tokenize.js';
import { dataFile } from '../../data.js';
import { referenceTokenize } from '../../python-reference.js';

const TRICKY = [
  'Write a poem about the ocean.',
  "Don't use   snake_case or CamelCase!",
  'naïve café, Straße, İstanbul, \u212Aelvin, ﬁle',
  'x=3.14; y = 2e10 -> f(x)',
  '   ',
  '',
  '中文 text 123 ２０２４',
  'tab\tseparated\nnew-line\r\nwindows',
  'ALL CAPS AND 99 RED-BALLOONS',
];

describe('tokenizeRouge', () => {
  it('equals the reference tokenizer on tricky strings and on every real instruction', () => {
    const codealpaca = (JSON.parse(readFileSync(dataFile('codealpaca_2k.json'), 'utf8')) as { instruction: string; input: string }[]).flatMap((r) => [r.instruction, r.input]);
    const texts = [...TRICKY, ...codealpaca];
    expect(texts.map(tokenizeRouge)).toEqual(referenceTokenize(texts));
  });
});
