import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openForAudit } from '../../src/audit/open.js';
import { formatStatus, runStatus } from '../../src/audit/status.js';
import { getRunByName } from '../../src/store/runs.js';
import { createApp } from '../../src/web/app.js';
import { pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';

const small = { 'params.inputs.first': 12, 'params.wave_size': 4 };

describe('auditing preference runs', () => {
  it('a pair page shows its answers side by side with each aspect\'s rating and the order the judge saw', async () => {
    const dbPath = join(tempDir(), 'uf.db');
    expect((await run(pipeline('ultrafeedback.yaml', small), dbPath)).status).toBe('completed');
    const db = openForAudit(dbPath);
    try {
      const app = createApp(db, { dbPath });
      const pair = db.prepare(`SELECT id, meta_json FROM samples WHERE kind = 'preference' AND status = 'accepted' ORDER BY id LIMIT 1`).get() as { id: number; meta_json: string };
      const meta = JSON.parse(pair.meta_json) as { order: number[]; chosen: number; rejected: number; ratings: Record<string, number>[]; teachers: string[] };
      const body = await (await app.request(`/samples/${pair.id}`)).text();
      expect(body).toContain('Answers side by side');
      const shown = meta.order.map((idx, pos) => `[${pos + 1}] = answer ${idx + 1}`).join(', ');
      expect(body).toContain(shown);
      const table = body.slice(body.indexOf('<table class="side-by-side">'), body.indexOf('</table>', body.indexOf('side-by-side')));
      // One column per answer, in stored order, with its teacher and its helpfulness rating.
      const cols = table.split('<tr><th>teacher</th>')[1]!.split('</tr>')[0]!;
      meta.teachers.forEach((t) => expect(cols).toContain(t));
      const helpRow = table.split('<tr><th>helpfulness</th>')[1]!.split('</tr>')[0]!;
      expect([...helpRow.matchAll(/<strong>(\d)<\/strong>/g)].map((m) => Number(m[1]))).toEqual(meta.ratings.map((r) => r['helpfulness']));
      expect(table).toMatch(/answer \d<\/a> <span class="badge">chosen/);

      const dash = await (await app.request(`/runs/${getRunByName(db, 'ultrafeedback')!.id}`)).text();
      expect(dash).toContain('Ratings by aspect');
      expect(dash).toContain('Ratings by teacher');
    } finally {
      db.close();
    }
  });

  it('status reports rating distributions and the rankings\' position-bias agreement', async () => {
    const dbPath = join(tempDir(), 'n.db');
    expect((await run(pipeline('nectar.yaml', small), dbPath)).status).toBe('completed');
    const db = openForAudit(dbPath);
    try {
      const report = runStatus(db, getRunByName(db, 'nectar')!);
      const agreements = (db.prepare(`SELECT json_extract(meta_json, '$.agreement.top') AS top FROM samples WHERE kind = 'preference'`).all() as { top: number }[]).map((r) => r.top);
      expect(report.preference!.agreement.prompts).toBe(12);
      expect(report.preference!.agreement.top).toBeCloseTo(agreements.filter(Boolean).length / 12, 6);
      expect(formatStatus(report)).toMatch(/position-bias agreement over 12 ranked prompts: full ranking [\d.]+%, best answer [\d.]+%/);
    } finally {
      db.close();
    }
  });
});
