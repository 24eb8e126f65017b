import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDb, type Db } from '../../src/store/db.js';
import { Store } from '../../src/store/index.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { countSamples, iterateSamples } from '../../src/store/audit.js';
import { latestReviews, latestReviewsOfRun, recordReview, recordReviewsForFilter, reviewAgreement, reviewHistory, reviewProgress, ReviewError } from '../../src/store/reviews.js';
import { writeSynthRun } from '../audit/synth.js';

let dir: string;
let db: Db;
let runId: number;
let otherRun: number;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'distillery-reviews-'));
  const store = Store.open(join(dir, 's.db'));
  runId = writeSynthRun(store, { samples: 400 }).runId;
  otherRun = writeSynthRun(store, { samples: 100, name: 'other', seed: 9 }).runId;
  store.close();
  db = openDb(join(dir, 's.db'));
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const ids = (runOf: number, f = {}) => [...iterateSamples(db, runOf, f)].map((s) => s.id);
const snapshot = () => ({
  samples: db.prepare(`SELECT id, status, reason FROM samples ORDER BY id`).all(),
  verdicts: db.prepare(`SELECT * FROM verdicts ORDER BY id`).all(),
});

describe('reviews store', () => {
  it('is migration 6 (of the current schema) and upgrades a version-5 file', () => {
    expect(MIGRATIONS[5]).toContain('CREATE TABLE reviews');
    const h = new Database(join(dir, 's.db'), { readonly: true });
    expect(h.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(h.prepare(`SELECT name FROM pragma_table_info('reviews') ORDER BY cid`).pluck().all()).toEqual(['id', 'sample_id', 'run_id', 'decision', 'note', 'labels_json', 'reviewer', 'created_at']);
    h.close();
  });

  it('records decisions beside the machine verdicts, never changing them; the latest wins', () => {
    const before = snapshot();
    const [a, b] = ids(runId, { status: 'rejected' });
    recordReview(db, a!, { decision: 'approved', note: 'fine after all', labels: ['ok', ' ok ', 'style'], reviewer: 'ann' }, '2026-01-01T00:00:00.000Z');
    recordReview(db, a!, { decision: 'flagged', reviewer: 'bob' }, '2026-01-01T00:00:01.000Z');
    recordReview(db, a!, { decision: 'rejected', note: 'no', reviewer: 'ann' }, '2026-01-01T00:00:02.000Z');
    recordReview(db, b!, { decision: 'approved', reviewer: 'ann' });
    expect(snapshot()).toEqual(before);
    const hist = reviewHistory(db, a!);
    expect(hist.map((h) => [h.decision, h.reviewer, h.created_at])).toEqual([
      ['approved', 'ann', '2026-01-01T00:00:00.000Z'],
      ['flagged', 'bob', '2026-01-01T00:00:01.000Z'],
      ['rejected', 'ann', '2026-01-01T00:00:02.000Z'],
    ]);
    expect(hist[0]!.labels).toEqual(['ok', 'style']);
    expect(hist[0]!.note).toBe('fine after all');
    const latest = latestReviews(db, [a!, b!, a! + 100000]);
    expect(latest.get(a!)?.decision).toBe('rejected');
    expect(latest.get(b!)?.decision).toBe('approved');
    expect(latest.has(a! + 100000)).toBe(false);
    // The browser's review filter follows the latest decision.
    expect(ids(runId, { review: 'rejected' })).toEqual([a]);
    expect(ids(runId, { review: 'approved' })).toEqual([b]);
    expect(ids(runId, { review: 'flagged' })).toEqual([]);
    expect(ids(runId, { review: 'none' })).toEqual(ids(runId).filter((id) => id !== a && id !== b));
  });

  it('refuses bad input with one clear error and writes nothing', () => {
    const count = () => db.prepare(`SELECT COUNT(*) FROM reviews`).pluck().get();
    const n = count();
    const id = ids(runId)[0]!;
    expect(() => recordReview(db, id, { decision: 'maybe' as never, reviewer: 'ann' })).toThrow(ReviewError);
    expect(() => recordReview(db, id, { decision: 'approved', reviewer: '  ' })).toThrow(/reviewer/);
    expect(() => recordReview(db, id, { decision: 'approved', reviewer: 'ann', note: 'x'.repeat(4001) })).toThrow(/note/);
    expect(() => recordReview(db, id, { decision: 'approved', reviewer: 'ann', labels: Array.from({ length: 21 }, (_, i) => `l${i}`) })).toThrow(/20 labels/);
    expect(() => recordReview(db, 99_999_999, { decision: 'approved', reviewer: 'ann' })).toThrow(/no sample 99999999/);
    expect(() => recordReviewsForFilter(db, runId, {}, { decision: 'approved', reviewer: 'a\u0007b' })).toThrow(/control/);
    expect(count()).toBe(n);
  });

  it('records one decision for every sample of a filter, in its own run only, and counts them', () => {
    const f = { kind: 'evolved', status: 'accepted', maxScore: 3 };
    // Expected independently: accepted evolved samples whose judge score is <= 3.
    const expected = (
      db
        .prepare(`SELECT s.id FROM samples s JOIN verdicts v ON v.sample_id = s.id AND v.filter = 'judge-score' WHERE s.run_id = ? AND s.kind = 'evolved' AND s.status = 'accepted' AND v.score <= 3 ORDER BY s.id`)
        .pluck()
        .all(runId) as number[]
    );
    expect(expected.length).toBeGreaterThan(5);
    expect(countSamples(db, runId, f).n).toBe(expected.length);
    const before = snapshot();
    const n = recordReviewsForFilter(db, runId, f, { decision: 'rejected', note: 'low score', labels: ['bulk'], reviewer: 'ann' });
    expect(n).toBe(expected.length);
    expect(snapshot()).toEqual(before);
    const latest = latestReviewsOfRun(db, runId);
    for (const id of expected) expect(latest.get(id)?.decision).toBe('rejected');
    expect(latestReviewsOfRun(db, otherRun).size).toBe(0);
    // Nothing left unreviewed in that filter; a second pass changes nothing new but records again.
    expect(countSamples(db, runId, { ...f, review: 'none' }).n).toBe(0);
  });

  it('reports progress per kind and machine-human agreement per filter', () => {
    const latest = latestReviewsOfRun(db, runId);
    const rows = db.prepare(`SELECT id, kind, status FROM samples WHERE run_id = ?`).all(runId) as { id: number; kind: string; status: string }[];
    const progress = reviewProgress(db, runId);
    for (const p of progress) {
      const ofKind = rows.filter((r) => r.kind === p.kind);
      const dec = ofKind.map((r) => latest.get(r.id)?.decision);
      expect(p).toEqual({
        kind: p.kind,
        samples: ofKind.length,
        reviewed: dec.filter(Boolean).length,
        approved: dec.filter((d) => d === 'approved').length,
        rejected: dec.filter((d) => d === 'rejected').length,
        flagged: dec.filter((d) => d === 'flagged').length,
      });
    }
    expect(progress.reduce((a, p) => a + p.reviewed, 0)).toBe(latest.size);

    const agreement = reviewAgreement(db, runId);
    const status = agreement.find((a) => a.filter === '(status)')!;
    const decided = rows.filter((r) => latest.get(r.id) && latest.get(r.id)!.decision !== 'flagged');
    expect(status.passedReviewed).toBe(decided.filter((r) => r.status === 'accepted').length);
    expect(status.rejectedWhatPassed).toBe(decided.filter((r) => r.status === 'accepted' && latest.get(r.id)!.decision === 'rejected').length);
    expect(status.approvedWhatFailed).toBe(decided.filter((r) => r.status === 'rejected' && latest.get(r.id)!.decision === 'approved').length);
    expect(status.rejectedWhatPassed).toBeGreaterThan(5); // the bulk rejection of accepted samples
    const judge = agreement.find((a) => a.filter === 'judge-score')!;
    const verdicts = db.prepare(`SELECT sample_id, passed FROM verdicts WHERE filter = 'judge-score' AND run_id = ?`).all(runId) as { sample_id: number; passed: number }[];
    const judged = verdicts.filter((v) => latest.get(v.sample_id) && latest.get(v.sample_id)!.decision !== 'flagged');
    expect(judge).toEqual({
      filter: 'judge-score',
      passedReviewed: judged.filter((v) => v.passed).length,
      rejectedWhatPassed: judged.filter((v) => v.passed && latest.get(v.sample_id)!.decision === 'rejected').length,
      failedReviewed: judged.filter((v) => !v.passed).length,
      approvedWhatFailed: judged.filter((v) => !v.passed && latest.get(v.sample_id)!.decision === 'approved').length,
    });
    expect(reviewAgreement(db, otherRun)).toEqual([]);
  });

  it('keeps review_latest equal to the highest review of each sample', () => {
    const all = db.prepare(`SELECT id, sample_id, decision FROM reviews ORDER BY id`).all() as { id: number; sample_id: number; decision: string }[];
    const want = new Map<number, { review_id: number; decision: string }>();
    for (const r of all) want.set(r.sample_id, { review_id: r.id, decision: r.decision });
    const got = db.prepare(`SELECT sample_id, review_id, decision FROM review_latest ORDER BY sample_id`).all() as { sample_id: number; review_id: number; decision: string }[];
    expect(got).toEqual([...want].sort((a, b) => a[0] - b[0]).map(([sample_id, v]) => ({ sample_id, ...v })));
  });

  it('reads a version-5 file opened read-only as unreviewed', () => {
    const old = join(dir, 'v5.db');
    const h = new Database(old);
    for (const m of MIGRATIONS.slice(0, 5)) h.exec(m);
    h.pragma('user_version = 5');
    h.prepare(`INSERT INTO runs (name, method, config_json, config_hash, seed, provider, model, status, target, tool_version, created_at, updated_at) VALUES ('r', 'alpaca', '{}', 'h', 1, 'sim', 'm', 'completed', 1, 't', 'x', 'x')`).run();
    h.prepare(`INSERT INTO samples (run_id, kind, stage, status, content_hash, created_at) VALUES (1, 'instance', 'gen', 'accepted', 'c', 'x')`).run();
    h.close();
    const ro = openDb(old, { readonly: true });
    try {
      expect(ro.pragma('user_version', { simple: true })).toBe(5);
      expect(reviewProgress(ro, 1)).toEqual([{ kind: 'instance', samples: 1, reviewed: 0, approved: 0, rejected: 0, flagged: 0 }]);
      expect(reviewAgreement(ro, 1)).toEqual([]);
      expect([...iterateSamples(ro, 1, { review: 'none' })].length).toBe(1);
      expect([...iterateSamples(ro, 1, { review: 'approved' })].length).toBe(0);
      expect(() => recordReview(ro, 1, { decision: 'approved', reviewer: 'a' })).toThrow(/no reviews table/);
    } finally {
      ro.close();
    }
  });
});
