/**
 * Passage deduplication, in corpus order, against the passages kept so far. Pure.
 * - Exact: the SHA-256 of the normalised text (Unicode NFKC, lower case, whitespace runs as one
 *   space) was seen before.
 * - Near: the highest ROUGE-L F-measure against a kept passage is above the threshold, computed
 *   exactly by the project's ROUGE-L index (the same measure and tokenizer the novelty filters
 *   use), so a rejection names the passage it is too close to and by how much. Texts that share
 *   long stretches in order (re-posted articles, boilerplate variants, light edits) score near 1;
 *   distinct passages on one subject stay far below 0.7.
 */
import { RougeIndex } from '../filters/rouge/index.js';
import type { Verdict } from '../store/samples.js';
import { createHash } from 'node:crypto';
import { DigestTable } from './digest-table.js';

export function normalizeForHash(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The SHA-256 of the normalised text, as bytes: computed once per passage, its hex form is the sample's content hash. */
export function passageDigest(text: string): Buffer {
  return createHash('sha256').update(normalizeForHash(text)).digest();
}

export function passageHash(text: string): string {
  return passageDigest(text).toString('hex');
}

export interface DedupVerdict {
  verdict: Verdict;
  /** The key (as given to `keep`) of the earlier passage this one duplicates. */
  duplicateOf?: number;
}

export class PassageDeduper {
  private readonly hashes = new DigestTable();
  private readonly index: RougeIndex | null;

  /** `nearThreshold` >= 1 turns the near-duplicate check off (exact duplicates are still removed). */
  constructor(readonly nearThreshold: number) {
    this.index = nearThreshold < 1 ? new RougeIndex({ tokenizer: 'rouge' }) : null;
  }

  /** The exact-duplicate verdict, then (when it passes) the near-duplicate verdict; `digest` is passageDigest(text). */
  check(text: string, digest: Uint8Array = passageDigest(text)): DedupVerdict[] {
    const same = this.hashes.get(digest);
    const exact: DedupVerdict = {
      verdict: { filter: 'exact-duplicate', passed: same === undefined, detail: same === undefined ? undefined : { duplicate_of: same } },
      duplicateOf: same,
    };
    if (same !== undefined || !this.index) return [exact];
    const q = this.index.query(text, { threshold: this.nearThreshold, topK: 1 });
    const near = q.exact && q.score > this.nearThreshold && q.mostSimilar ? q.mostSimilar : null;
    return [
      exact,
      {
        verdict: {
          filter: 'near-duplicate',
          passed: near === null,
          score: near ? q.score : null,
          detail: near ? { duplicate_of: near.id, threshold: this.nearThreshold } : { threshold: this.nearThreshold },
        },
        duplicateOf: near?.id,
      },
    ];
  }

  /** Add a kept passage under `key` (any integer; the caller maps it to a sample id later). */
  keep(key: number, text: string, digest: Uint8Array = passageDigest(text)): void {
    this.hashes.set(digest, key);
    this.index?.add(key, text);
  }
}
