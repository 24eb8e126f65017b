/**
 * A map from 32-byte digests (SHA-256) to integer keys, held in typed arrays outside the JS heap.
 * The exact-duplicate check keeps one entry per kept passage for the whole ingest: as a Map of
 * 64-character hex strings that is well over 100 bytes per passage on the JS heap (and more the
 * garbage collector lets pile up around it); here it is 40 bytes of digest and key plus 8 to 16
 * bytes of slot. The full digest is stored and compared, so lookups answer exactly as the Map did. Pure.
 */

const DIGEST_BYTES = 32;
/** Entries per storage chunk: chunks are appended, never copied, as the table grows. */
const CHUNK = 1 << 16;
const MIN_SLOTS = 1 << 10;

export class DigestTable {
  private digests: Uint8Array[] = [];
  private keys: Float64Array[] = [];
  /** Open addressing (linear probing): entry number + 1 per slot, 0 for an empty slot. */
  private slots = new Uint32Array(MIN_SLOTS);
  private mask = MIN_SLOTS - 1;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The key stored for `digest`, or undefined. */
  get(digest: Uint8Array): number | undefined {
    const entry = this.find(check(digest));
    return entry < 0 ? undefined : this.keys[entry >>> 16]![entry & (CHUNK - 1)];
  }

  /** Store `key` for `digest` (replacing the key of an equal digest, as Map.set does). */
  set(digest: Uint8Array, key: number): void {
    check(digest);
    const found = this.find(digest);
    if (found >= 0) {
      this.keys[found >>> 16]![found & (CHUNK - 1)] = key;
      return;
    }
    // Grown at half full, so probe runs stay short; the slots are the only part ever copied.
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    const entry = this.count++;
    const chunk = entry >>> 16;
    if (chunk === this.digests.length) {
      this.digests.push(new Uint8Array(CHUNK * DIGEST_BYTES));
      this.keys.push(new Float64Array(CHUNK));
    }
    this.digests[chunk]!.set(digest, (entry & (CHUNK - 1)) * DIGEST_BYTES);
    this.keys[chunk]![entry & (CHUNK - 1)] = key;
    this.place(digest, entry);
  }

  /** The entry number holding `digest`, or -1. */
  private find(digest: Uint8Array): number {
    for (let i = start(digest) & this.mask; ; i = (i + 1) & this.mask) {
      const s = this.slots[i]!;
      if (s === 0) return -1;
      if (this.equals(s - 1, digest)) return s - 1;
    }
  }

  private place(digest: Uint8Array, entry: number): void {
    let i = start(digest) & this.mask;
    while (this.slots[i] !== 0) i = (i + 1) & this.mask;
    this.slots[i] = entry + 1;
  }

  private equals(entry: number, digest: Uint8Array): boolean {
    const d = this.digests[entry >>> 16]!;
    const at = (entry & (CHUNK - 1)) * DIGEST_BYTES;
    for (let j = 0; j < DIGEST_BYTES; j++) if (d[at + j] !== digest[j]) return false;
    return true;
  }

  private grow(): void {
    this.slots = new Uint32Array(this.slots.length * 2);
    this.mask = this.slots.length - 1;
    for (let e = 0; e < this.count; e++) {
      const at = (e & (CHUNK - 1)) * DIGEST_BYTES;
      this.place(this.digests[e >>> 16]!.subarray(at, at + DIGEST_BYTES), e);
    }
  }
}

function check(digest: Uint8Array): Uint8Array {
  if (digest.length !== DIGEST_BYTES) throw new RangeError(`expected a ${DIGEST_BYTES}-byte digest, got ${digest.length} bytes`);
  return digest;
}

/** A digest's first four bytes: already uniformly distributed, so they serve as its slot hash. */
function start(d: Uint8Array): number {
  return (d[0]! | (d[1]! << 8) | (d[2]! << 16) | (d[3]! << 24)) >>> 0;
}
