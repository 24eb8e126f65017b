/**
 * The audit viewer: a Hono app over one read-only database connection. Pages are rendered on the
 * server with every stored text escaped; there is no script at all, and the Content-Security-Policy
 * forbids any (and anything external).
 */
import { Hono, type Context } from 'hono';
import type { Db } from '../store/db.js';
import { collectDashboard, dashboardCharts, dashboardHtml, type CollectOptions } from '../audit/dashboard.js';
import { renderReport } from '../audit/report.js';
import { sampleDetail, parseRequest } from '../audit/sample.js';
import { contentSecurityPolicy } from '../audit/style.js';
import type { SafeHtml } from '../audit/html.js';
import { callById, countSamples, failedFilters, runFingerprint, sampleCounts, samplePage, samplesOfCall, type SampleFilter } from '../store/audit.js';
import { getRunById, listRunsWithCounts } from '../store/runs.js';
import { callPage, dashboardPage, errorPage, href, runsPage, samplePage as renderSamplePage, samplesPage } from './pages.js';

export interface AppOptions {
  /** Shown on the runs page. */
  dbPath?: string;
  /**
   * Host header values accepted (e.g. "127.0.0.1:8484"); others get 421. Guards a loopback
   * server against DNS rebinding. Undefined: any host (in-process tests).
   */
  allowedHosts?: readonly string[];
  dashboard?: CollectOptions;
}

const PAGE_SIZES = new Set([25, 50, 100, 200]);

function positiveInt(v: string | undefined): number | undefined {
  return v !== undefined && /^\d{1,15}$/.test(v) ? Number(v) : undefined;
}

export function createApp(db: Db, opts: AppOptions = {}): Hono {
  const app = new Hono();
  const dashboards = new Map<number, { fingerprint: string; html: SafeHtml }>();
  const facets = new Map<number, { fingerprint: string; counts: ReturnType<typeof sampleCounts>; failed: ReturnType<typeof failedFilters> }>();

  app.use('*', async (c, next) => {
    if (opts.allowedHosts && !opts.allowedHosts.includes(new URL(c.req.url).host)) {
      return c.text('Misdirected request: unknown Host header', 421);
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return c.text('Method not allowed: this viewer is read-only', 405, { Allow: 'GET, HEAD' });
    await next();
    c.header('Content-Security-Policy', contentSecurityPolicy());
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Cache-Control', 'no-store');
  });

  const notFound = (c: Context, what: string) => c.html(errorPage(404, what), 404);

  app.get('/favicon.ico', (c) => c.body(null, 204));

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
    return c.html(dashboardPage(run, cached.html));
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
    const filter: SampleFilter = { kind: q('kind'), stage: q('stage'), status: q('status'), reason: q('reason'), failed: q('failed'), grep: q('q') };
    const requested = positiveInt(q('limit'));
    const limit = requested !== undefined && PAGE_SIZES.has(requested) ? requested : 50;
    const before = positiveInt(q('before'));
    const after = positiveInt(q('after'));
    const page = samplePage(db, run.id, filter, before !== undefined ? { before, limit } : { after, limit });
    const fingerprint = runFingerprint(db, run.id);
    let f = facets.get(run.id);
    if (!f || f.fingerprint !== fingerprint) {
      f = { fingerprint, counts: sampleCounts(db, run.id), failed: failedFilters(db, run.id) };
      facets.set(run.id, f);
    }
    return c.html(samplesPage({ run, filter, limit, page, count: countSamples(db, run.id, filter), facets: f.counts, failedFilters: f.failed }));
  });

  app.get('/samples/:id', (c) => {
    const id = positiveInt(c.req.param('id'));
    const d = id === undefined ? undefined : sampleDetail(db, id);
    if (!d) return notFound(c, `No sample ${c.req.param('id')}.`);
    return c.html(renderSamplePage(d));
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
