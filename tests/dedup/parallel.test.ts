import { describe, expect, it } from 'vitest';
import { findWorkerEntry } from '../../src/dedup/parallel.js';

// The parallel-equals-sequential case uses the bench's synthetic generator, whose word model is built
// from Code Alpaca and the CNN articles: it is in tests/shared-data/dedup/parallel.test.ts.
describe('dedupTextsParallel', () => {
  it('finds its worker entry from the sources', () => {
    expect(findWorkerEntry()).toMatch(/src\/dedup\/replica-worker-boot\.cjs$/);
  });
});
