/**
 * npx tsx bench/audit.bench.ts
 * The audit viewer on a large run: a run of BENCH_AUDIT_SAMPLES (100000) synthetic samples
 * (sources, evolutions over 4 rounds with lineage, conversations; two verdicts each) plus a
 * second run, then the median time of each sample-browser query (first page, a page deep in the
 * run, filters, text search, capped count), of whole HTTP pages through the Hono app, and of the
 * dashboard's data and charts. Each query's plan is printed too: no page may sort every match.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openForAudit } from '../src/audit/open.js';
import { collectDashboard, dashboardCharts } from '../src/audit/dashboard.js';
import { Store } from '../src/store/index.js';
import { countSamples, samplePage, samplePagePlan, sampleCounts, type SampleFilter } from '../src/store/audit.js';
import { getRunById } from '../src/store/runs.js';
import { createApp } from '../src/web/app.js';
import { writeSynthRun } from '../tests/audit/synth.js';
import { medianMs, table } from './support.js';

const N = Number(process.env.BENCH_AUDIT_SAMPLES ?? 100_000);
const REPS = Number(process.env.BENCH_AUDIT_REPS ?? 15);

const time = (fn: () => unknown | Promise<unknown>, reps = REPS) => medianMs(fn, reps);

const dir = mkdtempSync(join(tmpdir(), 'distillery-bench-audit-'));
try {
  const path = join(dir, 'audit.db');
  const t0 = performance.now();
  const store = Store.open(path);
  writeSynthRun(store, { samples: 2_000, name: 'small-before', seed: 3 });
  const { runId, lastId } = writeSynthRun(store, { samples: N, name: 'big' });
  writeSynthRun(store, { samples: 2_000, name: 'small-after', seed: 5 });
  store.close();
  process.stdout.write(`wrote ${N} samples (+4000 in two other runs) in ${((performance.now() - t0) / 1000).toFixed(1)} s\n\n`);

  const db = openForAudit(path);
  const deep = lastId - 500;
  const cases: [string, SampleFilter, { after?: number }][] = [
    ['first page, no filter', {}, {}],
    ['page near the end, no filter', {}, { after: deep }],
    ['status = rejected', { status: 'rejected' }, {}],
    ['status = rejected, near the end', { status: 'rejected' }, { after: deep }],
    ['kind = conversation', { kind: 'conversation' }, {}],
    ['stage + status + reason', { stage: 'evolve', status: 'rejected', reason: 'judge-score' }, {}],
    ['failed filter rouge-l', { failed: 'rouge-l' }, {}],
    ['text, common ("ocean")', { grep: 'ocean' }, {}],
    ['text, in one sample only', { grep: 'number 99999.' }, {}],
    ['text, no match (full scan)', { grep: 'zq-no-such-text' }, {}],
  ];
  const rows: (string | number)[][] = [['query (50 per page)', 'page ms', 'count ms', 'rows', 'plan']];
  for (const [label, f, at] of cases) {
    const pageMs = await time(() => samplePage(db, runId, f, { ...at, limit: 50 }));
    const countMs = await time(() => countSamples(db, runId, f), 5);
    const got = samplePage(db, runId, f, { ...at, limit: 50 }).rows.length;
    const plan = samplePagePlan(db, runId, f)[0]!.replace(/^SEARCH s USING (COVERING )?INDEX /, '');
    rows.push([label, pageMs.toFixed(2), countMs.toFixed(2), got, plan]);
  }
  process.stdout.write(`${table(rows)}\n\n`);

  const app = createApp(db, { dbPath: path });
  const run = getRunById(db, runId)!;
  const pages: [string, string][] = [
    ['GET samples page (warm facets)', `/runs/${runId}/samples?status=rejected`],
    ['GET samples page, deep keyset', `/runs/${runId}/samples?after=${deep}`],
    ['GET samples text search', `/runs/${runId}/samples?q=ocean`],
    ['GET sample page', `/samples/${lastId - 10}`],
    ['GET dashboard (cached)', `/runs/${runId}`],
  ];
  const http: (string | number)[][] = [['request', 'ms']];
  for (const [label, url] of pages) {
    http.push([label, (await time(async () => (await app.request(url)).text(), 9)).toFixed(2)]);
  }
  http.push(['sample facets (sampleCounts), cold', (await time(() => sampleCounts(db, runId), 3)).toFixed(1)]);
  http.push(['dashboard data + charts, cold', (await time(() => dashboardCharts(collectDashboard(db, run)), 2)).toFixed(0)]);
  process.stdout.write(`${table(http)}\n`);
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
