import { createHash } from 'node:crypto';
import type { DedupOutcome } from '../../src/dedup/dedup.js';

/** The reference script's fingerprint of a run: sha256 of the kept row indices joined by commas. */
export function keptIdsSha256(outcome: Pick<DedupOutcome, 'kept'>): string {
  const ids: number[] = [];
  outcome.kept.forEach((k, i) => {
    if (k) ids.push(i);
  });
  return createHash('sha256').update(ids.join(',')).digest('hex');
}
