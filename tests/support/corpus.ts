import type { CorpusOptions } from '../../src/corpus/ingest.js';

/** The shipped pipeline's corpus options (no passage cap), with overrides: for ingestion tests in both suites. */
export const corpusOptions = (paths: string[], o: Partial<CorpusOptions> = {}): CorpusOptions => ({
  paths,
  textField: 'text',
  idField: 'id',
  minChars: 1000,
  maxChars: 2200,
  minLineChars: 5,
  nearDupThreshold: 0.7,
  onInvalidUtf8: 'error',
  limit: 0,
  ...o,
});
