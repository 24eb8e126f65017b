import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { openForAudit } from '../../src/audit/open.js';
import type { Db } from '../../src/store/db.js';
import { iterateSamples } from '../../src/store/audit.js';
import { getRunByName, type RunRow } from '../../src/store/runs.js';
import { createApp } from '../../src/web/app.js';
import { buildFixture, HOSTILE, type Fixture } from './fixture.js';

let fx: Fixture;
let db: Db;
let app: Hono;
let run: RunRow;
let hostileId: number;

beforeAll(async () => {
  fx = await buildFixture();
  db = openForAudit(fx.dbPath);
  app = createApp(db, { dbPath: fx.dbPath });
  run = getRunByName(db, fx.runName)!;
  hostileId = (db.prepare(`SELECT id FROM samples WHERE instruction LIKE '%<script>%' ORDER BY id LIMIT 1`).get() as { id: number }).id;
});
afterAll(() => {
  db.close();
  fx.cleanup();
});

async function get(path: string, init?: RequestInit) {
  const res = await app.request(path, init);
  return { res, body: await res.text() };
}

/** The viewer never emits script or img elements, whatever the data holds. */
function noActiveMarkup(body: string) {
  expect(body).not.toMatch(/<script/i);
  expect(body).not.toMatch(/<img/i);
  expect(body).not.toMatch(/<[^>]*\son[a-z]+\s*=/i); // an event handler attribute inside a real tag
}

const ids = (body: string) => [...body.matchAll(/<tr data-id="(\d+)">/g)].map((m) => Number(m[1]));

describe('audit viewer routes', () => {
  it('lists runs, with a strict Content-Security-Policy and no script allowed', async () => {
    const { res, body } = await get('/');
    expect(res.status).toBe(200);
    expect(body).toContain(`<a href="/runs/${run.id}">${fx.runName}</a>`);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('script-src');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('shows a run dashboard with its charts', async () => {
    const { res, body } = await get(`/runs/${run.id}`);
    expect(res.status).toBe(200);
    for (const cls of ['chart funnel', 'chart histogram', 'chart sunburst', 'chart bars']) expect(body).toContain(`class="${cls}"`);
    expect(body).toContain('threshold 0.7');
    expect(body).toContain(`href="/runs/${run.id}/samples?kind=instruction&amp;status=rejected&amp;reason=rouge-l"`);
    noActiveMarkup(body);
    // Served again from the cache while nothing changed: same page.
    expect((await get(`/runs/${run.id}`)).body).toBe(body);
  });

  it('filters the sample browser and pages it by keyset', async () => {
    const accepted = [...iterateSamples(db, run.id, { status: 'accepted' })].map((s) => s.id);
    expect(accepted.length).toBeGreaterThan(50);
    const first = await get(`/runs/${run.id}/samples?status=accepted&limit=25`);
    expect(first.res.status).toBe(200);
    expect(ids(first.body)).toEqual(accepted.slice(0, 25));
    expect(first.body).toContain(`${accepted.length} matching samples`);
    const next = /rel="next" href="([^"]+)"/.exec(first.body)![1]!.replaceAll('&amp;', '&');
    expect(next).toBe(`/runs/${run.id}/samples?status=accepted&after=${accepted[24]}&limit=25`);
    const second = await get(next);
    expect(ids(second.body)).toEqual(accepted.slice(25, 50));
    const prev = /rel="prev" href="([^"]+)"/.exec(second.body)![1]!.replaceAll('&amp;', '&');
    expect(ids((await get(prev)).body)).toEqual(accepted.slice(0, 25));
    // The form keeps the chosen filter selected.
    expect(first.body).toMatch(/<option value="accepted" selected>/);
  });

  it('searches text and shows stored markup as text', async () => {
    const { body } = await get(`/runs/${run.id}/samples?q=${encodeURIComponent('<script>')}`);
    expect(ids(body)).toContain(hostileId);
    expect(body).toContain('&lt;script&gt;window.__pwned = 1;');
    expect(body).toContain('value="&lt;script&gt;"');
    noActiveMarkup(body);
  });

  it('shows a sample with its verdicts, prompt, raw output and linked lineage', async () => {
    const instance = db
      .prepare(`SELECT s.id, l.parent_id AS parent FROM samples s JOIN lineage l ON l.child_id = s.id AND l.relation = 'instance-of' WHERE s.run_id = ? AND s.instruction = ? `)
      .get(run.id, HOSTILE) as { id: number; parent: number };
    const { res, body } = await get(`/samples/${instance.id}`);
    expect(res.status).toBe(200);
    expect(body).toContain(`Sample #${instance.id}`);
    expect(body).toContain('<h3>Prompt</h3>');
    expect(body).toContain('class="text raw-output"');
    expect(body).toContain('instance-of');
    expect(body).toContain(`<a href="/samples/${instance.parent}">`);
    expect(body).toContain('&lt;img src=x onerror=&quot;window.__pwned = 2&quot;&gt;');
    noActiveMarkup(body);
    const parent = await get(`/samples/${instance.parent}`);
    expect(parent.body).toContain('demo-in-prompt');
    expect(parent.body).toContain(`<a href="/samples/${instance.id}">`);
    noActiveMarkup(parent.body);
  });

  it('links a ROUGE-L rejection to its most similar sample', async () => {
    const r = db.prepare(`SELECT v.sample_id AS id, json_extract(v.detail_json, '$.most_similar_id') AS sim FROM verdicts v JOIN samples s ON s.id = v.sample_id WHERE s.run_id = ? AND v.filter = 'rouge-l' AND v.passed = 0 LIMIT 1`).get(run.id) as { id: number; sim: number };
    const { body } = await get(`/samples/${r.id}`);
    expect(body).toMatch(new RegExp(`related: <a href="/samples/${r.sim}">#${r.sim}</a> \\(0\\.\\d{3}\\)`));
    expect(body).toContain('<span class="badge fail">fail</span>');
  });

  it('shows a call and what came of it', async () => {
    const callId = (db.prepare(`SELECT call_id AS c FROM samples WHERE id = ?`).get(hostileId) as { c: number }).c;
    const { body } = await get(`/calls/${callId}`);
    expect(body).toContain(`Call #${callId}`);
    expect(body).toContain(`<a href="/samples/${hostileId}">#${hostileId}</a>`);
    expect(body).toContain('&lt;script&gt;');
    noActiveMarkup(body);
  });

  it('offers the report as a download', async () => {
    const { res, body } = await get(`/runs/${run.id}/report.html`);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="distillery-report-${fx.runName}.html"`);
    expect(body).toContain('<meta http-equiv="Content-Security-Policy"');
    noActiveMarkup(body);
  });

  it('answers 404 for unknown things and 405 for writes', async () => {
    for (const p of ['/samples/999999', '/samples/abc', '/runs/42', '/calls/0', '/nope']) expect((await get(p)).res.status, p).toBe(404);
    expect((await get('/', { method: 'POST' })).res.status).toBe(405);
    expect((await get(`/runs/${run.id}/samples?after=x&limit=7&status=rejected`)).res.status).toBe(200);
  });

  it('refuses unknown Host headers when guarding a loopback server', async () => {
    const guarded = createApp(db, { allowedHosts: ['127.0.0.1:8484'] });
    expect((await guarded.request('http://127.0.0.1:8484/')).status).toBe(200);
    expect((await guarded.request('http://evil.example:8484/')).status).toBe(421);
  });

  it('holds a connection that cannot write', () => {
    expect(() => db.prepare(`DELETE FROM samples`).run()).toThrow(/readonly|read-only|query_only/i);
  });
});
