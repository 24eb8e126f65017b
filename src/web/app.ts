/**
 * The audit viewer: a Hono app over one read-only database connection. Pages are rendered on the
 * server with every stored text escaped. The only script is the review queue's own keyboard
 * script, served here and allowed by that page's Content-Security-Policy alone; nothing external.
 * The only writes are review decisions (review-routes.ts), each behind the access checks.
 */
import { Hono, type Context } from 'hono';
import type { Db } from '../store/db.js';
import { collectDashboard, dashboardCharts, dashboardHtml, type CollectOptions } from '../audit/dashboard.js';
import { renderReport } from '../audit/report.js';
import { sampleDetail, parseRequest } from '../audit/sample.js';
import { contentSecurityPolicy } from '../audit/style.js';
import { html, type SafeHtml } from '../audit/html.js';
import { collectReviewSummary, reviewSummaryHtml } from '../audit/review-summary.js';
import { callById, countSamples, failedFilters, failedFiltersWhere, parseScoreCursor, rowScores, runFingerprint, sampleById, scoreKind, scoreSortedPage, type ScoreOrder, sampleCounts, sampleCountsWhere, samplePage, samplesOfCall, type SampleFilter } from '../store/audit.js';
import { extraFilters } from './facets.js';
import { getRunById, listRunsWithCounts } from '../store/runs.js';
import { latestReviews, reviewFingerprint, reviewHistory } from '../store/reviews.js';
import { newSessionCookie, sameSecret, setCookieHeader } from './access.js';
import { parseSampleFilter } from './filter-params.js';
import { callPage, dashboardPage, errorPage, href, mostSimilarOf, runsPage, samplePage as renderSamplePage, samplesPage } from './pages.js';
import { REVIEW_WRITE_PATH, reviewRoutes, sessionCsrf, type ReviewOptions } from './review-routes.js';
import { REVIEW_SCRIPT, REVIEW_SCRIPT_ETAG, REVIEW_SCRIPT_PATH } from './review-script.js';

export interface AppOptions {
  /** Shown on the runs page. */
  dbPath?: string;
  /**
   * Host header values accepted (e.g. "127.0.0.1:8484"); others get 421. Guards a loopback
   * server against DNS rebinding. Undefined: any host (in-process tests).
   */
  allowedHosts?: readonly string[];
  dashboard?: CollectOptions;
  /** Human review: the access secrets, the writable connection and who decides. Undefined: read-only. */
  review?: ReviewOptions;
}

const QUEUE_COUNT_CAP = 1_000;
/** Matching rows grouped for the dropdown counts at most. */
const FACET_ROWS = 20_000;
const DONE = /^(approved|rejected|flagged):(\d{1,12})$/;

const PAGE_SIZES = new Set([25, 50, 100, 200]);

function positiveInt(v: string | undefined): number | undefined {
  return v !== undefined && /^\d{1,15}$/.test(v) ? Number(v) : undefined;
}

