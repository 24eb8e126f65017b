import { LcsNeed, minOverlap } from './bounds.js';
import { Elements } from './elements.js';
import { IntVec } from './int-vec.js';
import { LcsPattern } from './lcs.js';
import { Postings } from './postings.js';
import { fMeasure, nextUp } from './score.js';
import { beats, TopList } from './top-list.js';
import { tokenize, type RougeTokenizer } from './tokenize.js';

export interface RougeMatch {
  id: number;
  score: number;
}

/**
 * The answer to one query.
 * - Without `threshold` everything is exact (`exact: true`): `score` is the maximum ROUGE-L F over
 *   the whole pool (0 for an empty pool or when no item shares a token), `mostSimilar` the item
 *   reaching it, the earliest added on ties (null when the score is 0: sharing nothing is not
 *   "similar"), `top` the `topK` best items with a score above 0, by score then insertion order.
 * - With `threshold`, only items scoring above it are searched for. If any exists, the answer is
 *   exact as above (`exact: true`, `score > threshold`) and `top` holds the best of those above
 *   the threshold. If none exists, `exact: false`: the decision "nothing above the threshold" is
 *   certain, but `score`/`mostSimilar` are just the best among the items that happened to be
 *   compared (a lower bound on the true maximum, possibly 0/null) and `top` is empty.
 * `comparisons` counts the LCS computations made, `candidates` the pool items whose bag-of-words
 * overlap was counted first (a cheap bound, which spares most LCS); the rest of the pool was
 * ruled out from the posting lists alone.
 */
export interface RougeQuery {
  score: number;
  mostSimilar: RougeMatch | null;
  top: RougeMatch[];
  comparisons: number;
  candidates: number;
  exact: boolean;
}

export interface RougeQueryOptions {
  topK?: number;
  /** Look only for items scoring strictly above this (0..1), the filter's rejection rule. */
  threshold?: number;
}

export interface RougeIndexOptions {
  tokenizer?: RougeTokenizer;
  /**
   * Queries whose threshold is at least this skip about half of the posting entries (a speed
   * setting, never a change of results). Default 0.7, the filter's usual threshold.
   */
  headThreshold?: number;
}

export const DEFAULT_HEAD_THRESHOLD = 0.7;

/** The element order is re-ranked when the pool reaches 32, 64, 128... items. */
const FIRST_REORDER = 32;

/**
 * An incremental pool of texts answering "how similar is this text to the most similar pool
 * item" exactly as a brute-force scan with rouge_score would, while comparing few items.
 *
 * How: each item is kept as interned token ids (for the LCS) and as its set of elements (see
 * Elements) in the global rarity order; each element has a posting list of the items holding it.
 * A query probes only its own rarest elements (prefix filtering: two texts that can reach the bar
 * share an element among the first few of each). Each item met is checked in steps of rising
 * cost, any of which can rule it out: its length and the position of the shared element, then its
 * bag-of-words overlap with the query, and only then a bit-parallel LCS. The bar starts at the
 * threshold (or just above 0) and rises to the best score found so far (branch and bound), which
 * shortens the probed prefix further. The rarity order is re-ranked whenever the pool doubles.
 */
export class RougeIndex {
  readonly tokenizer: RougeTokenizer;
  readonly headThreshold: number;

  private readonly elements = new Elements();
  private readonly postings: Postings;
  private nextReorder = FIRST_REORDER;

  private readonly ids: number[] = [];
  private readonly idSet = new Set<number>();
  /** Item k's tokens and ordered elements are at [start[k], start[k+1]) of `tokens` / `elems`. */
  private readonly start = new IntVec();
  private readonly tokens = new IntVec();
  private readonly elems = new IntVec();
  /** Stamp per item: met during the current query. */
  private readonly seen = new IntVec();
  private stamp = 0;
  private readonly pattern = new LcsPattern();
  private scratch = new Int32Array(64);
  private qTokens = new Int32Array(64);
  private qElems = new Int32Array(64);
  private readonly need = new LcsNeed();

  constructor(opts: RougeIndexOptions = {}) {
    this.tokenizer = opts.tokenizer ?? 'rouge';
    this.headThreshold = opts.headThreshold ?? DEFAULT_HEAD_THRESHOLD;
    this.postings = new Postings(nextUp(this.headThreshold));
    this.start.push(0);
  }

