import { describe, expect, it, vi } from 'vitest';
import { synthInstructions } from '../../../bench/rouge/synth.js';
import { dedupTexts } from '../../../src/dedup/dedup.js';
import { dedupTextsParallel } from '../../../src/dedup/parallel.js';

// The bench's generator builds its word model from Code Alpaca and the CNN articles: read them from
// the data folder (DISTILLERY_DATA) rather than the bench's fixed ../shared.
vi.mock('../../../bench/rouge/corpus.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../bench/rouge/corpus.js')>()),
  ...(await import('../bench-corpus.js')),
}));

describe('dedupTextsParallel', () => {
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
