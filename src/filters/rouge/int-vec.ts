/** A growable Int32Array: compact storage for millions of ints without per-element boxing. */
export class IntVec {
  data: Int32Array;
  length = 0;

  constructor(capacity = 16) {
    this.data = new Int32Array(Math.max(capacity, 4));
  }

  push(x: number): void {
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length++] = x;
  }

  /** Make room for `total` ints in all, doubling so that appends stay amortised O(1). */
  reserve(total: number): void {
    if (total <= this.data.length) return;
    let cap = this.data.length * 2;
    while (cap < total) cap *= 2;
    const grown = new Int32Array(cap);
    grown.set(this.data.subarray(0, this.length));
    this.data = grown;
  }

  get(i: number): number {
    return this.data[i]!;
  }
}
