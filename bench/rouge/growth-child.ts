/**
 * One growth measurement in a fresh process: generate n synthetic instructions (seeded), dedup
 * them incrementally, report seconds, comparisons and peak memory. Usage: growth-child.ts N SEED WORKERS
 */
import { getHeapStatistics } from 'node:v8';
import { dedupTexts, type DedupOptions } from '../../src/dedup/dedup.js';
import { dedupTextsParallel } from '../../src/dedup/parallel.js';
import { countsOf } from '../../src/dedup/report.js';
import { synthInstructions } from './synth.js';

const [n, seed, workers] = process.argv.slice(2).map(Number) as [number, number, number];
let t0 = performance.now();
const texts = synthInstructions(n, seed);
const genSeconds = (performance.now() - t0) / 1000;

let peakHeap = 0;
const opts: DedupOptions = {
  threshold: 0.7,
  progressEvery: 10_000,
  onProgress: () => {
    peakHeap = Math.max(peakHeap, getHeapStatistics().used_heap_size);
  },
};
t0 = performance.now();
const out = workers > 0 ? await dedupTextsParallel(texts, { ...opts, workers }) : dedupTexts(texts, opts);
const seconds = (performance.now() - t0) / 1000;
const counts = countsOf(out);
console.log(
  JSON.stringify({
    n,
    workers,
    kept: counts.kept,
    rejected: counts.rejected,
    seconds,
    genSeconds,
    comparisons: counts.comparisons,
    candidates: counts.candidates,
    bruteForcePairs: counts.bruteForcePairs,
    // maxRSS covers the whole process, worker threads included; heap is this thread's V8 heap.
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    peakHeapMB: Math.max(peakHeap, getHeapStatistics().used_heap_size) / 2 ** 20,
  }),
);
