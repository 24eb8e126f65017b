import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mixNearDuplicates } from '../../../bench/rouge/mutate.js';
import { keptIdsSha256 } from '../../../bench/rouge/parity.js';
import { Rng } from '../../../bench/rouge/rng.js';
import { dedupTexts } from '../../../src/dedup/dedup.js';
import { bundledData } from '../../support/paths.js';
import { referenceDedup } from '../python-reference.js';

const seeds = readFileSync(bundledData('self_instruct_seed_tasks.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => (JSON.parse(l) as { instruction: string }).instruction);

describe('dedupTexts', () => {
  it('keeps the same rows as the reference script (sha256 of kept ids), on real rows and near-duplicate mixes', () => {
    const mixes: [string[], number][] = [
      [seeds, 0.7],
      [seeds, 0.3],
      [mixNearDuplicates(seeds, new Rng(1)), 0.7],
      [mixNearDuplicates(seeds.slice(0, 100), new Rng(2), { rate: 0.7 }), 0.5],
    ];
    for (const [texts, threshold] of mixes) {
      const ours = dedupTexts(texts, { threshold });
      const ref = referenceDedup(texts, threshold);
      expect({ kept: ours.keptCount, sha: keptIdsSha256(ours) }).toEqual({ kept: ref.kept, sha: ref.kept_ids_sha256 });
    }
  }, 30_000);
});
