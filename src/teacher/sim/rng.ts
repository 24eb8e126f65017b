import { createHash } from 'node:crypto';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** A small convenience layer over a pure-rand generator (mutated in place). */
export class Rng {
  constructor(private readonly gen: RandomGenerator) {}

  /** A generator seeded from the first 128 bits of sha256(key). */
  static fromKey(key: string): Rng {
    const digest = createHash('sha256').update(key).digest();
    const state = [digest.readInt32BE(0), digest.readInt32BE(4), digest.readInt32BE(8), digest.readInt32BE(12)];
    // An all-zero state never moves; sha256 makes it practically impossible, but stay safe.
    if ((state[0]! | state[1]! | state[2]! | state[3]!) === 0) state[0] = 1;
    const rng = new Rng(xoroshiro128plusFromState(state));
    // Warm up so that close states diverge.
    for (let i = 0; i < 4; i++) rng.gen.next();
    return rng;
  }

  /** A float in [0, 1). */
  float(): number {
    const hi = (this.gen.next() >>> 0) / 0x1_0000_0000;
    const lo = (this.gen.next() >>> 0) / 0x1_0000_0000 / 0x1_0000_0000;
    return hi + lo;
  }

  /** An integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    if (hi <= lo) return lo;
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** Pick by weight; weights need not sum to 1. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.float() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    const last = entries[entries.length - 1];
    if (!last) throw new Error('weighted pick from an empty list');
    return last[0];
  }

  /** `n` distinct items (fewer if the list is shorter), in random order. */
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = items.slice();
    const out: T[] = [];
    while (out.length < n && copy.length > 0) {
      const i = Math.floor(this.float() * copy.length);
      out.push(copy[i] as T);
      copy[i] = copy[copy.length - 1] as T;
      copy.pop();
    }
    return out;
  }
}
