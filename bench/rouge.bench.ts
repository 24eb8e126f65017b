/**
 * ROUGE-L novelty filter benchmark: `npm run bench:rouge`.
 * (a) parity with ../shared/bench/rouge_reference.py: kept-id sha256 on the real files and on
 *     mixes with seeded near-duplicates; (b) speed against the reference on codealpaca_2k, from
 *     the same reference run; (c) growth on synthetic pools of 10K, 100K and 1M instructions.
 * Environment: BENCH_QUICK=1 (reference on the first 300 codealpaca rows, growth 10K only),
 * BENCH_SIZES=10000,100000 (growth sizes), BENCH_WORKERS=0,auto (modes to run each size in: 0
 * in-process, n worker threads with replicas, auto the CLI's choice; default auto).
 */
import { availableParallelism, loadavg } from 'node:os';
import { dedupTexts } from '../src/dedup/dedup.js';
import { defaultWorkers } from '../src/dedup/parallel.js';
import { runChild } from './rouge/child.js';
import { realTexts } from './rouge/corpus.js';
import { mixNearDuplicates } from './rouge/mutate.js';
import { keptIdsSha256 } from './rouge/parity.js';
import { runReference, type ReferenceRun } from './rouge/reference.js';
import { Rng } from './rouge/rng.js';
import { SYNTH_DESCRIPTION } from './rouge/synth.js';
import { fmt, table } from './rouge/table.js';

const QUICK = process.env.BENCH_QUICK === '1';
const SIZES = (process.env.BENCH_SIZES ?? (QUICK ? '10000' : '10000,100000,1000000')).split(',').map(Number);
const cores = availableParallelism();
const MODES = (process.env.BENCH_WORKERS ?? 'auto').split(',');

const log = (s = '') => process.stdout.write(`${s}\n`);
const note = (s: string) => process.stderr.write(`[bench:rouge] ${s}\n`);

log(`# ROUGE-L novelty filter (threshold 0.7)\n`);
log(`Node ${process.version}, ${cores} cores, load average at start ${loadavg().map((x) => x.toFixed(2)).join(' ')}${QUICK ? ', BENCH_QUICK=1' : ''}\n`);

// (a) + (b) ------------------------------------------------------------------------------------
const real = realTexts();
const codealpaca = real[0]!.texts;
const rng = new Rng(20251125);
const datasets: { name: string; texts: string[]; limit?: number }[] = [
  { name: 'codealpaca_2k instructions', texts: codealpaca, limit: QUICK ? 300 : undefined },
  { name: 'self-instruct seed instructions', texts: real[1]!.texts },
  { name: 'evol sample inputs', texts: real[2]!.texts },
  { name: 'codealpaca[0:600] + near-dups', texts: mixNearDuplicates(codealpaca.slice(0, 600), rng) },
  { name: 'seeds + near-dups', texts: mixNearDuplicates(real[1]!.texts, rng) },
  { name: 'evol + near-dups', texts: mixNearDuplicates(real[2]!.texts, rng) },
];

log('## (a) Parity with rouge_reference.py (kept row ids, sha256)\n');
log('Near-dups: each row followed, within 50 rows, by a geometric number (mean 1) of copies with 1-6 random edits (word drop, neighbour swap, near-synonym or vocabulary substitution, insertion); seeded.\n');
const parityRows: (string | number)[][] = [];
let allSame = true;
let speedRun: { ref: ReferenceRun; texts: string[] } | null = null;
for (const d of datasets) {
  const texts = d.limit ? d.texts.slice(0, d.limit) : d.texts;
  note(`reference on ${d.name} (${texts.length} rows)...`);
  const ref = runReference(d.texts, { limit: d.limit });
  const ours = dedupTexts(texts, { threshold: 0.7 });
  const same = keptIdsSha256(ours) === ref.kept_ids_sha256 && ours.keptCount === ref.kept;
  allSame &&= same;
  parityRows.push([d.name, ref.n, ref.kept, ours.keptCount, ref.n - ref.kept, ref.kept_ids_sha256.slice(0, 16), same ? 'identical' : 'DIFFERENT']);
  if (d === datasets[0]) speedRun = { ref, texts };
}
log(table(['data', 'rows', 'kept (ref)', 'kept (ours)', 'rejected', 'sha256 (ref, 16 hex)', 'kept ids'], parityRows));
log(`\n${allSame ? 'All identical.' : 'MISMATCH: see the rows marked DIFFERENT.'}\n`);

log('## (b) Speed against the reference (single process, same file, same run)\n');
const timing = runChild<{ n: number; kept: number; sha: string; cold: number; warm: number }>('./time-child.ts', [5], JSON.stringify(speedRun!.texts));
const refSeconds = speedRun!.ref.seconds;
log(
  table(
    ['data', 'rows', 'reference', 'ours, first pass (cold JIT)', 'ours, best of 4 more', 'speed-up (cold)', 'speed-up (warm)'],
    [[datasets[0]!.name, timing.n, fmt.s(refSeconds), fmt.s(timing.cold), fmt.s(timing.warm), `${fmt.int(refSeconds / timing.cold)}x`, `${fmt.int(refSeconds / timing.warm)}x`]],
  ),
);
log(`\nOurs in a fresh process: tokenising and deciding, as the reference times itself (neither counts reading the file); same kept ids: ${timing.sha === speedRun!.ref.kept_ids_sha256 ? 'yes' : 'NO'}.\n`);

// (c) ------------------------------------------------------------------------------------------
log('## (c) Growth: incremental dedup of synthetic pools\n');
log(`${SYNTH_DESCRIPTION}\n`);
interface Growth {
  n: number;
  workers: number;
  kept: number;
  rejected: number;
  seconds: number;
  comparisons: number;
  candidates: number;
  bruteForcePairs: number;
  peakRssMB: number;
  peakHeapMB: number;
}
const runs = SIZES.flatMap((n) => [...new Set(MODES.map((m) => (m === 'auto' ? defaultWorkers(n) : Number(m))))].map((workers) => ({ n, workers })));
const growthRows = runs.map(({ n, workers }) => {
  note(`growth ${fmt.int(n)} rows, ${workers ? `main + ${workers} worker thread(s)` : 'in-process'}...`);
  const g = runChild<Growth>('./growth-child.ts', [n, 42, workers]);
  return [
    fmt.int(g.n),
    g.workers ? `main + ${g.workers} worker thread${g.workers > 1 ? 's' : ''}` : 'in-process',
    fmt.int(g.kept),
    fmt.int(g.rejected),
    fmt.s(g.seconds),
    fmt.int(g.bruteForcePairs),
    `${fmt.int(g.candidates)} (${(g.candidates / g.n).toFixed(1)}/row)`,
    `${fmt.int(g.comparisons)} (${(g.comparisons / g.n).toFixed(2)}/row)`,
    fmt.mb(g.peakRssMB),
    fmt.mb(g.peakHeapMB),
  ];
});
log(table(['rows', 'mode', 'kept', 'rejected', 'seconds', 'brute-force LCS', 'overlap checks', 'LCS computed', 'peak RSS', 'peak heap (main)'], growthRows));
log('\nSeconds cover deciding only (not generating the texts). Brute force = one LCS per row per row kept before it (the reference). Overlap checks = pairs met in the posting lists that passed the length and position bounds and had their bag-of-words overlap counted; LCS computed = those whose overlap could still reach the threshold. Peak RSS is the whole process (worker threads included).');
