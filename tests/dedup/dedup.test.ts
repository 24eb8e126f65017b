import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mixNearDuplicates } from '../../bench/rouge/mutate.js';
import { Rng } from '../../bench/rouge/rng.js';
import { dedupTexts } from '../../src/dedup/dedup.js';
import { countsOf, rejectedLine } from '../../src/dedup/report.js';
import { parseRows } from '../../src/dedup/rows.js';
import { tokenizeRouge } from '../../src/filters/rouge/tokenize.js';
import { bruteDedup, scoreMatrix } from '../filters/rouge/brute.js';
import { bundledData } from '../support/paths.js';

// Parity with the Python reference script (rouge_reference.py) is in tests/shared-data/dedup/dedup.test.ts.
const seeds = readFileSync(bundledData('self_instruct_seed_tasks.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => (JSON.parse(l) as { instruction: string }).instruction);

describe('dedupTexts', () => {
  it('reports, for each rejected row, the exact max over rows kept before it and the earliest such row', () => {
    const texts = mixNearDuplicates(seeds, new Rng(4));
    const tokens = texts.map(tokenizeRouge);
    const brute = bruteDedup(texts.length, scoreMatrix(tokens), 0.7);
    const out = dedupTexts(texts, { threshold: 0.7 });
    texts.forEach((_, i) => {
      expect(out.kept[i] === 1).toBe(brute.kept[i]);
      if (brute.kept[i]) expect([out.score[i], out.match[i]]).toEqual([Number.NaN, -1]);
      else expect([out.score[i], out.match[i]]).toEqual([brute.max[i], brute.match[i]]);
    });
    expect(out.keptCount).toBeLessThan(texts.length * 0.8);
  });

  it('reports progress and counts', () => {
    const seen: number[] = [];
    const out = dedupTexts(['a b c', 'a b c', 'x y z'], { progressEvery: 2, onProgress: (p) => seen.push(p.done) });
    expect(seen).toEqual([2, 3]);
    expect(countsOf(out)).toEqual({ rows: 3, kept: 2, rejected: 1, comparisons: out.comparisons, candidates: out.candidates, bruteForcePairs: 0 + 1 + 1 });
  });

  it('writes a rejected row with its index, line, score and most similar kept row', () => {
    const { rows } = parseRows('{"instruction": "Write a poem."}\n{"instruction": "Write a poem!", "id": 2}\n', 'f.jsonl', 'instruction');
    const out = dedupTexts(rows.map((r) => r.text));
    expect(JSON.parse(rejectedLine(rows, out, 1))).toEqual({
      index: 1,
      line: 2,
      score: 1,
      most_similar: { index: 0, line: 1, text: 'Write a poem.' },
      row: { instruction: 'Write a poem!', id: 2 },
    });
  });
});
