import { IntVec } from './int-vec.js';

/** Keys of elements ranked at the last re-ranking start here; elements met since sort before them. */
const RANKED = 1 << 30;

/**
 * The vocabulary of an index and its elements. An element is a (token, occurrence number) pair:
 * "the" twice in a text gives elements the#1 and the#2, so that the intersection of two texts'
 * element sets has the size of their bag-of-tokens overlap, an upper bound on their LCS.
 *
 * Elements are ordered globally, rarest first, by a key: re-ranking sorts them by document
 * frequency; an element first met after a re-ranking had frequency 0 then and gets a key below
 * every ranked one. Keys change only at a re-ranking, so the order is fixed in between, which is
 * all prefix filtering needs to be exact; a frequency order only makes it fast.
 */
export class Elements {
  /** Order key per element: smaller is rarer. */
  readonly key = new IntVec();
  /** Document frequency per element: how many pool texts contain it. */
  readonly freq = new IntVec();
  /** Per element, free for the query in progress to stamp its own elements. */
  readonly mark = new IntVec();

  private readonly vocab = new Map<string, number>();
  /** Per token: the element of its first occurrence, -1 until there is one. */
  private readonly firstElem = new IntVec();
  /** (occurrence * 2^31 + token) -> element, for second and later occurrences. */
  private readonly laterElems = new Map<number, number>();
  private rankToElem = new Int32Array(0);
  private rankedCount = 0;
  /** Occurrences of each token counted so far in the current text, valid when stamped with it. */
  private readonly occCount = new IntVec();
  private readonly occStamp = new IntVec();
  private text = 0;

  get count(): number {
    return this.key.length;
  }

  get vocabSize(): number {
    return this.vocab.size;
  }

  /** The id of a token, -1 if no pool text has it. */
  tokenOf(word: string): number {
    return this.vocab.get(word) ?? -1;
  }

  internToken(word: string): number {
    let tok = this.vocab.get(word);
    if (tok === undefined) {
      tok = this.vocab.size;
      this.vocab.set(word, tok);
      this.firstElem.push(-1);
      this.occCount.push(0);
      this.occStamp.push(0);
    }
    return tok;
  }

  /** Start counting occurrences for a new text. */
  beginText(): void {
    this.text++;
  }

  /**
   * The element of the next occurrence of token `tok` in the current text: created when `create`
   * (adding a text), otherwise -1 when no pool text has that many occurrences (querying).
   */
  nextElement(tok: number, create: boolean): number {
    if (this.occStamp.data[tok] !== this.text) {
      this.occStamp.data[tok] = this.text;
      this.occCount.data[tok] = 0;
    }
    const occurrence = ++this.occCount.data[tok]!;
    const elem = occurrence === 1 ? this.firstElem.data[tok]! : this.laterElems.get(occurrence * 2 ** 31 + tok) ?? -1;
    return elem >= 0 || !create ? elem : this.newElement(tok, occurrence);
  }

  keyToElem(key: number): number {
    return key >= RANKED ? this.rankToElem[key - RANKED]! : key + this.rankedCount;
  }

  /** Rank every element by document frequency, then by id (deterministic). */
  rerank(maxFreq: number): void {
    const count = this.count;
    const freq = this.freq.data;
    // Counting sort by frequency: stable, so equal frequencies stay in id order.
    const starts = new Int32Array(maxFreq + 2);
    for (let e = 0; e < count; e++) starts[freq[e]! + 1]!++;
    for (let f = 1; f < starts.length; f++) starts[f]! += starts[f - 1]!;
    const rankToElem = new Int32Array(count);
    for (let e = 0; e < count; e++) {
      const r = starts[freq[e]!]!++;
      rankToElem[r] = e;
      this.key.data[e] = RANKED + r;
    }
    this.rankToElem = rankToElem;
    this.rankedCount = count;
  }

  private newElement(tok: number, occurrence: number): number {
    const elem = this.count;
    if (occurrence === 1) this.firstElem.data[tok] = elem;
    else this.laterElems.set(occurrence * 2 ** 31 + tok, elem);
    this.key.push(elem - this.rankedCount);
    this.freq.push(0);
    this.mark.push(0);
    return elem;
  }
}
