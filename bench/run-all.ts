/**
 * npm run bench: every benchmark under bench/, one after another, each in its own process so one
 * bench's memory and worker threads never weigh on the next. Speed lives here, never in tests.
 * BENCH_ONLY=rouge,throughput picks some.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO } from './support.js';

const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const files = readdirSync(resolve(REPO, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !only || only.includes(f.replace(/\.bench\.ts$/, '')))
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', resolve(REPO, 'bench', f)], { cwd: REPO, stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    failed++;
    console.log(`=== ${f} exited with ${r.status ?? r.signal}`);
  }
}
process.exitCode = failed ? 1 : 0;
