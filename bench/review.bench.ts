/**
 * npx tsx bench/review.bench.ts (npm run bench:review)
 * Human review on a large run: a run of BENCH_REVIEW_SAMPLES (500000) synthetic samples, with
 * BENCH_REVIEW_DONE (0.4) of its evolved samples already reviewed in bulk (the earliest ones, the
 * worst case for a "not yet reviewed" queue walked in id order), then the median time of the
 * review queue's queries and of whole HTTP pages and writes through the Hono app with a review
 * session: queue pages, one decision, a bulk confirmation and a bulk write, the dashboard's
 * review section, and status's review figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openForAudit } from '../src/audit/open.js';
import { openDb } from '../src/store/db.js';
import { Store } from '../src/store/index.js';
import { countSamples, samplePage, samplePagePlan, type SampleFilter } from '../src/store/audit.js';
import { recordReviewsForFilter, reviewAgreement, reviewProgress } from '../src/store/reviews.js';
import { createAccess, csrfToken, newSessionCookie } from '../src/web/access.js';
import { createApp } from '../src/web/app.js';
import { writerOf } from '../src/web/review-writer.js';
import { writeSynthRun } from '../tests/audit/synth.js';
import { median, medianMs, table } from './support.js';

const N = Number(process.env.BENCH_REVIEW_SAMPLES ?? 500_000);
const DONE = Number(process.env.BENCH_REVIEW_DONE ?? 0.4);
const REPS = Number(process.env.BENCH_REVIEW_REPS ?? 9);

const time = (fn: () => unknown | Promise<unknown>, reps = REPS) => medianMs(fn, reps);

const dir = mkdtempSync(join(tmpdir(), 'distillery-bench-review-'));
try {
  const path = join(dir, 'review.db');
  let t0 = performance.now();
  const store = Store.open(path);
  const { runId, firstId, lastId } = writeSynthRun(store, { samples: N, name: 'big' });
  writeSynthRun(store, { samples: 2_000, name: 'other', seed: 5 });
  store.close();
  process.stdout.write(`wrote ${N} samples (+2000 in another run) in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

  const w = openDb(path);
  const cut = firstId + Math.floor((lastId - firstId) * DONE);
  t0 = performance.now();
  // The earliest part of the run reviewed already: a "not yet reviewed" queue must skip past it.
  const before = w.prepare(`SELECT MAX(id) FROM samples WHERE run_id = ? AND id <= ?`).pluck().get(runId, cut) as number;
  const reviewed = w.transaction(() => {
    const ids = w.prepare(`SELECT id FROM samples WHERE run_id = ? AND kind = 'evolved' AND id <= ?`).pluck().all(runId, before) as number[];
    const ins = w.prepare(`INSERT INTO reviews (sample_id, run_id, decision, note, labels_json, reviewer, created_at) VALUES (?, ?, ?, '', '[]', 'bench', '2026-01-01T00:00:00.000Z')`);
    ids.forEach((id, i) => ins.run(id, runId, i % 5 === 0 ? 'rejected' : i % 17 === 0 ? 'flagged' : 'approved'));
    return ids.length;
  })();
  process.stdout.write(`recorded ${reviewed} reviews (evolved samples up to #${before}) in ${((performance.now() - t0) / 1000).toFixed(1)} s\n\n`);

  const db = openForAudit(path);
  const queue: SampleFilter = { kind: 'evolved', status: 'accepted', review: 'none' };
  const cases: [string, SampleFilter][] = [
    ['not yet reviewed', { review: 'none' }],
    ['evolved, accepted, not yet reviewed', queue],
    ['accepted, judge score <= 3, not yet reviewed', { status: 'accepted', maxScore: 3, review: 'none' }],
    ['judge score <= 3', { maxScore: 3 }],
    ['latest review rejected', { review: 'rejected' }],
    ['latest review flagged', { review: 'flagged' }],
  ];
  const rows: (string | number)[][] = [['query (50 per page)', 'page ms', 'count ms (to 10,000)', 'rows', 'plan']];
  for (const [label, f] of cases) {
    const pageMs = await time(() => samplePage(db, runId, f, { limit: 50 }));
    const countMs = await time(() => countSamples(db, runId, f), 3);
    const got = samplePage(db, runId, f, { limit: 50 }).rows.length;
    const plan = samplePagePlan(db, runId, f)[0]!.replace(/^SEARCH s USING (COVERING )?INDEX /, '');
    rows.push([label, pageMs.toFixed(2), countMs.toFixed(1), got, plan]);
  }
  process.stdout.write(`${table(rows)}\n\n`);

  const access = createAccess();
  const app = createApp(db, { dbPath: path, review: { access, writer: writerOf(w), reviewer: 'bench' } });
  const { sessionId, value } = newSessionCookie(access);
  const cookie = `${access.cookieName}=${value}`;
  const csrf = csrfToken(access, sessionId);
  const origin = 'http://localhost';
  const post = (url: string, fields: Record<string, string>) =>
    app.request(`${origin}${url}`, { method: 'POST', headers: { Cookie: cookie, Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ csrf, ...fields }).toString() });
  const get = async (url: string) => (await app.request(`${origin}${url}`, { headers: { Cookie: cookie } })).text();

  const open = samplePage(db, runId, queue, { limit: 200 }).rows.map((r) => r.id);
  let next = 0;
  const http: (string | number)[][] = [['request', 'ms']];
  http.push(['GET queue page (evolved, accepted, not yet reviewed)', (await time(() => get(`/runs/${runId}/samples?kind=evolved&status=accepted&review=none`))).toFixed(2)]);
  http.push(['GET queue page, judge score <= 3, not yet reviewed', (await time(() => get(`/runs/${runId}/samples?status=accepted&max_score=3&review=none`))).toFixed(2)]);
  http.push(['GET samples by score (accepted evolved, highest first: sorts every match)', (await time(() => get(`/runs/${runId}/samples?kind=evolved&status=accepted&sort=-score`), 3)).toFixed(1)]);
  http.push(['GET samples by score, judge score <= 3 and not yet reviewed', (await time(() => get(`/runs/${runId}/samples?status=accepted&max_score=3&review=none&sort=score`), 3)).toFixed(1)]);
  http.push(['GET sample page with its review history', (await time(() => get(`/samples/${open[0]}`))).toFixed(2)]);
  http.push(['POST one decision (then 303)', (await time(async () => (await post(`/samples/${open[next++ % open.length]}/review`, { decision: 'approved', note: 'ok', back: `/runs/${runId}/samples?review=none` })).status)).toFixed(2)]);
  const small: SampleFilter = { kind: 'conversation', status: 'rejected', review: 'none' };
  const smallQuery = `kind=conversation&status=rejected&review=none`;
  const n = countSamples(db, runId, small, Number.MAX_SAFE_INTEGER).n;
  http.push([`GET bulk confirmation, ${n} rows (exact count)`, (await time(() => get(`/runs/${runId}/review/bulk?${smallQuery}&decision=rejected`), 3)).toFixed(1)]);
  const bigQuery = `kind=evolved&status=accepted&review=none`;
  const big = countSamples(db, runId, queue, Number.MAX_SAFE_INTEGER).n;
  http.push([`GET bulk confirmation, ${big} rows (exact count)`, (await time(() => get(`/runs/${runId}/review/bulk?${bigQuery}&decision=rejected`), 3)).toFixed(1)]);
  t0 = performance.now();
  const res = await post(`/runs/${runId}/review/bulk`, { decision: 'rejected', kind: 'conversation', status: 'rejected', review: 'none', expect: String(n) });
  http.push([`POST bulk rejection of ${n} rows (${res.status})`, (performance.now() - t0).toFixed(1)]);
  await get(`/runs/${runId}`);
  http.push(['GET dashboard, nothing new (both caches warm)', (await time(() => get(`/runs/${runId}`), 5)).toFixed(1)]);
  const afterReview: number[] = [];
  for (let i = 0; i < 3; i++) {
    await post(`/samples/${open[next++ % open.length]}/review`, { decision: 'flagged' });
    const t = performance.now();
    await get(`/runs/${runId}`);
    afterReview.push(performance.now() - t);
  }
  http.push(['GET dashboard, first visit after a new review', median(afterReview).toFixed(1)]);
  http.push(['review progress + agreement (status)', (await time(() => [reviewProgress(db, runId), reviewAgreement(db, runId)], 3)).toFixed(1)]);
  t0 = performance.now();
  const bulkAll = recordReviewsForFilter(w, runId, { kind: 'evolved', review: 'none' }, { decision: 'flagged', reviewer: 'bench' });
  http.push([`recordReviewsForFilter, ${bulkAll} rows`, (performance.now() - t0).toFixed(0)]);
  process.stdout.write(`${table(http)}\n`);
  db.close();
  w.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