  get size(): number {
    return this.ids.length;
  }

  add(id: number, text: string): void {
    this.addTokens(id, tokenize(text, this.tokenizer));
  }

  query(text: string, opts: RougeQueryOptions = {}): RougeQuery {
    return this.queryTokens(tokenize(text, this.tokenizer), opts);
  }

  /** `add` for text already tokenized with this index's tokenizer. */
  addTokens(id: number, words: readonly string[]): void {
    if (this.idSet.has(id)) throw new Error(`RougeIndex: id ${id} was already added`);
    const item = this.ids.length;
    this.ids.push(id);
    this.idSet.add(id);
    this.seen.push(0);
    const n = words.length;
    const keys = this.scratchOf(n);
    const el = this.elements;
    el.beginText();
    for (let i = 0; i < n; i++) {
      const tok = el.internToken(words[i]!);
      this.tokens.push(tok);
      const elem = el.nextElement(tok, true);
      el.freq.data[elem]!++;
      keys[i] = el.key.data[elem]!;
    }
    this.appendOrdered(item, keys, n);
    this.start.push(this.tokens.length);
    if (this.ids.length >= this.nextReorder) {
      this.reorder();
      this.nextReorder *= 2;
    }
  }

  /** `query` for text already tokenized with this index's tokenizer. */
  queryTokens(words: readonly string[], opts: RougeQueryOptions = {}): RougeQuery {
    const topK = opts.topK ?? 0;
    const threshold = opts.threshold;
    if (!Number.isInteger(topK) || topK < 0) throw new RangeError(`topK must be a non-negative integer, got ${topK}`);
    if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) {
      throw new RangeError(`threshold must be between 0 and 1, got ${threshold}`);
    }
    const m = words.length;
    if (m === 0 || this.size === 0) return { score: 0, mostSimilar: null, top: [], comparisons: 0, candidates: 0, exact: true };

    // The query's tokens as ids (-1: in no item), and its elements that some item contains, in
    // the global order. Elements no item contains cannot be shared: counting them as the
    // rarest is valid for prefix filtering and leaves fewer real elements in the probed prefix.
    const qTokens = this.qTokens.length >= m ? this.qTokens : (this.qTokens = new Int32Array(m * 2));
    const keys = this.scratchOf(m);
    let known = 0;
    const el = this.elements;
    el.beginText();
    for (let i = 0; i < m; i++) {
      const tok = el.tokenOf(words[i]!);
      qTokens[i] = tok;
      if (tok < 0) continue;
      const elem = el.nextElement(tok, false);
      if (elem >= 0) keys[known++] = el.key.data[elem]!;
    }
    sortPrefix(keys, known);
    const qElems = this.qElems.length >= m ? this.qElems : (this.qElems = new Int32Array(m * 2));
    const stamp = ++this.stamp;
    for (let q = 0; q < known; q++) {
      const e = el.keyToElem(keys[q]!);
      qElems[q] = e;
      el.mark.data[e] = stamp;
    }
    const unknown = m - known;
    let prepared = false; // the LCS pattern, built at the first LCS (most queries need none)

    const cut = threshold === undefined ? Number.MIN_VALUE : nextUp(threshold);
    const best = new TopList(Math.max(1, topK));
    let tau = cut;
    const need = this.need;
    const headTau = this.postings.headTau;
    need.reset(m, tau);
    let seenBest = -1;
    let seenBestScore = 0;
    let comparisons = 0;
    let candidates = 0;
    const { seen, start, tokens, elems } = this;