export function createApp(db: Db, opts: AppOptions = {}): Hono {
  const app = new Hono();
  const dashboards = new Map<number, { fingerprint: string; html: SafeHtml }>();
  const reviewSections = new Map<number, { key: string; html: SafeHtml }>();
  const facets = new Map<number, { fingerprint: string; counts: ReturnType<typeof sampleCounts>; failed: ReturnType<typeof failedFilters> }>();

  /** After a route: its own policy (the queue's) is kept. Before one (`early`): the default. */
  const secure = (c: Context, early = false) => {
    if (early || !c.res.headers.has('Content-Security-Policy')) c.header('Content-Security-Policy', contentSecurityPolicy());
    c.header('X-Content-Type-Options', 'nosniff');
    // Same-origin: a form post must carry its Origin (checked on every write); nothing leaves for another site.
    c.header('Referrer-Policy', 'same-origin');
    c.header('X-Frame-Options', 'DENY');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Cache-Control', 'no-store');
  };

  app.use('*', async (c, next) => {
    if (opts.allowedHosts && !opts.allowedHosts.includes(new URL(c.req.url).host)) {
      return c.text('Misdirected request: unknown Host header', 421);
    }
    const reviewWrite = c.req.method === 'POST' && REVIEW_WRITE_PATH.test(c.req.path);
    if (!reviewWrite && c.req.method !== 'GET' && c.req.method !== 'HEAD') return c.text('Method not allowed: this viewer is read-only', 405, { Allow: 'GET, HEAD' });
    const token = c.req.method === 'GET' && opts.review ? c.req.query('token') : undefined;
    if (token !== undefined && opts.review) {
      // The printed URL: its token becomes a session cookie, and the address bar loses the token.
      secure(c, true);
      if (!sameSecret(token, opts.review.access.token)) return c.html(errorPage(403, 'Wrong access token: use the URL that npx distillery serve printed.'), 403);
      const url = new URL(c.req.url);
      url.searchParams.delete('token');
      c.header('Set-Cookie', setCookieHeader(opts.review.access, newSessionCookie(opts.review.access).value));
      return c.redirect(`${url.pathname}${url.search}`, 303);
    }
    await next();
    secure(c);
  });

  const notFound = (c: Context, what: string) => c.html(errorPage(404, what), 404);

  app.get('/favicon.ico', (c) => c.body(null, 204));

  app.get(REVIEW_SCRIPT_PATH, (c) => c.body(REVIEW_SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8', ETag: REVIEW_SCRIPT_ETAG }));

  reviewRoutes(app, db, opts.review);

  app.get('/', (c) => c.html(runsPage(listRunsWithCounts(db), opts.dbPath ?? '')));

  app.get('/runs/:id', (c) => {
    const id = positiveInt(c.req.param('id'));
    const run = id === undefined ? undefined : getRunById(db, id);
    if (!run) return notFound(c, `No run ${c.req.param('id')}.`);
    const fingerprint = runFingerprint(db, run.id);
    let cached = dashboards.get(run.id);
    if (!cached || cached.fingerprint !== fingerprint) {
      const d = collectDashboard(db, run, opts.dashboard);
      const link = (f: SampleFilter) => href.samples(run.id, f);
      cached = { fingerprint, html: dashboardHtml(d, dashboardCharts(d, link), link, href.sample) };
      dashboards.set(run.id, cached);
    }
    // Reviews change without changing the run: their section has a cache of its own, keyed by the run's newest review.
    const reviewKey = `${fingerprint}|${reviewFingerprint(db, run.id)}`;
    let review = reviewSections.get(run.id);
    if (!review || review.key !== reviewKey) {
      review = { key: reviewKey, html: reviewSummaryHtml(collectReviewSummary(db, run.id), (f) => href.samples(run.id, f)) };
      reviewSections.set(run.id, review);
    }
    return c.html(dashboardPage(run, html`${cached.html}${review.html}`));
  });

  app.get('/runs/:id/report.html', (c) => {
    const id = positiveInt(c.req.param('id'));
    const run = id === undefined ? undefined : getRunById(db, id);
    if (!run) return notFound(c, `No run ${c.req.param('id')}.`);
    const name = run.name.replace(/[^A-Za-z0-9._-]+/g, '_');
    return c.html(renderReport(db, run, opts.dashboard), 200, { 'Content-Disposition': `attachment; filename="distillery-report-${name}.html"` });
  });

  app.get('/runs/:id/samples', (c) => {
    const id = positiveInt(c.req.param('id'));
    const run = id === undefined ? undefined : getRunById(db, id);
    if (!run) return notFound(c, `No run ${c.req.param('id')}.`);
    const q = (k: string) => {
      const v = c.req.query(k);
      return v === undefined || v === '' ? undefined : v.slice(0, 500);
    };
    const filter: SampleFilter = parseSampleFilter(q);
    const requested = positiveInt(q('limit'));
    const limit = requested !== undefined && PAGE_SIZES.has(requested) ? requested : 50;
    const before = positiveInt(q('before'));
    const after = positiveInt(q('after'));
    const order = q('sort') === 'score' || q('sort') === '-score' ? (q('sort') as ScoreOrder) : undefined;
    const cursor = order && parseScoreCursor(q('cursor')) ? q('cursor') : undefined;
    const sorted = order ? scoreSortedPage(db, run.id, filter, { order, cursor, limit }) : undefined;
    const page = sorted ? { rows: sorted.rows, next: null, prev: null } : samplePage(db, run.id, filter, before !== undefined ? { before, limit } : { after, limit });
    const fingerprint = runFingerprint(db, run.id);
    let f = facets.get(run.id);
    if (!f || f.fingerprint !== fingerprint) {
      f = { fingerprint, counts: sampleCounts(db, run.id), failed: failedFilters(db, run.id) };
      facets.set(run.id, f);
    }
    const csrf = sessionCsrf(c, opts.review);
    const here = new URL(c.req.url);
    here.searchParams.delete('done');
    const done = DONE.exec(q('done') ?? '');
    // A review queue's predicates cost a lookup per row: its count stops sooner (the bulk confirmation counts exactly).
    const cap = filter.review !== undefined || filter.maxScore !== undefined ? QUEUE_COUNT_CAP : undefined;
    const count = countSamples(db, run.id, filter, cap);
    // Dropdown counts that respect the other filters, while the matches are few enough to group;
    // past that (or when nothing matches: a text search that found nothing has read the whole run
    // once already) the whole run's counts stand.
    const extras = extraFilters(filter);
    const regroup = count.n > 0 && !count.capped;
    const matchingFacets = regroup && Object.keys(extras).length > 0 ? sampleCountsWhere(db, run.id, extras, FACET_ROWS) : undefined;
    const { failed: _failed, ...notFailed } = filter;
    const matchingFailed = regroup && Object.keys(notFailed).length > 0 ? failedFiltersWhere(db, run.id, notFailed, FACET_ROWS) : undefined;
    const view = {
      run,
      filter,
      limit,
      page,
      count,
      facets: f.counts,
      failedFilters: f.failed,
      matchingFacets,
      matchingFailed,
      decisions: latestReviews(db, page.rows.map((r) => r.id)),
      scores: rowScores(db, page.rows.map((r) => r.id)),
      scoreKind: scoreKind(db, run.id),
      sort: order ? { order, cursor, next: sorted!.next } : undefined,
      review: csrf ? { csrf, back: `${here.pathname}${here.search}` } : undefined,
      notice: done ? `${Number(done[2]).toLocaleString('en-US')} sample${done[2] === '1' ? '' : 's'} marked ${done[1]}.` : undefined,
    };
    // The queue's keyboard script: allowed by this page's policy, for its one path only.
    if (csrf) c.header('Content-Security-Policy', contentSecurityPolicy({ script: `${here.origin}${REVIEW_SCRIPT_PATH}` }));
    return c.html(samplesPage(view));
  });

  app.get('/samples/:id', (c) => {
    const id = positiveInt(c.req.param('id'));
    const d = id === undefined ? undefined : sampleDetail(db, id);
    if (!d) return notFound(c, `No sample ${c.req.param('id')}.`);
    const r = opts.review;
    const review = r ? { history: reviewHistory(db, d.sample.id), csrf: sessionCsrf(c, r), unavailable: r.writer.unavailable, reviewer: r.reviewer } : undefined;
    const near = mostSimilarOf(d.verdicts);
    const nearRow = near && near.id !== d.sample.id ? sampleById(db, near.id) : undefined;
    return c.html(renderSamplePage(d, review, near && nearRow ? { sample: nearRow, filter: near.filter, score: near.score } : undefined));
  });

  app.get('/calls/:id', (c) => {
    const id = positiveInt(c.req.param('id'));
    const call = id === undefined ? undefined : callById(db, id);
    if (!call) return notFound(c, `No call ${c.req.param('id')}.`);
    return c.html(callPage(call, parseRequest(call.request_json), samplesOfCall(db, call.id, 100), getRunById(db, call.run_id)));
  });

  app.notFound((c) => c.html(errorPage(404, 'No such page.'), 404));
  app.onError((err, c) => {
    process.stderr.write(`audit viewer: ${err.stack ?? err.message}\n`);
    return c.html(errorPage(500, `Internal error: ${err.message}`), 500);
  });
  return app;
}
