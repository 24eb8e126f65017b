import { ExportError } from './types.js';

/** A named share of the dataset, e.g. train = 0.95. */
export interface SplitShare {
  name: string;
  fraction: number;
}

export const DEFAULT_SPLITS: readonly SplitShare[] = [{ name: 'train', fraction: 1 }];

/** Hugging Face split names: word characters, dot-separated. */
const SPLIT_NAME = /^\w+(\.\w+)*$/;

/** Parse `train=0.95,test=0.05`: unique names, positive fractions that sum to 1. */
export function parseSplitSpec(spec: string): SplitShare[] {
  const shares: SplitShare[] = [];
  for (const part of spec.split(',')) {
    const m = /^\s*([^=\s]+)\s*=\s*([^\s]+)\s*$/.exec(part);
    if (!m) throw new ExportError(`--split: expected name=fraction pairs separated by commas (e.g. train=0.95,test=0.05), got "${part.trim()}"`);
    const name = m[1]!;
    const fraction = Number(m[2]);
    if (!SPLIT_NAME.test(name)) throw new ExportError(`--split: split name "${name}" must be letters, digits or "_" (dot-separated parts allowed)`);
    if (!Number.isFinite(fraction) || fraction <= 0 || fraction > 1) throw new ExportError(`--split: fraction of "${name}" must be a number in (0, 1], got "${m[2]}"`);
    if (shares.some((s) => s.name === name)) throw new ExportError(`--split: split "${name}" is named twice`);
    shares.push({ name, fraction });
  }
  const sum = shares.reduce((a, s) => a + s.fraction, 0);
  if (Math.abs(sum - 1) > 1e-6) throw new ExportError(`--split: fractions must sum to 1, they sum to ${Number(sum.toFixed(6))}`);
  return shares;
}

/**
 * A sample's split from a hash of (seed, sample id) alone: the same sample lands in the same split
 * on every export with that seed, whatever else the export holds, and the shares hold on average.
 */
export function splitAssigner(shares: readonly SplitShare[], seed: number): (id: number) => string {
  if (shares.length === 0) throw new Error('at least one split');
  const names = shares.map((s) => s.name);
  const bounds: number[] = [];
  let acc = 0;
  for (const s of shares) bounds.push((acc += s.fraction));
  const last = names.length - 1;
  return (id: number) => {
    const u = unitHash(seed, id);
    for (let i = 0; i < last; i++) if (u < bounds[i]!) return names[i]!;
    return names[last]!;
  };
}

/** A uniform number in [0, 1) from two non-negative integers (MurmurHash3's 32-bit mixing over four words). */
export function unitHash(seed: number, id: number): number {
  let h = 0x2f6b1a3d;
  for (const word of [seed >>> 0, Math.floor(seed / 2 ** 32) >>> 0, id >>> 0, Math.floor(id / 2 ** 32) >>> 0]) {
    let k = Math.imul(word, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= 16;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}
