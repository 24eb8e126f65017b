// The ROUGE-L novelty filter: rouge_score's tokenizer and F-measure, and an incremental index
// that finds the most similar pool item exactly without scanning the pool.
export { tokenize, tokenizeRouge, tokenizeUnicode, ROUGE_TOKENIZERS, type RougeTokenizer } from './tokenize.js';
export { rougeLF, fMeasure, lcsLength } from './score.js';
export { RougeIndex, DEFAULT_HEAD_THRESHOLD, type RougeIndexOptions, type RougeMatch, type RougeQuery, type RougeQueryOptions } from './rouge-index.js';
