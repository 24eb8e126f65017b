import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../../src/store/db.js';
import { Store } from '../../src/store/index.js';
import { parseScoreCursor, rowScores, scoreKind, scoreSortedPage, type SampleFilter, type ScoreOrder } from '../../src/store/audit.js';
import { createApp } from '../../src/web/app.js';
import { buildFixture } from './fixture.js';
import { writeSynthRun } from './synth.js';

let dir: string;
let db: Db;
let runId: number;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'distillery-score-sort-'));
  const store = Store.open(join(dir, 's.db'));
  runId = writeSynthRun(store, { samples: 700 }).runId;
  writeSynthRun(store, { samples: 100, name: 'other', seed: 9 });
  store.close();
  db = openDb(join(dir, 's.db'), { readonly: true });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Expected independently: every matching sample with its judge score, sorted in JS. */
function expected(f: { kind?: string; status?: string }, order: ScoreOrder): number[] {
  const rows = db
    .prepare(`SELECT s.id, (SELECT v.score FROM verdicts v WHERE v.sample_id = s.id AND v.filter = 'judge-score') AS score FROM samples s WHERE s.run_id = ? AND (? IS NULL OR s.kind = ?) AND (? IS NULL OR s.status = ?)`)
    .all(runId, f.kind ?? null, f.kind ?? null, f.status ?? null, f.status ?? null) as { id: number; score: number | null }[];
  const sign = order === 'score' ? 1 : -1;
  return rows
    .sort((a, b) => (a.score === null) !== (b.score === null) ? (a.score === null ? 1 : -1) : a.score !== b.score ? sign * (a.score! - b.score!) : a.id - b.id)
    .map((r) => r.id);
}

function walk(f: SampleFilter, order: ScoreOrder, limit: number): number[] {
  const ids: number[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const p = scoreSortedPage(db, runId, f, { order, cursor, limit });
    ids.push(...p.rows.map((r) => r.id));
    if (p.next === null) return ids;
    cursor = p.next;
  }
  throw new Error('no end');
}

describe('the sample browser by score', () => {
  it('walks every match by score, both ways, samples without a score last, ties by id', () => {
    expect(scoreKind(db, runId)).toBe('judge');
    for (const order of ['score', '-score'] as const) {
      for (const f of [{}, { kind: 'evolved', status: 'accepted' }]) {
        const want = expected(f, order);
        expect(walk(f, order, 37), `${order} ${JSON.stringify(f)}`).toEqual(want);
      }
    }
    // Sources have no judge verdict: they come last.
    const all = walk({}, 'score', 200);
    const kinds = new Map((db.prepare(`SELECT id, kind FROM samples WHERE run_id = ?`).all(runId) as { id: number; kind: string }[]).map((r) => [r.id, r.kind]));
    const firstSource = all.findIndex((id) => kinds.get(id) === 'source');
    expect(all.slice(firstSource).every((id) => kinds.get(id) === 'source')).toBe(true);
    expect(parseScoreCursor('3.5_12')).toEqual({ score: 3.5, id: 12 });
    expect(parseScoreCursor('null_12')).toEqual({ score: null, id: 12 });
    expect(parseScoreCursor('x_1; DROP')).toBeUndefined();
  });

  it('shows each row with its score and most similar sample, and pages by cursor', async () => {
    const app = createApp(db);
    const body = await (await app.request(`/runs/${runId}/samples?kind=evolved&sort=-score&limit=25`)).text();
    const ids = [...body.matchAll(/<tr data-id="(\d+)">/g)].map((m) => Number(m[1]));
    expect(ids).toEqual(expected({ kind: 'evolved' }, '-score').slice(0, 25));
    expect(body).toContain('<th class="num">judge score</th><th>most similar</th>');
    const scores = rowScores(db, ids);
    const first = scores.get(ids[0]!)!;
    expect(body).toContain(`<td class="num score">${first.judge}</td>`);
    const next = /rel="next" href="([^"]+)"/.exec(body)![1]!.replaceAll('&amp;', '&');
    expect(next).toMatch(/sort=-score&cursor=/);
    const second = await (await app.request(next)).text();
    expect([...second.matchAll(/<tr data-id="(\d+)">/g)].map((m) => Number(m[1]))).toEqual(expected({ kind: 'evolved' }, '-score').slice(25, 50));
    expect(second).toMatch(/<option value="-score" selected>/);
  });

  it('on a run without a judge, the score is the ROUGE-L similarity, beside the most similar sample', async () => {
    const fx = await buildFixture();
    const rdb = openDb(fx.dbPath, { readonly: true });
    try {
      const run = (rdb.prepare(`SELECT id FROM runs WHERE name = ?`).get(fx.runName) as { id: number }).id;
      expect(scoreKind(rdb, run)).toBe('similarity');
      const body = await (await createApp(rdb).request(`/runs/${run}/samples?kind=instruction&sort=-score&limit=25`)).text();
      expect(body).toContain('<th class="num">similarity</th><th>most similar</th>');
      const ids = [...body.matchAll(/<tr data-id="(\d+)">/g)].map((m) => Number(m[1]));
      const want = rdb
        .prepare(`SELECT s.id FROM samples s LEFT JOIN verdicts v ON v.sample_id = s.id AND v.filter = 'rouge-l' WHERE s.run_id = ? AND s.kind = 'instruction' ORDER BY v.score IS NULL, v.score DESC, s.id LIMIT 25`)
        .pluck()
        .all(run) as number[];
      expect(ids).toEqual(want);
      const top = rdb.prepare(`SELECT score, json_extract(detail_json, '$.most_similar_id') AS sim FROM verdicts WHERE sample_id = ? AND filter = 'rouge-l'`).get(ids[0]) as { score: number; sim: number };
      expect(body).toContain(`<td class="num score">${Number(top.score.toFixed(3))}</td><td class="similar"><a href="/samples/${top.sim}">#${top.sim}</a> <span class="muted">${top.score.toFixed(3)}</span></td>`);
    } finally {
      rdb.close();
      fx.cleanup();
    }
  });
});
