import { stepRng } from '../../engine/rng.js';
import { eligibleKinds, type SystemKind } from './system-messages.js';

/**
 * The system-message kind of query n: a uniform draw from the kinds it is eligible for, seeded by
 * the run seed and n alone, so the draw never depends on waves, concurrency or resumes.
 */
export function drawSystemKind(seed: number, n: number, collection: string | undefined, multipleChoice: boolean, only: readonly number[]): SystemKind {
  let kinds = eligibleKinds(collection, multipleChoice);
  if (only.length > 0) {
    const restricted = eligibleKinds(undefined, multipleChoice).filter((k) => only.includes(k.id));
    // A user's restriction wins over the collection's set; when it leaves nothing for this row, the row keeps its collection's set.
    kinds = restricted.length > 0 ? restricted : kinds;
  }
  const rng = stepRng(seed, 'orca-system', n);
  return kinds[rng.int(0, kinds.length - 1)]!;
}
