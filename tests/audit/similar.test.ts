import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { openForAudit } from '../../src/audit/open.js';
import { escapeHtml } from '../../src/audit/html.js';
import type { Db } from '../../src/store/db.js';
import { createApp } from '../../src/web/app.js';
import { buildFixture, type Fixture } from './fixture.js';

let fx: Fixture;
let db: Db;
let app: Hono;

beforeAll(async () => {
  fx = await buildFixture();
  db = openForAudit(fx.dbPath);
  app = createApp(db);
});
afterAll(() => {
  db.close();
  fx.cleanup();
});

describe('a candidate beside its most similar sample', () => {
  it('a ROUGE-L rejection shows both instructions side by side, the other linked', async () => {
    const r = db
      .prepare(`SELECT v.sample_id AS id, json_extract(v.detail_json, '$.most_similar_id') AS sim, v.score AS score FROM verdicts v WHERE v.filter = 'rouge-l' AND v.passed = 0 AND json_extract(v.detail_json, '$.most_similar_id') IS NOT NULL LIMIT 1`)
      .get() as { id: number; sim: number; score: number };
    const text = (id: number) => (db.prepare(`SELECT instruction FROM samples WHERE id = ?`).get(id) as { instruction: string }).instruction;
    const body = await (await app.request(`/samples/${r.id}`)).text();
    const section = /<section id="similar">(.*?)<\/section>/s.exec(body)?.[1];
    expect(section).toBeTruthy();
    expect(section).toContain(`rouge-l similarity ${r.score.toFixed(3)}`);
    expect(section).toContain(`This sample #${r.id}`);
    expect(section).toContain(`Most similar: <a href="/samples/${r.sim}">#${r.sim}</a>`);
    const [mine, theirs] = [...section!.matchAll(/<pre class="text">(.*?)<\/pre>/gs)].map((m) => m[1]);
    expect(mine).toBe(escapeHtml(text(r.id)));
    expect(theirs).toBe(escapeHtml(text(r.sim)));
  });

  it('a sample without a similarity check has no such section', async () => {
    const seed = db.prepare(`SELECT id FROM samples WHERE kind = 'seed' LIMIT 1`).pluck().get() as number;
    expect(await (await app.request(`/samples/${seed}`)).text()).not.toContain('id="similar"');
  });
});
