import { describe, expect, it } from 'vitest';
import { tokenize, tokenizeRouge, tokenizeUnicode } from '../../../src/filters/rouge/tokenize.js';

// Equality with the Python reference tokenizer on tricky strings and Code Alpaca is in
// tests/shared-data/filters/rouge/tokenize.test.ts (npm run test:data).

describe('tokenizeRouge', () => {
  it('lower-cases and keeps runs of [a-z0-9]', () => {
    expect(tokenizeRouge("Don't stop: Write 2 poems!")).toEqual(['don', 't', 'stop', 'write', '2', 'poems']);
    expect(tokenizeRouge('snake_case')).toEqual(['snake', 'case']);
    expect(tokenizeRouge('')).toEqual([]);
    expect(tokenizeRouge('  ?! ')).toEqual([]);
  });

  it('drops non-ASCII letters, as rouge_score does', () => {
    expect(tokenizeRouge('naïve café')).toEqual(['na', 've', 'caf']);
    expect(tokenizeRouge('我爱北京')).toEqual([]);
  });
});

describe('tokenizeUnicode (a departure from the reference, for non-Latin text)', () => {
  it('keeps letters of every script and their combining marks', () => {
    expect(tokenizeUnicode('Naïve café, Привет мир!')).toEqual(['naïve', 'café', 'привет', 'мир']);
    expect(tokenizeUnicode('हिन्दी भाषा')).toEqual(['हिन्दी', 'भाषा']);
  });

  it('makes each Han, kana, Hangul and Thai character a token', () => {
    expect(tokenizeUnicode('我爱北京')).toEqual(['我', '爱', '北', '京']);
    expect(tokenizeUnicode('コーヒーを')).toEqual(['コ', 'ー', 'ヒ', 'ー', 'を']);
    expect(tokenizeUnicode('한국어')).toEqual(['한', '국', '어']);
    expect(tokenizeUnicode('ภาษา')).toEqual(['ภ', 'า', 'ษ', 'า']);
  });

  it('splits mixed scripts at the script boundary and normalises full-width forms', () => {
    expect(tokenizeUnicode('用Python写代码')).toEqual(['用', 'python', '写', '代', '码']);
    expect(tokenizeUnicode('ＡＢＣ１２３')).toEqual(['abc123']);
  });

  it('is selected by tokenize(text, kind)', () => {
    expect(tokenize('Café au lait', 'unicode')).toEqual(['café', 'au', 'lait']);
    expect(tokenize('Café au lait', 'rouge')).toEqual(['caf', 'au', 'lait']);
    expect(tokenize('Café au lait')).toEqual(['caf', 'au', 'lait']);
  });
});
