import { describe, expect, it } from 'vitest';
import { NoveltyPool } from '../../src/engine/novelty-pool.js';

const texts = Array.from({ length: 5_000 }, (_, i) => `Write a short note number ${i} about ${['rivers', 'mountains', 'cities', 'forests'][i % 4]} in ${i % 7} sentences.`);

/** Stored items are indexed in the background; a verdict must never see a partly built pool. */
describe('novelty pool built in the background', () => {
  it('gives the verdict of a fully built pool when queried at once', async () => {
    const eager = new NoveltyPool(0.7);
    texts.forEach((t, i) => eager.addStored(i + 1, t));
    await new Promise((r) => setTimeout(r, 200)); // let it finish indexing
    const lazy = new NoveltyPool(0.7);
    texts.forEach((t, i) => lazy.addStored(i + 1, t));
    expect(lazy.size).toBe(texts.length);
    // Queried before a single turn of the event loop: nothing indexed yet unless the query indexes it.
    const query = 'Write a short note number 4999 about forests in 1 sentences.';
    expect(lazy.verdict(query)).toEqual(eager.verdict(query));
    expect(lazy.verdict(query).score).toBe(1);
  });

  it('indexes stored items before an item of the current wave', async () => {
    const pool = new NoveltyPool(0.7);
    texts.slice(0, 3_000).forEach((t, i) => pool.addStored(i + 1, t));
    await new Promise((r) => setImmediate(r)); // one chunk indexed, the rest waiting
    const pending = pool.addPending('A completely different task about baking sourdough bread.');
    expect(pool.size).toBe(3_001);
    const v = pool.verdict('A completely different task about baking sourdough bread.');
    expect(v.score).toBe(1);
    expect((v.detail as { most_similar_id: number }).most_similar_id).toBe(pending);
  });
});
