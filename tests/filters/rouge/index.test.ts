import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mutate } from '../../../bench/rouge/mutate.js';
import { Rng } from '../../../bench/rouge/rng.js';
import { RougeIndex } from '../../../src/filters/rouge/rouge-index.js';
import { fMeasure } from '../../../src/filters/rouge/score.js';
import { tokenize, type RougeTokenizer } from '../../../src/filters/rouge/tokenize.js';
import { bundledData } from '../../support/paths.js';
import { bruteDedup, scoreMatrix, scoresAgainst, topOf } from './brute.js';
import { expectRealTextsSameAsBrute, expectSameAsBrute } from './index-check.js';

const json = (name: Parameters<typeof bundledData>[0]) => JSON.parse(readFileSync(bundledData(name), 'utf8')) as Record<string, string>[];
const jsonl = (name: Parameters<typeof bundledData>[0]) => readFileSync(bundledData(name), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
// The same checks on Code Alpaca (CC BY-NC 4.0) are in tests/shared-data/filters/rouge/index.test.ts.
const REAL: [string, string[]][] = [
  ['self-instruct seeds', jsonl('self_instruct_seed_tasks.jsonl').map((r) => r.instruction!)],
  ['evol inputs', json('evol_instruct_sample_h2o_wizardlm.json').map((r) => r.input!)],
];

describe('RougeIndex on the real files', () => {
  for (const [name, texts] of REAL) {
    it(`${name}: decisions, max scores and most similar rows equal brute force at several thresholds`, () => {
      expectRealTextsSameAsBrute(texts);
    }, 30_000);
  }
});

describe('RougeIndex against brute force on seeded synthetic mixes', () => {
  it('matches on small vocabularies (many ties and boundary scores), short and long texts', () => {
    const rng = new Rng(2024);
    for (let trial = 0; trial < 24; trial++) {
      const vocabulary = Array.from({ length: 3 + rng.int(40) }, (_, i) => `w${i}`);
      const longest = rng.pick([8, 20, 40, 90]); // beyond 32 and 64 the LCS takes several words
      const tokens: string[][] = [];
      for (let i = 0; i < 60 + rng.int(240); i++) {
        if (i > 0 && rng.chance(0.5)) tokens.push(mutate(rng.pick(tokens), 1 + rng.int(4), rng, vocabulary));
        else tokens.push(Array.from({ length: rng.int(longest + 1) }, () => rng.pick(vocabulary)));
      }
      const threshold = rng.pick([0, 0.2, 0.5, 0.6, 0.7, 0.75, 0.8, 1, rng.next()]);
      const headThreshold = rng.pick([undefined, 0, 0.4, 0.9]);
      expectSameAsBrute(tokens, scoreMatrix(tokens), threshold, headThreshold);
    }
  }, 30_000);

  it('returns the exact top k by score then insertion order, without and with a threshold', () => {
    const rng = new Rng(77);
    for (let trial = 0; trial < 10; trial++) {
      const vocabulary = Array.from({ length: 4 + rng.int(20) }, (_, i) => `v${i}`);
      const pool: string[][] = [];
      const index = new RougeIndex();
      for (let i = 0; i < 150; i++) {
        const t = i > 0 && rng.chance(0.4) ? mutate(rng.pick(pool), 1 + rng.int(3), rng, vocabulary) : Array.from({ length: rng.int(30) }, () => rng.pick(vocabulary));
        const topK = rng.int(12);
        const scores = scoresAgainst(t, pool);
        const ids = (xs: { index: number; score: number }[]) => xs.map((x) => ({ id: 1000 + x.index, score: x.score }));
        expect(index.queryTokens(t, { topK }).top).toEqual(ids(topOf(scores, topK)));
        const r = index.queryTokens(t, { topK, threshold: 0.5 });
        expect(r.top).toEqual(ids(topOf(scores, topK, 0.5)));
        pool.push(t);
        index.addTokens(1000 + i, t);
      }
    }
  });
});

describe('RougeIndex API', () => {
  it('reports the exact answer on an empty pool or an empty query', () => {
    const index = new RougeIndex();
    expect(index.query('anything')).toEqual({ score: 0, mostSimilar: null, top: [], comparisons: 0, candidates: 0, exact: true });
    index.add(7, 'Write a poem about the ocean.');
    expect(index.query('!!!', { topK: 3 })).toEqual({ score: 0, mostSimilar: null, top: [], comparisons: 0, candidates: 0, exact: true });
    expect(index.size).toBe(1);
  });

  it('finds the earliest of equal matches and compares few items', () => {
    const index = new RougeIndex();
    index.add(10, 'Write a poem about the ocean.');
    index.add(11, 'Write a poem about the ocean.');
    for (let i = 0; i < 200; i++) index.add(100 + i, `Unrelated sentence number ${i} about topic ${i * 7}.`);
    const r = index.query('Write a short poem about the sea.', { topK: 2 });
    expect(r.mostSimilar).toEqual({ id: 10, score: r.score });
    expect(r.score.toFixed(3)).toBe('0.769');
    expect(r.top.map((m) => m.id)).toEqual([10, 11]);
    expect(r.exact).toBe(true);
    expect(r.comparisons).toBeLessThan(20);
  });

  it('with a threshold and nothing above it: certain decision, score only a lower bound', () => {
    const index = new RougeIndex();
    index.add(1, 'Write a poem about the ocean.');
    const r = index.query('Write a short story about a dragon.', { threshold: 0.7, topK: 5 });
    expect(r.exact).toBe(false);
    expect(r.score).toBeLessThanOrEqual(0.7);
    expect(r.top).toEqual([]);
    const exact = index.query('Write a short story about a dragon.');
    expect(r.score).toBeLessThanOrEqual(exact.score);
  });

  it('rejects a repeated id and bad options', () => {
    const index = new RougeIndex();
    index.add(1, 'a b c');
    expect(() => index.add(1, 'd e f')).toThrow(/already added/);
    expect(() => index.query('a', { threshold: 1.5 })).toThrow(RangeError);
    expect(() => index.query('a', { topK: -1 })).toThrow(RangeError);
  });

  it('handles texts longer than the 16-bit packed length (65,535 tokens)', () => {
    const words = Array.from({ length: 70_000 }, (_, i) => `t${i % 5000}`);
    const index = new RougeIndex();
    index.addTokens(0, ['t1', 't2', 't3']);
    index.addTokens(1, words);
    const dropped = index.queryTokens(words.slice(1), { threshold: 0.7 });
    expect(dropped.mostSimilar).toEqual({ id: 1, score: fMeasure(69_999, 69_999, 70_000) });
    expect(index.queryTokens(['t1', 't2', 't3', 'x'], {}).mostSimilar?.id).toBe(0);
  });

  it('uses the unicode tokenizer when asked, with the same exactness', () => {
    const rng = new Rng(9);
    const chars = [...'我爱北京天安门上太阳升伟大领袖指引我们前进'];
    const texts: string[] = [];
    for (let i = 0; i < 150; i++) {
      texts.push(i > 0 && rng.chance(0.5) ? mutate([...rng.pick(texts)], 1 + rng.int(3), rng, chars).join('') : Array.from({ length: 4 + rng.int(20) }, () => rng.pick(chars)).join(''));
    }
    const kind: RougeTokenizer = 'unicode';
    const tokens = texts.map((t) => tokenize(t, kind));
    const brute = bruteDedup(tokens.length, scoreMatrix(tokens), 0.7);
    const index = new RougeIndex({ tokenizer: kind });
    const kept = texts.map((t, i) => {
      const keep = !(index.query(t, { threshold: 0.7 }).score > 0.7);
      if (keep) index.add(i, t);
      return keep;
    });
    expect(kept).toEqual(brute.kept);
    expect(kept.filter((k) => !k).length).toBeGreaterThan(20);
  });
});
