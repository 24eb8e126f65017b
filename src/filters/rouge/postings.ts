import { minOverlap } from './bounds.js';
import { IntVec } from './int-vec.js';

/**
 * Posting lists: for each element, the items holding it, as (item, packed) int pairs where packed
 * is `after | n << 16`: n the item's length and `after` how many of its elements rank after this
 * one (both 16-bit; longer texts store n = 0, "look it up", and a saturated `after`, still an
 * upper bound).
 *
 * Each list keeps two parts in one array: the head (from the front) holds entries where the
 * element lies in the item's own prefix for the bar `headTau`, the tail (from the back) the rest.
 * An item that can reach that bar against a query shares its first common element with it in its
 * prefix, so it is met through a head entry: queries with a bar at least `headTau` skip the tails,
 * which hold the common words and most of the volume.
 */
export class Postings {
  readonly lists: Int32Array[] = [];
  readonly headLen = new IntVec();
  readonly tailLen = new IntVec();
  /** Entries with after + 1 below this (by item length) go to the tail. */
  private readonly tailBelow: number[] = [];

  constructor(readonly headTau: number) {}

  clear(): void {
    this.headLen.data.fill(0);
    this.tailLen.data.fill(0);
  }

  post(elem: number, item: number, n: number, position: number): void {
    while (this.lists.length <= elem) {
      this.lists.push(new Int32Array(4));
      this.headLen.push(0);
      this.tailLen.push(0);
    }
    let list = this.lists[elem]!;
    const head = this.headLen.data[elem]!;
    const tail = this.tailLen.data[elem]!;
    if (head + tail + 2 > list.length) {
      const grown = new Int32Array(list.length * 2);
      grown.set(list.subarray(0, head));
      grown.set(list.subarray(list.length - tail), grown.length - tail);
      this.lists[elem] = list = grown;
    }
    const after = n - 1 - position;
    const packed = Math.min(after, 0xffff) | ((n > 0xffff ? 0 : n) << 16);
    if (after + 1 >= this.tailThreshold(n)) {
      list[head] = item;
      list[head + 1] = packed;
      this.headLen.data[elem] = head + 2;
    } else {
      list[list.length - tail - 2] = item;
      list[list.length - tail - 1] = packed;
      this.tailLen.data[elem] = tail + 2;
    }
  }

  private tailThreshold(n: number): number {
    let t = this.tailBelow[n];
    if (t === undefined) t = this.tailBelow[n] = minOverlap(n, this.headTau);
    return t;
  }
}
