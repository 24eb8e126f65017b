import { describe, expect, it } from 'vitest';
import { corpusOptions as opts } from '../../support/corpus.js';
import { ingestCorpus } from '../../../src/corpus/ingest.js';
import { dataFile } from '../data.js';


describe('corpus ingestion', () => {
  it('finds the exact duplicates in the real CNN sample and drops the one article under 1,000 characters', async () => {
    const r = await ingestCorpus(opts([dataFile('cnn_articles_200.jsonl')]), '/');
    const reasons = r.passages.filter((p) => p.status === 'rejected').map((p) => p.reason);
    expect(reasons.sort()).toEqual(['exact-duplicate', 'exact-duplicate', 'exact-duplicate', 'exact-duplicate', 'exact-duplicate', 'length']);
    expect(r.accepted).toBe(194);
    for (const p of r.passages.filter((x) => x.reason === 'exact-duplicate')) expect(r.passages[p.duplicateOf!]!.text).toBe(p.text);
  });
});
