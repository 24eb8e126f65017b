import { describe, expect, it } from 'vitest';
import { synthInstructions } from '../../bench/rouge/synth.js';
import { dedupTexts } from '../../src/dedup/dedup.js';
import { dedupTextsParallel, findWorkerEntry } from '../../src/dedup/parallel.js';

describe('dedupTextsParallel', () => {
  it('finds its worker entry from the sources', () => {
    expect(findWorkerEntry()).toMatch(/src\/dedup\/replica-worker-boot\.cjs$/);
  });

  it('decides exactly as the sequential filter, with the same scores and matches', async () => {
    const texts = synthInstructions(4000, 5);
    const seq = dedupTexts(texts, { threshold: 0.7 });
    const progress: number[] = [];
    const par = await dedupTextsParallel(texts, { threshold: 0.7, workers: 2, batchSize: 250, onProgress: (p) => progress.push(p.done) });
    expect(par.kept).toEqual(seq.kept);
    expect(par.match).toEqual(seq.match);
    expect(par.score).toEqual(seq.score);
    expect(par.keptCount).toBe(seq.keptCount);
    expect(seq.keptCount).toBeLessThan(3500);
    expect(progress.at(-1)).toBe(4000);
  }, 60_000);
});
