/**
 * One dedup pass over texts read from stdin (a JSON list of strings), timed in a fresh process
 * the way the reference times itself: tokenising and deciding, not reading the file.
 * The first pass runs with a cold JIT; `passes` > 1 also reports the best later pass.
 */
import { readFileSync } from 'node:fs';
import { dedupTexts } from '../../src/dedup/dedup.js';
import { keptIdsSha256 } from './parity.js';

const texts = JSON.parse(readFileSync(0, 'utf8')) as string[];
const passes = Number(process.argv[2] ?? 1);
const times: number[] = [];
let sha = '';
let kept = 0;
for (let p = 0; p < passes; p++) {
  const t0 = performance.now();
  const out = dedupTexts(texts, { threshold: 0.7 });
  times.push((performance.now() - t0) / 1000);
  sha = keptIdsSha256(out);
  kept = out.keptCount;
}
console.log(JSON.stringify({ n: texts.length, kept, sha, cold: times[0], warm: passes > 1 ? Math.min(...times.slice(1)) : null }));
