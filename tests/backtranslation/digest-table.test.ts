import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DigestTable } from '../../src/corpus/digest-table.js';
import { passageDigest, passageHash, PassageDeduper } from '../../src/corpus/dedup.js';

const sha = (s: string) => createHash('sha256').update(s).digest();

describe('DigestTable', () => {
  it('answers as a Map of hex digests over enough entries to grow its slots and fill several chunks', () => {
    const table = new DigestTable();
    const oracle = new Map<string, number>();
    const n = 150_000;
    for (let i = 0; i < n; i++) {
      const d = sha(`passage ${i}`);
      // Every third digest is set twice: the later key wins, as with Map.set.
      table.set(d, i);
      oracle.set(d.toString('hex'), i);
      if (i % 3 === 0) {
        table.set(d, i + n);
        oracle.set(d.toString('hex'), i + n);
      }
    }
    expect(table.size).toBe(oracle.size);
    for (let i = 0; i < n; i += 7) {
      const d = sha(`passage ${i}`);
      expect(table.get(d)).toBe(oracle.get(d.toString('hex')));
    }
    for (let i = 0; i < 2000; i++) expect(table.get(sha(`absent ${i}`))).toBeUndefined();
  });

  it('tells apart digests that share their slot bytes (the first four) and differ anywhere after', () => {
    const table = new DigestTable();
    const base = randomBytes(32);
    const variants = Array.from({ length: 200 }, (_, i) => {
      const d = Buffer.from(base);
      d[4 + (i % 28)]! ^= 1 + (i >> 5);
      return d;
    });
    variants.forEach((d, i) => table.set(d, i));
    expect(table.get(base)).toBeUndefined();
    const distinct = new Map(variants.map((d, i) => [d.toString('hex'), i]));
    expect(table.size).toBe(distinct.size);
    for (const [hex, key] of distinct) expect(table.get(Buffer.from(hex, 'hex'))).toBe(key);
  });

  it('refuses a digest of the wrong length', () => {
    const table = new DigestTable();
    expect(() => table.set(new Uint8Array(16), 1)).toThrow(/32-byte digest, got 16/);
    expect(() => table.get(new Uint8Array(33))).toThrow(RangeError);
  });
});

describe('PassageDeduper with its digest table', () => {
  it('finds exact duplicates up to case and spacing and names the first passage kept', () => {
    const dd = new PassageDeduper(1);
    const texts = ['Alpha  beta gamma.', 'Delta epsilon.', 'alpha beta\nGAMMA.', 'Zeta.', 'delta  epsilon.'];
    const seen: (number | undefined)[] = [];
    texts.forEach((t, i) => {
      const [v] = dd.check(t, passageDigest(t));
      seen.push(v!.duplicateOf);
      if (v!.verdict.passed) dd.keep(i, t, passageDigest(t));
    });
    expect(seen).toEqual([undefined, undefined, 0, undefined, 1]);
    expect(passageHash('alpha beta\nGAMMA.')).toBe(passageDigest('Alpha  beta gamma.').toString('hex'));
  });
});
