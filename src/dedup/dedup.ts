import { RougeIndex } from '../filters/rouge/rouge-index.js';
import { tokenize, type RougeTokenizer } from '../filters/rouge/tokenize.js';

export interface DedupOptions {
  /** Reject a row whose ROUGE-L F against some kept row is strictly above this. Default 0.7. */
  threshold?: number;
  tokenizer?: RougeTokenizer;
  /** Called every `progressEvery` rows (default 1000) and once at the end. */
  onProgress?: (p: DedupProgress) => void;
  progressEvery?: number;
}

export interface DedupProgress {
  done: number;
  total: number;
  kept: number;
}

/** Per-row decisions, in typed arrays so that millions of rows stay compact. */
export interface DedupOutcome {
  /** 1 when row i is kept. */
  kept: Uint8Array;
  /** Rejected rows: the exact maximum F over the rows kept before it. Kept rows: NaN. */
  score: Float64Array;
  /** Rejected rows: the index of the kept row reaching that maximum (the earliest on ties). Kept rows: -1. */
  match: Int32Array;
  keptCount: number;
  /** LCS computations made in all (the brute-force filter makes one per kept row per row). */
  comparisons: number;
  /** Pairs whose bag-of-words overlap was counted before deciding on an LCS. */
  candidates: number;
}

export const DEFAULT_THRESHOLD = 0.7;

/**
 * Alpaca's incremental novelty filter over `texts` in order: a text is compared with the texts
 * kept before it and rejected when its best ROUGE-L F is strictly above the threshold. Same
 * decisions as the brute-force reference; the index makes most pairs unnecessary.
 */
export function dedupTexts(texts: readonly string[], opts: DedupOptions = {}): DedupOutcome {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const tokenizer = opts.tokenizer ?? 'rouge';
  const every = opts.progressEvery ?? 1000;
  const total = texts.length;
  const out = emptyOutcome(total);
  const index = new RougeIndex({ tokenizer, headThreshold: threshold });
  for (let i = 0; i < total; i++) {
    const words = tokenize(texts[i]!, tokenizer);
    const r = index.queryTokens(words, { threshold });
    out.comparisons += r.comparisons;
    out.candidates += r.candidates;
    if (r.exact && r.mostSimilar && r.score > threshold) {
      out.score[i] = r.score;
      out.match[i] = r.mostSimilar.id;
    } else {
      index.addTokens(i, words);
      out.kept[i] = 1;
      out.keptCount++;
    }
    if (opts.onProgress && ((i + 1) % every === 0 || i + 1 === total)) opts.onProgress({ done: i + 1, total, kept: out.keptCount });
  }
  return out;
}

export function emptyOutcome(total: number): DedupOutcome {
  return {
    kept: new Uint8Array(total),
    score: new Float64Array(total).fill(Number.NaN),
    match: new Int32Array(total).fill(-1),
    keptCount: 0,
    comparisons: 0,
    candidates: 0,
  };
}
