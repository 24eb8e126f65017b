/**
 * Records the golden answers and datasets: `npx tsx tests/golden/record.ts [case ...]`.
 * Each case runs with the in-process sim teacher (fixed seed) and writes tests/golden/<case>.json:
 * every answered request with its answer, and the complete dataset. Run it only to add a case;
 * a redesign must pass replay.test.ts against the recordings made before it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline, run } from '../support/runs.js';
import { REPO } from '../support/paths.js';
import { CASES } from './cases.js';
import { answersOf, goldenDataset, type Recording } from './golden.js';

const wanted = new Set(process.argv.slice(2));
const dir = mkdtempSync(join(tmpdir(), 'distillery-golden-'));
try {
  for (const c of CASES) {
    if (wanted.size > 0 && !wanted.has(c.name)) continue;
    const db = join(dir, `${c.name}.db`);
    const result = await run(pipeline(c.file, { ...c.overrides, name: c.name, 'teacher.provider': 'sim', 'limits.concurrency': 4 }), db);
    const rec: Recording = { case: c.name, answers: answersOf(db, c.name), dataset: goldenDataset(db, c.name) };
    const out = resolve(REPO, 'tests', 'golden', `${c.name}.json`);
    writeFileSync(out, `${JSON.stringify(rec)}\n`);
    console.log(`${c.name}: ${result.status} (${result.detail}); ${rec.answers.length} answers, ${rec.dataset.length} samples -> ${out}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
