export { tokenize, tokenizeRouge, tokenizeUnicode, ROUGE_TOKENIZERS, type RougeTokenizer } from './tokenize.js';
export { rougeLF, fMeasure, lcsLength } from './score.js';
export { RougeIndex, type RougeMatch, type RougeQuery, type RougeQueryOptions } from './rouge-index.js';
