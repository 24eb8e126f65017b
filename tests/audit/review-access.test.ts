/**
 * Review writes over real HTTP: only a session started from the printed token, with its CSRF
 * token and the server's own Origin, may write; every refused write changes nothing, and what
 * reviewers type renders as text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import Database from 'better-sqlite3';
import { startViewer, type ViewerServer } from '../../src/web/server.js';
import { buildFixture, type Fixture } from './fixture.js';

let fx: Fixture;
let viewer: ViewerServer;
let origin: string;
let sampleId: number;
let runId: number;

interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function http(method: string, path: string, o: { headers?: Record<string, string>; body?: string } = {}): Promise<Res> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: `127.0.0.1:${viewer.port}`, ...o.headers };
    if (o.body !== undefined) {
      headers['Content-Type'] ??= 'application/x-www-form-urlencoded';
      headers['Content-Length'] = String(Buffer.byteLength(o.body));
    }
    const req = request({ host: '127.0.0.1', port: viewer.port, method, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

function reviews(): { sample_id: number; decision: string; note: string; labels_json: string; reviewer: string }[] {
  const db = new Database(fx.dbPath, { readonly: true });
  try {
    const has = db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'reviews'`).get();
    return has ? (db.prepare(`SELECT sample_id, decision, note, labels_json, reviewer FROM reviews ORDER BY id`).all() as ReturnType<typeof reviews>) : [];
  } finally {
    db.close();
  }
}

/** A session: the cookie from the token visit and the CSRF token from a page. */
async function session(): Promise<{ cookie: string; csrf: string }> {
  const token = new URL(viewer.reviewUrl).searchParams.get('token')!;
  const first = await http('GET', `/?token=${token}`);
  expect(first.status).toBe(303);
  expect(first.headers.location).toBe('/');
  expect(first.headers['cache-control']).toBe('no-store');
  expect(first.headers['referrer-policy']).toBe('same-origin');
  const set = String(first.headers['set-cookie']);
  expect(set).toMatch(new RegExp(`^distillery_review_${viewer.port}=[A-Za-z0-9_.-]+; Path=/; HttpOnly; SameSite=Strict$`));
  const cookie = set.split(';')[0]!;
  const page = await http('GET', `/samples/${sampleId}`, { headers: { Cookie: cookie } });
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1];
  expect(csrf).toBeTruthy();
  return { cookie, csrf: csrf! };
}

beforeAll(async () => {
  fx = await buildFixture();
  viewer = await startViewer({ dbPath: fx.dbPath, port: 0, reviewer: 'Ann <b>Lee</b>' });
  origin = `http://127.0.0.1:${viewer.port}`;
  const db = new Database(fx.dbPath, { readonly: true });
  runId = (db.prepare(`SELECT id FROM runs WHERE name = ?`).get(fx.runName) as { id: number }).id;
  sampleId = (db.prepare(`SELECT id FROM samples WHERE run_id = ? AND kind = 'instance' ORDER BY id LIMIT 1`).get(runId) as { id: number }).id;
  db.close();
});
afterAll(async () => {
  await viewer?.close();
  fx?.cleanup();
});

