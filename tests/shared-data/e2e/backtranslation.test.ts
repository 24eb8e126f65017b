import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDb, type Db } from '../../../src/store/db.js';
import { datasetOf, pipeline, run } from '../../support/runs.js';
import { tempDir } from '../../support/tmp.js';
import { useFakeServer } from '../../support/fake-server.js';
import { dataFile } from '../data.js';

/** 12 real CNN articles: the first 12 records of the data folder's sample. */
const cnn = { target: 12, 'params.corpus.paths': [dataFile('cnn_articles_200.jsonl')], 'params.wave_size': 5, 'params.min_score': 4, 'limits.concurrency': 4 };

function rows<T>(db: Db, sql: string, ...args: unknown[]): T[] {
  return db.prepare(sql).all(...args) as T[];
}

describe('instruction backtranslation end to end', () => {
  const fake = useFakeServer();

  it('on 12 real CNN passages: the real openai client against the fake server gives the same dataset as sim', async () => {
    const dir = tempDir();
    await run(pipeline('backtranslation.yaml', { ...cnn, 'teacher.provider': 'sim', name: 'cnn' }), join(dir, 'sim.db'));
    const r = await run(pipeline('backtranslation.yaml', { ...cnn, 'teacher.provider': 'openai', name: 'cnn' }), join(dir, 'http.db'), fake.env());
    expect(r.status).toBe('completed');
    expect(r.detail).toMatch(/of 12 candidates from 12 passages/);
    const data = datasetOf(join(dir, 'http.db'), 'cnn') as { kind: string; output: string; status: string }[];
    expect(data.filter((d) => d.kind === 'passage').map((d) => d.output.slice(0, 30))[0]).toBe('LONDON, England (Reuters) -- H');
    expect(data.some((d) => d.kind === 'pair' && d.status === 'accepted')).toBe(true);
    expect(datasetOf(join(dir, 'http.db'), 'cnn')).toEqual(datasetOf(join(dir, 'sim.db'), 'cnn'));
  });

  it('gives the same dataset at concurrency 1 and 16', async () => {
    const dir = tempDir();
    await run(pipeline('backtranslation.yaml', { ...cnn, 'teacher.provider': 'sim', name: 'c', 'limits.concurrency': 1 }), join(dir, 'a.db'));
    await run(pipeline('backtranslation.yaml', { ...cnn, 'teacher.provider': 'sim', name: 'c', 'limits.concurrency': 16 }), join(dir, 'b.db'));
    expect(datasetOf(join(dir, 'b.db'), 'c')).toEqual(datasetOf(join(dir, 'a.db'), 'c'));
  });

  it('pauses at a call budget in every stage, resumes without resending, and ends with the uninterrupted dataset', async () => {
    const dir = tempDir();
    const env = fake.env();
    const cfg = (o: Record<string, unknown>) => pipeline('backtranslation.yaml', { ...cnn, 'teacher.provider': 'openai', name: 'b', ...o });
    await run(cfg({}), join(dir, 'ref.db'), env);
    fake.server.reset();
    let sessions = 0;
    let last;
    do {
      sessions++;
      last = await run(cfg({ 'budget.max_calls': 7 * sessions }), join(dir, 'b.db'), env);
      if (sessions > 1) expect(last.resumed).toBe(true);
    } while (last.status !== 'completed' && sessions < 30);
    expect(last.status).toBe('completed');
    expect(sessions).toBeGreaterThan(4); // 36 calls: interrupted in augmentation and in both curation iterations
    expect(datasetOf(join(dir, 'b.db'), 'b')).toEqual(datasetOf(join(dir, 'ref.db'), 'b'));
    for (const [, v] of fake.server.stats.byContent) expect(v.received).toBe(1);
  });

  it('with judge.enabled, runs the common judge on the kept pairs', async () => {
    const dbPath = join(tempDir(), 'j.db');
    const r = await run(pipeline('backtranslation.yaml', { ...cnn, 'teacher.provider': 'sim', name: 'j', 'params.min_score': 3, 'judge.enabled': true, 'judge.min_score': 5 }), dbPath);
    expect(r.detail).toMatch(/then the judge/);
    const db = openDb(dbPath, { readonly: true });
    const judged = rows<{ status: string; reason: string | null; passed: number; stage: string }>(
      db,
      `SELECT s.status, s.reason, v.passed, c.stage FROM samples s JOIN verdicts v ON v.sample_id = s.id AND v.filter = 'judge'
        JOIN calls c ON c.id = json_extract(v.detail_json, '$.call_id') WHERE s.kind = 'pair'`,
    );
    expect(judged.length).toBeGreaterThan(0);
    for (const j of judged) {
      expect(j.stage).toBe('judge');
      expect(j.status).toBe(j.passed ? 'accepted' : 'rejected');
      if (!j.passed) expect(j.reason).toBe('judge');
    }
    // Only pairs kept by the curation reach the judge.
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(n(`SELECT COUNT(*) n FROM verdicts v JOIN samples s ON s.id = v.sample_id WHERE v.filter = 'judge' AND json_extract(s.meta_json, '$.judge.iter2.passed') = 0`)).toBe(0);
    db.close();
  });
});
