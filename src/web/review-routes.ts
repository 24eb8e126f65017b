/**
 * The viewer's only writes: a decision on one sample, and one decision on every sample of a
 * filter after a confirmation page that says how many rows change. Each write passes the access
 * checks of access.ts first; a refused write changes nothing.
 */
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import type { Db } from '../store/db.js';
import { countSamples, sampleById, type SampleFilter } from '../store/audit.js';
import { DECISIONS, recordReview, recordReviewsForFilter, ReviewError, type Decision } from '../store/reviews.js';
import { getRunById } from '../store/runs.js';
import { csrfToken, sessionOf, writeRefusal, type Access } from './access.js';
import { parseSampleFilter } from './filter-params.js';
import { errorPage, href, page } from './pages.js';
import { parseReviewForm } from './review-form.js';
import { bulkConfirmBody, type BulkConfirmView } from './review-pages.js';
import type { ReviewWriter } from './review-writer.js';

export interface ReviewOptions {
  access: Access;
  writer: ReviewWriter;
  reviewer: string;
}

/** Paths that accept POST (everything else stays GET/HEAD only). */
export const REVIEW_WRITE_PATH = /^\/(samples\/\d{1,15}\/review|runs\/\d{1,15}\/review\/bulk)$/;

/** No filter matches more rows than this (the count is exact up to it). */
const COUNT_ALL = Number.MAX_SAFE_INTEGER;

const positiveInt = (v: string | undefined) => (v !== undefined && /^\d{1,15}$/.test(v) ? Number(v) : undefined);

/** The session's CSRF token when the request carries a session of this server, and writes are possible. */
export function sessionCsrf(c: Context, r: ReviewOptions | undefined): string | undefined {
  if (!r || r.writer.unavailable) return undefined;
  const session = sessionOf(r.access, getCookie(c, r.access.cookieName));
  return session ? csrfToken(r.access, session) : undefined;
}

const refused = (c: Context, why: string) => c.html(errorPage(403, `Refused: ${why}. Nothing was changed.`), 403);

/** The form of a write that passed every check, or the response refusing it. */
async function checkedForm(c: Context, r: ReviewOptions): Promise<Record<string, string> | Response> {
  if (r.writer.unavailable) return refused(c, r.writer.unavailable);
  const body = await c.req.parseBody();
  const fields = Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const why = writeRefusal(r.access, { origin: c.req.header('origin'), ownOrigin: new URL(c.req.url).origin, cookie: getCookie(c, r.access.cookieName), csrf: fields.csrf });
  return why ? refused(c, why) : fields;
}

function confirmPage(c: Context, v: BulkConfirmView, status: 200 | 409 = 200) {
  return c.html(page(`Bulk review of ${v.run.name}`, bulkConfirmBody(v, href.samples(v.run.id, v.filter)), v.run), status);
}

export function reviewRoutes(app: Hono, db: Db, r: ReviewOptions | undefined): void {
  const limit = bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.html(errorPage(413, 'The form is too large.'), 413) });

  app.post('/samples/:id/review', limit, async (c) => {
    if (!r) return c.html(errorPage(405, 'This viewer is read-only.'), 405);
    const fields = await checkedForm(c, r);
    if (fields instanceof Response) return fields;
    const id = positiveInt(c.req.param('id'));
    if (id === undefined || !sampleById(db, id)) return c.html(errorPage(404, `No sample ${c.req.param('id')}.`), 404);
    const parsed = parseReviewForm(fields);
    if (!parsed.ok) return c.html(errorPage(400, `Not recorded: ${parsed.error}.`), 400);
    const f = parsed.form;
    try {
      recordReview(r.writer.db(), id, { decision: f.decision, note: f.note, labels: f.labels, reviewer: r.reviewer });
    } catch (err) {
      if (err instanceof ReviewError) return c.html(errorPage(400, `Not recorded: ${err.message}.`), 400);
      throw err;
    }
    // Back where the decision was made; the fragment tells the queue's script where to continue.
    return c.redirect(`${f.back ?? href.sample(id)}#r${id}`, 303);
  });

  app.get('/runs/:id/review/bulk', (c) => {
    const id = positiveInt(c.req.param('id'));
    const run = id === undefined ? undefined : getRunById(db, id);
    if (!run) return c.html(errorPage(404, `No run ${c.req.param('id')}.`), 404);
    const filter = parseSampleFilter((k) => c.req.query(k));
    const d = c.req.query('decision') ?? 'rejected';
    if (!(DECISIONS as readonly string[]).includes(d)) return c.html(errorPage(400, 'decision must be approved, rejected or flagged.'), 400);
    const count = countSamples(db, run.id, filter, COUNT_ALL).n;
    return confirmPage(c, { run, filter, decision: d as Decision, count, csrf: sessionCsrf(c, r), unavailable: r ? r.writer.unavailable : 'This viewer is read-only.' });
  });

  app.post('/runs/:id/review/bulk', limit, async (c) => {
    if (!r) return c.html(errorPage(405, 'This viewer is read-only.'), 405);
    const fields = await checkedForm(c, r);
    if (fields instanceof Response) return fields;
    const id = positiveInt(c.req.param('id'));
    const run = id === undefined ? undefined : getRunById(db, id);
    if (!run) return c.html(errorPage(404, `No run ${c.req.param('id')}.`), 404);
    const parsed = parseReviewForm(fields);
    if (!parsed.ok) return c.html(errorPage(400, `Not recorded: ${parsed.error}.`), 400);
    const f = parsed.form;
    if (f.expect === undefined) return c.html(errorPage(400, 'Not recorded: a bulk action needs its confirmation page.'), 400);
    const filter: SampleFilter = parseSampleFilter((k) => fields[k]);
    const w = r.writer.db();
    // Count and write under one write lock: the rows changed are exactly the rows confirmed.
    let outcome: { changed: false; now: number } | { changed: true; n: number };
    try {
      outcome = w
        .transaction(() => {
          const now = countSamples(w, run.id, filter, COUNT_ALL).n;
          if (now !== f.expect) return { changed: false as const, now };
          return { changed: true as const, n: recordReviewsForFilter(w, run.id, filter, { decision: f.decision, note: f.note, labels: f.labels, reviewer: r.reviewer }) };
        })
        .immediate();
    } catch (err) {
      if (err instanceof ReviewError) return c.html(errorPage(400, `Not recorded: ${err.message}.`), 400);
      throw err;
    }
    if (!outcome.changed) {
      const notice = `The filter now matches ${outcome.now} sample${outcome.now === 1 ? '' : 's'}, not the ${f.expect} you confirmed; nothing was changed. Confirm again.`;
      return confirmPage(c, { run, filter, decision: f.decision, count: outcome.now, csrf: sessionCsrf(c, r), notice, note: f.note, labels: f.labels.join(', ') }, 409);
    }
    return c.redirect(`${href.samples(run.id, filter)}${href.samples(run.id, filter).includes('?') ? '&' : '?'}done=${f.decision}:${outcome.n}`, 303);
  });
}
