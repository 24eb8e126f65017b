import { describe, expect, it } from 'vitest';
import { parseSplitSpec, splitAssigner, unitHash } from '../../src/export/split.js';
import { splitPath } from '../../src/export/export.js';

describe('split spec', () => {
  it('parses name=fraction pairs', () => {
    expect(parseSplitSpec('train=0.95,test=0.05')).toEqual([
      { name: 'train', fraction: 0.95 },
      { name: 'test', fraction: 0.05 },
    ]);
    expect(parseSplitSpec(' train = 0.8 , validation=0.1,test=0.1')).toHaveLength(3);
  });

  it.each([
    ['train=0.9,test=0.2', /sum to 1, they sum to 1.1/],
    ['train=0.5', /sum to 1/],
    ['train=1,train=0', /fraction of "train"/],
    ['train=0.5,train=0.5', /named twice/],
    ['tr ain=1', /expected name=fraction/],
    ['train-x=1', /split name "train-x"/],
    ['train=abc', /fraction of "train" must be a number/],
    ['train', /expected name=fraction/],
  ])('rejects %s', (spec, message) => {
    expect(() => parseSplitSpec(spec)).toThrow(message);
  });
});

describe('split assigner', () => {
  it('keeps the proportions over many ids', () => {
    const assign = splitAssigner(parseSplitSpec('train=0.8,validation=0.15,test=0.05'), 42);
    const counts: Record<string, number> = { train: 0, validation: 0, test: 0 };
    const n = 100_000;
    for (let id = 1; id <= n; id++) counts[assign(id)]!++;
    expect(counts.train! / n).toBeCloseTo(0.8, 2);
    expect(counts.validation! / n).toBeCloseTo(0.15, 2);
    expect(counts.test! / n).toBeCloseTo(0.05, 2);
  });

  it('gives a sample the same split whatever the order or the other samples, and another under another seed', () => {
    const shares = parseSplitSpec('train=0.5,test=0.5');
    const a = splitAssigner(shares, 1);
    const forward = Array.from({ length: 1000 }, (_, i) => a(i + 1));
    const backward = Array.from({ length: 1000 }, (_, i) => splitAssigner(shares, 1)(1000 - i)).reverse();
    expect(backward).toEqual(forward);
    const b = splitAssigner(shares, 2);
    const moved = forward.filter((s, i) => b(i + 1) !== s).length;
    expect(moved).toBeGreaterThan(400);
    expect(moved).toBeLessThan(600);
  });

  it('spreads consecutive ids uniformly over [0, 1) and uses the high bits of large ids and seeds', () => {
    const buckets = new Array(10).fill(0);
    for (let id = 0; id < 50_000; id++) buckets[Math.floor(unitHash(3, id) * 10)]++;
    for (const b of buckets) expect(Math.abs(b - 5000)).toBeLessThan(300);
    expect(unitHash(3, 2 ** 32 + 5)).not.toBe(unitHash(3, 5));
    expect(unitHash(2 ** 32 + 3, 5)).not.toBe(unitHash(3, 5));
    for (let id = 0; id < 1000; id++) {
      const u = unitHash(9, id);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
  });

  it('names one file per split beside --out', () => {
    expect(splitPath('out/data.jsonl', 'train', true)).toBe('out/data.train.jsonl');
    expect(splitPath('out/data', 'test', true)).toBe('out/data.test');
    expect(splitPath('out/data.jsonl', 'train', false)).toBe('out/data.jsonl');
  });
});