    for (let q = 0; q < known; q++) {
      const i = unknown + q; // position of this element in the query's ordered set
      const floor = minOverlap(m, tau);
      if (i > m - floor) break; // past the prefix
      const e = qElems[q]!;
      const list = this.postings.lists[e]!;
      // The head holds entries from the front; below the head threshold the tail, which ends the
      // array, must be read too.
      const head = this.postings.headLen.data[e]!;
      const tail = tau >= headTau ? 0 : this.postings.tailLen.data[e]!;
      for (let p = 0; p < head + tail; p += 2) {
        const at = p < head ? p : list.length - tail + (p - head);
        const k = list[at]!;
        const packed = list[at + 1]!;
        // If e is the first element the two share (rarer query elements were all probed), at
        // most 1 + what follows it on both sides can be shared. If it is not the first, the
        // item already failed this test at the first, more generously. First against the least
        // any length needs, then against what this item's length needs.
        const most = 1 + Math.min(m - 1 - i, packed & 0xffff);
        if (most < floor) continue;
        const n = packed >>> 16 || start.data[k + 1]! - start.data[k]!;
        const needed = need.get(n);
        if (most < needed) continue;
        if (seen.data[k] === stamp) continue;
        seen.data[k] = stamp;
        const s = start.data[k]!;
        // The bag-of-words overlap bounds the LCS and costs about as much as one LCS pass, but
        // usually stops early and spares the LCS of almost every candidate.
        candidates++;
        const from = packed >>> 16 ? s + n - 1 - (packed & 0xffff) : s; // shared elements start at e
        if (!sharesEnough(elems.data, el.mark.data, stamp, from, s + n, needed)) continue;
        if (!prepared) {
          this.pattern.prepare(qTokens.subarray(0, m), el.vocabSize);
          prepared = true;
        }
        const lcs = this.pattern.lcs(tokens.data, s, s + n);
        comparisons++;
        const f = fMeasure(lcs, m, n);
        if (seenBest < 0 || beats(k, f, seenBest, seenBestScore)) {
          seenBest = k;
          seenBestScore = f;
        }
        if (lcs < needed) continue;
        best.offer(k, f);
        const raised = Math.max(cut, best.floor);
        if (raised !== tau) need.reset(m, (tau = raised));
      }
    }
    if (prepared) this.pattern.clear();

    const top: RougeMatch[] = [];
    for (let r = 0; r < Math.min(topK, best.items.length); r++) top.push(this.match(best.items[r]!, best.scores[r]!));
    const first = best.items[0];
    if (first !== undefined) {
      return { score: best.scores[0]!, mostSimilar: this.match(first, best.scores[0]!), top, comparisons, candidates, exact: true };
    }
    const exact = threshold === undefined;
    const fallback = !exact && seenBest >= 0 && seenBestScore > 0 ? this.match(seenBest, seenBestScore) : null;
    return { score: fallback?.score ?? 0, mostSimilar: fallback, top, comparisons, candidates, exact };
  }

  private match(item: number, score: number): RougeMatch {
    return { id: this.ids[item]!, score };
  }

  /** Store item's elements (given as keys) in key order and post each with its position. */
  private appendOrdered(item: number, keys: Int32Array, n: number): void {
    sortPrefix(keys, n);
    for (let j = 0; j < n; j++) {
      const elem = this.elements.keyToElem(keys[j]!);
      this.elems.push(elem);
      this.postings.post(elem, item, n, j);
    }
  }

  /** Re-rank the elements and rebuild the ordered sets and posting lists in the new order. */
  private reorder(): void {
    const el = this.elements;
    el.rerank(this.size);
    this.postings.clear();
    this.elems.length = 0;
    for (let item = 0; item < this.size; item++) {
      const s = this.start.data[item]!;
      const n = this.start.data[item + 1]! - s;
      const keys = this.scratchOf(n);
      el.beginText();
      for (let i = 0; i < n; i++) keys[i] = el.key.data[el.nextElement(this.tokens.data[s + i]!, false)]!;
      this.appendOrdered(item, keys, n);
    }
  }

  private scratchOf(n: number): Int32Array {
    if (this.scratch.length < n) this.scratch = new Int32Array(Math.max(n, this.scratch.length * 2));
    return this.scratch;
  }
}

/** Whether at least `needed` of an item's ordered elements in [from, to) are marked as the query's. */
function sharesEnough(elems: Int32Array, mark: Int32Array, stamp: number, from: number, to: number, needed: number): boolean {
  let shared = 0;
  for (let x = from; x < to; x++) {
    if (mark[elems[x]!] === stamp) {
      if (++shared >= needed) return true;
    } else if (shared + (to - x - 1) < needed) return false;
  }
  return false;
}

/** Sort a[0, n) ascending: insertion sort for the short texts that dominate. */
function sortPrefix(a: Int32Array, n: number): void {
  if (n > 48) {
    a.subarray(0, n).sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const x = a[i]!;
    let j = i - 1;
    while (j >= 0 && a[j]! > x) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = x;
  }
}
