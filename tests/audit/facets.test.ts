import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { openForAudit } from '../../src/audit/open.js';
import type { Db } from '../../src/store/db.js';
import { getRunByName } from '../../src/store/runs.js';
import { failedFiltersWhere, sampleCountsWhere } from '../../src/store/audit.js';
import { createApp } from '../../src/web/app.js';
import { facetOptions } from '../../src/web/facets.js';
import { buildFixture, type Fixture } from './fixture.js';

let fx: Fixture;
let db: Db;
let app: Hono;
let runId: number;

beforeAll(async () => {
  fx = await buildFixture();
  db = openForAudit(fx.dbPath);
  app = createApp(db);
  runId = getRunByName(db, fx.runName)!.id;
});
afterAll(() => {
  db.close();
  fx.cleanup();
});

/** A dropdown's choices as value → count, read from the page. */
async function dropdown(query: string, name: string): Promise<Map<string, number>> {
  const body = await (await app.request(`/runs/${runId}/samples?${query}`)).text();
  const select = new RegExp(`<select name="${name}">(.*?)</select>`, 's').exec(body)![1]!;
  return new Map([...select.matchAll(/<option value="([^"]+)"[^>]*>[^<]*\(([\d,]+)\)<\/option>/g)].map((m) => [m[1]!, Number(m[2]!.replace(/,/g, ''))]));
}

const sql = (q: string, ...p: unknown[]) => db.prepare(q).all(runId, ...p) as { k: string; n: number }[];

describe('dropdown counts respect the other filters', () => {
  it('pure: counts come from the matching groups, choices from the whole run', () => {
    const all = [
      { kind: 'a', stage: 's', status: 'accepted', reason: null, n: 3 },
      { kind: 'b', stage: 's', status: 'rejected', reason: 'r1', n: 2 },
      { kind: 'a', stage: 't', status: 'rejected', reason: 'r2', n: 4 },
    ];
    expect(facetOptions(all, all, { status: 'rejected' }, 'kind')).toEqual([{ value: 'a', n: 4 }, { value: 'b', n: 2 }]);
    expect(facetOptions(all, all, { kind: 'a' }, 'status')).toEqual([{ value: 'accepted', n: 3 }, { value: 'rejected', n: 4 }]);
    expect(facetOptions(all, all, { kind: 'b' }, 'reason')).toEqual([{ value: 'r1', n: 2 }, { value: 'r2', n: 0 }]);
    // The dropdown's own choice does not narrow its counts.
    expect(facetOptions(all, all, { kind: 'b' }, 'kind')).toEqual([{ value: 'a', n: 7 }, { value: 'b', n: 2 }]);
    expect(facetOptions(all, [all[0]!], { reason: '-' }, 'kind')).toEqual([{ value: 'a', n: 3 }, { value: 'b', n: 0 }]);
  });

  it('in the viewer: status narrows the kind counts, kind narrows the status counts, text narrows both', async () => {
    const rejectedByKind = new Map(sql(`SELECT kind AS k, COUNT(*) AS n FROM samples WHERE run_id = ? AND status = 'rejected' GROUP BY kind`).map((r) => [r.k, r.n]));
    const kinds = await dropdown('status=rejected', 'kind');
    const allKinds = sql(`SELECT DISTINCT kind AS k, 0 AS n FROM samples WHERE run_id = ?`).map((r) => r.k);
    expect(new Set(kinds.keys())).toEqual(new Set(allKinds));
    for (const k of allKinds) expect(kinds.get(k), k).toBe(rejectedByKind.get(k) ?? 0);
    expect([...kinds.values()].some((n) => n === 0) || allKinds.every((k) => rejectedByKind.has(k))).toBe(true);

    const statuses = await dropdown('kind=instance', 'status');
    for (const r of sql(`SELECT status AS k, COUNT(*) AS n FROM samples WHERE run_id = ? AND kind = 'instance' GROUP BY status`)) expect(statuses.get(r.k), r.k).toBe(r.n);

    const word = 'the';
    const like = `%${word}%`;
    const withText = await dropdown(`status=accepted&q=${word}`, 'kind');
    const want = sql(
      `SELECT kind AS k, COUNT(*) AS n FROM samples WHERE run_id = ? AND status = 'accepted' AND (instruction LIKE ? OR input LIKE ? OR output LIKE ? OR coalesce(messages_json, '') LIKE ?) GROUP BY kind`,
      like, like, like, like,
    );
    expect(want.length).toBeGreaterThan(0);
    for (const r of want) expect(withText.get(r.k), r.k).toBe(r.n);
    expect([...withText.values()].reduce((a, n) => a + n, 0)).toBe(want.reduce((a, r) => a + r.n, 0));
  });

  it('groups at most maxRows matches, and says when there were more', () => {
    const total = (db.prepare(`SELECT COUNT(*) FROM samples WHERE run_id = ?`).pluck().get(runId) as number);
    expect(sampleCountsWhere(db, runId, {}, total - 1)).toBeUndefined();
    expect(sampleCountsWhere(db, runId, {}, total)!.reduce((a, g) => a + g.n, 0)).toBe(total);
    const failedTotal = db.prepare(`SELECT COUNT(*) FROM verdicts v JOIN samples s ON s.id = v.sample_id WHERE s.run_id = ? AND v.passed = 0`).pluck().get(runId) as number;
    expect(failedFiltersWhere(db, runId, {}, failedTotal - 1)).toBeUndefined();
    expect(failedFiltersWhere(db, runId, {}, failedTotal)!.reduce((a, g) => a + g.n, 0)).toBe(failedTotal);
  });

  it('the failed-filter counts follow the other filters', async () => {
    const failed = await dropdown('kind=instruction&status=rejected', 'failed');
    const want = sql(`SELECT v.filter AS k, COUNT(*) AS n FROM verdicts v JOIN samples s ON s.id = v.sample_id WHERE s.run_id = ? AND s.kind = 'instruction' AND s.status = 'rejected' AND v.passed = 0 GROUP BY v.filter`);
    expect(want.length).toBeGreaterThan(0);
    for (const r of want) expect(failed.get(r.k), r.k).toBe(r.n);
    const none = await dropdown('kind=instance&status=accepted', 'failed');
    for (const n of none.values()) expect(n).toBe(0);
  });
});