describe('review writes', () => {
  it('browsing needs no token, shows no form and changes nothing', async () => {
    const page = await http('GET', `/samples/${sampleId}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Human review');
    expect(page.body).not.toContain('name="csrf"');
    expect(page.body).toContain('open the URL with the access token');
    const queue = await http('GET', `/runs/${runId}/samples?review=none`);
    expect(queue.body).not.toContain('<script');
    expect(queue.headers['content-security-policy']).not.toContain('script-src');
    expect(reviews()).toEqual([]);
  });

  it('a wrong token is refused and sets no cookie', async () => {
    const res = await http('GET', '/?token=not-the-token');
    expect(res.status).toBe(403);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('refuses writes without the session, with a bad CSRF token, or from a foreign or missing Origin; nothing changes', async () => {
    const s = await session();
    const ok = { csrf: s.csrf, decision: 'rejected', note: 'n' };
    const path = `/samples/${sampleId}/review`;
    const attempts: [string, Record<string, string>, Record<string, string>][] = [
      ['no cookie', { Origin: origin }, ok],
      ['a forged cookie', { Origin: origin, Cookie: `distillery_review_${viewer.port}=${'A'.repeat(24)}.${'B'.repeat(43)}` }, ok],
      ['no CSRF token', { Origin: origin, Cookie: s.cookie }, { decision: 'rejected' }],
      ['a bad CSRF token', { Origin: origin, Cookie: s.cookie }, { ...ok, csrf: s.csrf.replace(/^./, (c) => (c === 'x' ? 'y' : 'x')) }],
      ['a foreign Origin', { Origin: 'http://evil.example', Cookie: s.cookie }, ok],
      ['a same-host other-port Origin', { Origin: `http://127.0.0.1:${viewer.port + 1}`, Cookie: s.cookie }, ok],
      ['a null Origin', { Origin: 'null', Cookie: s.cookie }, ok],
      ['no Origin', { Cookie: s.cookie }, ok],
    ];
    for (const [what, headers, fields] of attempts) {
      const res = await http('POST', path, { headers, body: form(fields) });
      expect(res.status, what).toBe(403);
      expect(res.body, what).toContain('Nothing was changed');
    }
    // The Host check still comes first.
    const rebound = await http('POST', path, { headers: { Host: `evil.example:${viewer.port}`, Origin: `http://evil.example:${viewer.port}`, Cookie: s.cookie }, body: form(ok) });
    expect(rebound.status).toBe(421);
    const bulk = await http('POST', `/runs/${runId}/review/bulk`, { headers: { Origin: 'http://evil.example', Cookie: s.cookie }, body: form({ ...ok, expect: '1' }) });
    expect(bulk.status).toBe(403);
    expect(reviews()).toEqual([]);
    // Other writes stay refused as before.
    expect((await http('POST', '/', { headers: { Origin: origin, Cookie: s.cookie }, body: form(ok) })).status).toBe(405);
    expect((await http('PUT', path, { headers: { Origin: origin, Cookie: s.cookie }, body: form(ok) })).status).toBe(405);
    expect((await http('DELETE', path, { headers: { Origin: origin, Cookie: s.cookie } })).status).toBe(405);
  });

  it('records a decision from its own session, and shows note, labels and reviewer as text', async () => {
    const s = await session();
    const note = '<script>window.__pwned = 3</script> & <img src=x onerror=alert(1)>';
    const res = await http('POST', `/samples/${sampleId}/review`, {
      headers: { Origin: origin, Cookie: s.cookie },
      body: form({ csrf: s.csrf, decision: 'flagged', note, labels: 'tone, <b>bold</b>', back: `/runs/${runId}/samples?review=none` }),
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/runs/${runId}/samples?review=none#r${sampleId}`);
    expect(reviews()).toEqual([{ sample_id: sampleId, decision: 'flagged', note, labels_json: JSON.stringify(['tone', '<b>bold</b>']), reviewer: 'Ann <b>Lee</b>' }]);
    const page = await http('GET', `/samples/${sampleId}`, { headers: { Cookie: s.cookie } });
    expect(page.body).toContain('&lt;script&gt;window.__pwned = 3&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;');
    expect(page.body).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(page.body).toContain('Ann &lt;b&gt;Lee&lt;/b&gt;');
    expect(page.body).not.toMatch(/<script|<img|<b>/i);
    // An off-site "back" is not followed.
    const off = await http('POST', `/samples/${sampleId}/review`, { headers: { Origin: origin, Cookie: s.cookie }, body: form({ csrf: s.csrf, decision: 'approved', back: '//evil.example/x' }) });
    expect(off.headers.location).toBe(`/samples/${sampleId}#r${sampleId}`);
    // Bad input: one clear error, nothing written.
    const n = reviews().length;
    const bad = await http('POST', `/samples/${sampleId}/review`, { headers: { Origin: origin, Cookie: s.cookie }, body: form({ csrf: s.csrf, decision: 'deleted' }) });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('decision must be approved, rejected or flagged');
    expect(reviews().length).toBe(n);
    // The queue with a session names its one script in its CSP, for that path only.
    const queue = await http('GET', `/runs/${runId}/samples?review=none`, { headers: { Cookie: s.cookie } });
    expect(queue.headers['content-security-policy']).toContain(`script-src ${origin}/assets/review-keys.js;`);
    expect(queue.body).toContain('<script src="/assets/review-keys.js" defer></script>');
    expect([...queue.body.matchAll(/<script/g)].length).toBe(1);
    const js = await http('GET', '/assets/review-keys.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('bulk: the confirmation says how many rows change; a stale confirmation changes nothing', async () => {
    const s = await session();
    const filter = 'kind=instance&status=accepted&review=none';
    const confirm = await http('GET', `/runs/${runId}/review/bulk?${filter}&decision=rejected`, { headers: { Cookie: s.cookie } });
    const db = new Database(fx.dbPath, { readonly: true });
    const expected = db
      .prepare(`SELECT s.id FROM samples s WHERE s.run_id = ? AND s.kind = 'instance' AND s.status = 'accepted' AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.sample_id = s.id) ORDER BY s.id`)
      .pluck()
      .all(runId) as number[];
    db.close();
    expect(expected.length).toBeGreaterThan(3);
    expect(confirm.body).toContain(`Reject ${expected.length} samples?`);
    expect(confirm.body).toContain(`value="${expected.length}"`);
    const fields = { csrf: s.csrf, decision: 'rejected', kind: 'instance', status: 'accepted', review: 'none', note: 'bulk' };
    const before = reviews().length;
    const stale = await http('POST', `/runs/${runId}/review/bulk`, { headers: { Origin: origin, Cookie: s.cookie }, body: form({ ...fields, expect: String(expected.length + 1) }) });
    expect(stale.status).toBe(409);
    expect(stale.body).toContain(`The filter now matches ${expected.length} samples`);
    expect(reviews().length).toBe(before);
    const done = await http('POST', `/runs/${runId}/review/bulk`, { headers: { Origin: origin, Cookie: s.cookie }, body: form({ ...fields, expect: String(expected.length) }) });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(`/runs/${runId}/samples?kind=instance&status=accepted&review=none&done=rejected:${expected.length}`);
    const added = reviews().slice(before);
    expect(added.map((r) => r.sample_id)).toEqual(expected);
    expect(new Set(added.map((r) => `${r.decision}|${r.note}`))).toEqual(new Set(['rejected|bulk']));
    const after = await http('GET', done.headers.location as string, { headers: { Cookie: s.cookie } });
    expect(after.body).toContain(`${expected.length} samples marked rejected.`);
    expect(after.body).toContain('No samples match.');
  });

  it('the dashboard and the report show review progress and agreement', async () => {
    const db = new Database(fx.dbPath, { readonly: true });
    const total = db.prepare(`SELECT COUNT(*) FROM samples WHERE run_id = ? AND kind = 'instance'`).pluck().get(runId) as number;
    const latest = db
      .prepare(`SELECT r.decision, s.status FROM reviews r JOIN samples s ON s.id = r.sample_id WHERE r.id = (SELECT MAX(id) FROM reviews WHERE sample_id = r.sample_id) AND s.kind = 'instance'`)
      .all() as { decision: string; status: string }[];
    db.close();
    const count = (d: string) => latest.filter((l) => l.decision === d).length;
    expect(count('rejected')).toBeGreaterThan(3);
    const page = await http('GET', `/runs/${runId}`);
    const row = new RegExp(
      `<tr><td>instance</td><td class="num">${total}</td><td class="num">${latest.length} \\([\\d.]+%\\)</td>\\s*` +
        `<td class="num"><a href="/runs/${runId}/samples\\?kind=instance&amp;review=approved">${count('approved')}</a></td><td class="num"><a href="[^"]+">${count('rejected')}</a></td>\\s*` +
        `<td class="num"><a href="[^"]+">${count('flagged')}</a></td><td class="num"><a href="/runs/${runId}/samples\\?kind=instance&amp;review=none">${total - latest.length}</a></td></tr>`,
    );
    expect(page.body).toMatch(row);
    const passedRejected = latest.filter((l) => l.status === 'accepted' && l.decision === 'rejected').length;
    expect(page.body).toMatch(new RegExp(`<td>\\(status\\)</td><td class="num">${latest.filter((l) => l.status === 'accepted' && l.decision !== 'flagged').length}</td><td class="num"><a href="[^"]+">${passedRejected}</a>`));
    // A new decision shows at once (the cached section is keyed by the run's newest review).
    const db2 = new Database(fx.dbPath, { readonly: true });
    const fresh = db2.prepare(`SELECT id FROM samples s WHERE run_id = ? AND kind = 'instance' AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.sample_id = s.id) LIMIT 1`).pluck().get(runId) as number;
    db2.close();
    const s = await session();
    expect((await http('POST', `/samples/${fresh}/review`, { headers: { Origin: origin, Cookie: s.cookie }, body: form({ csrf: s.csrf, decision: 'approved' }) })).status).toBe(303);
    const again = await http('GET', `/runs/${runId}`);
    expect(again.body).toContain(`review=approved">${count('approved') + 1}</a>`);
    expect(again.body).toContain(`review=none">${total - latest.length - 1}</a>`);
    const report = await http('GET', `/runs/${runId}/report.html`);
    expect(report.body).toContain('<section id="review"><h2>Human review</h2>');
    expect(report.body).not.toMatch(/<a href="\/runs/);
  });
});
