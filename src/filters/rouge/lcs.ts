/**
 * Bit-parallel LCS length (Allison & Dix 1986, in Hyyrö's 2004 formulation): the pattern's
 * positions are bits of a vector V, and each text token updates V with one add, one and, one or
 * per 32-bit word, so a text of n tokens costs n * ceil(m/32) word operations instead of n * m.
 * Tokens are interned integer ids; a pattern is prepared once per query and run against many
 * pool items.
 *
 * Invariant: a zero bit in V marks a pattern position where the LCS grows; LCS = zeros in V.
 */
export class LcsPattern {
  /** Pattern length in tokens, and 32-bit words per vector. */
  length = 0;
  words = 0;
  /** Single-word patterns: the position mask of each token id, 0 when absent. */
  private mask1 = new Int32Array(1024);
  /** Multi-word patterns: 1 + slot of each token id (0 when absent); masks[slot*words + w]. */
  private slotOf = new Int32Array(1024);
  private masks = new Int32Array(64);
  private v = new Int32Array(4);
  private tokens: number[] = [];

  /** Prepare `pattern` (token ids, negative for tokens no text can contain). */
  prepare(pattern: ArrayLike<number>, vocabSize: number): void {
    this.clear();
    const m = pattern.length;
    const words = (m + 31) >>> 5;
    this.length = m;
    this.words = words;
    if (this.mask1.length < vocabSize) {
      this.mask1 = new Int32Array(growTo(this.mask1.length, vocabSize));
      this.slotOf = new Int32Array(this.mask1.length);
    }
    if (this.v.length < words) this.v = new Int32Array(words);
    if (words === 1) {
      for (let i = 0; i < m; i++) {
        const t = pattern[i]!;
        if (t < 0) continue;
        this.mask1[t]! |= 1 << i;
        this.tokens.push(t);
      }
      return;
    }
    let slots = 0;
    for (let i = 0; i < m; i++) {
      const t = pattern[i]!;
      if (t < 0) continue;
      let s = this.slotOf[t]!;
      if (s === 0) {
        s = ++slots;
        this.slotOf[t] = s;
        this.tokens.push(t);
        const need = (s + 1) * words;
        if (this.masks.length < need) {
          const grown = new Int32Array(growTo(this.masks.length, need));
          grown.set(this.masks);
          this.masks = grown;
        }
        this.masks.fill(0, s * words, (s + 1) * words);
      }
      this.masks[s * words + (i >>> 5)]! |= 1 << (i & 31);
    }
  }

  /** Forget the prepared pattern (its table entries are reset, not the whole tables). */
  clear(): void {
    for (const t of this.tokens) {
      this.mask1[t] = 0;
      this.slotOf[t] = 0;
    }
    this.tokens.length = 0;
  }

  /** LCS length of the prepared pattern and text[start, end). */
  lcs(text: Int32Array, start: number, end: number): number {
    return this.words === 1 ? this.lcs1(text, start, end) : this.lcsN(text, start, end);
  }

  private lcs1(text: Int32Array, start: number, end: number): number {
    const mask1 = this.mask1;
    let v = -1;
    for (let i = start; i < end; i++) {
      const u = v & mask1[text[i]!]!;
      v = (v + u) | (v & ~u);
    }
    const valid = this.length === 32 ? -1 : (1 << this.length) - 1;
    return popcount(~v & valid);
  }

  private lcsN(text: Int32Array, start: number, end: number): number {
    const { slotOf, masks, words, v } = this;
    v.fill(-1, 0, words);
    for (let i = start; i < end; i++) {
      const s = slotOf[text[i]!]!;
      if (s === 0) continue; // a token absent from the pattern leaves V unchanged
      let carry = 0;
      const base = s * words;
      for (let w = 0; w < words; w++) {
        const vw = v[w]!;
        const u = vw & masks[base + w]!;
        const sum = (vw >>> 0) + (u >>> 0) + carry; // exact in a double, up to 2^33
        carry = sum > 0xffffffff ? 1 : 0;
        v[w] = sum | (vw & ~u);
      }
    }
    let zeros = 0;
    const full = this.length >>> 5;
    for (let w = 0; w < full; w++) zeros += popcount(~v[w]!);
    const rest = this.length & 31;
    if (rest) zeros += popcount(~v[full]! & ((1 << rest) - 1));
    return zeros;
  }
}

function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

function growTo(current: number, need: number): number {
  let n = Math.max(current, 16);
  while (n < need) n *= 2;
  return n;
}
