import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDb } from '../../src/store/db.js';
import { datasetOf, pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';
import { useFakeServer } from '../support/fake-server.js';

const base = { target: 16, 'params.wave_size': 4, 'limits.concurrency': 4 };

describe('Self-Instruct end to end', () => {
  const fake = useFakeServer();

  it('runs with sim and stores the provenance of every sample', async () => {
    const db = join(tempDir(), 'd.db');
    const result = await run(pipeline('self-instruct.yaml', { ...base, 'teacher.provider': 'sim', name: 'si' }), db);
    expect(result.status).toBe('completed');
    expect(result.teacherNotice).toMatch(/sim/);
    const h = openDb(db, { readonly: true });
    const runRow = h.prepare(`SELECT * FROM runs WHERE name = 'si'`).get() as { id: number; simulated: number; config_json: string };
    expect(runRow.simulated).toBe(1);
    const count = (sql: string) => (h.prepare(sql).get(runRow.id) as { n: number }).n;
    expect(count(`SELECT COUNT(*) n FROM samples WHERE run_id = ? AND kind = 'instruction' AND status = 'accepted'`)).toBeGreaterThanOrEqual(16);
    expect(count(`SELECT COUNT(*) n FROM samples WHERE run_id = ? AND kind = 'instance' AND status = 'accepted'`)).toBeGreaterThan(0);
    // Every rejected sample says why; every generated instruction has a ROUGE-L verdict.
    expect(count(`SELECT COUNT(*) n FROM samples WHERE run_id = ? AND status = 'rejected' AND reason IS NULL`)).toBe(0);
    expect(count(`SELECT COUNT(*) n FROM samples s WHERE run_id = ? AND kind = 'instruction' AND NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.sample_id = s.id AND v.filter = 'rouge-l')`)).toBe(0);
    // Every instruction links to the 8 demos of its prompt, and to the call that produced it.
    expect(count(`SELECT COUNT(*) n FROM samples s WHERE run_id = ? AND kind = 'instruction' AND (SELECT COUNT(*) FROM lineage l WHERE l.child_id = s.id AND l.relation = 'demo-in-prompt') != 8`)).toBe(0);
    expect(count(`SELECT COUNT(*) n FROM samples s JOIN calls c ON c.id = s.call_id WHERE s.run_id = ? AND s.kind != 'seed' AND (c.response_text IS NULL OR c.request_json IS NULL)`)).toBe(0);
    // Filters that the sim provokes fire, each as a reason of its own.
    const reasons = (h.prepare(`SELECT DISTINCT reason FROM samples WHERE run_id = ? AND kind = 'instruction' AND status = 'rejected'`).all(runRow.id) as { reason: string }[]).map((r) => r.reason);
    expect(reasons).toContain('rouge-l');
    // ROUGE-L rejections name a most similar sample that exists and scored above the threshold.
    const rej = h
      .prepare(`SELECT v.score, json_extract(v.detail_json, '$.most_similar_id') AS sim FROM verdicts v JOIN samples s ON s.id = v.sample_id WHERE s.run_id = ? AND v.filter = 'rouge-l' AND v.passed = 0`)
      .all(runRow.id) as { score: number; sim: number }[];
    expect(rej.length).toBeGreaterThan(0);
    for (const r of rej) {
      expect(r.score).toBeGreaterThan(0.7);
      expect(h.prepare(`SELECT id FROM samples WHERE id = ?`).get(r.sim)).toBeTruthy();
    }
    h.close();
  });

  it('gives the same dataset through the real openai client against the fake server as with sim', async () => {
    const dir = tempDir();
    const simDb = join(dir, 'sim.db');
    const httpDb = join(dir, 'http.db');
    await run(pipeline('self-instruct.yaml', { ...base, 'teacher.provider': 'sim', name: 'x' }), simDb);
    const r = await run(pipeline('self-instruct.yaml', { ...base, 'teacher.provider': 'openai', name: 'x' }), httpDb, fake.env());
    expect(r.status).toBe('completed');
    expect(r.run.provider).toBe('openai');
    expect(datasetOf(httpDb, 'x')).toEqual(datasetOf(simDb, 'x'));
  });

  it('gives the same dataset at concurrency 1 and 16', async () => {
    const dir = tempDir();
    await run(pipeline('self-instruct.yaml', { ...base, 'teacher.provider': 'sim', name: 'c1', 'limits.concurrency': 1 }), join(dir, 'a.db'));
    await run(pipeline('self-instruct.yaml', { ...base, 'teacher.provider': 'sim', name: 'c1', 'limits.concurrency': 16 }), join(dir, 'b.db'));
    expect(datasetOf(join(dir, 'b.db'), 'c1')).toEqual(datasetOf(join(dir, 'a.db'), 'c1'));
  });

  it('pauses at a call budget, resumes without resending, and ends with the uninterrupted dataset', async () => {
    const dir = tempDir();
    const env = fake.env();
    const cfg = (o: Record<string, unknown>) => pipeline('self-instruct.yaml', { ...base, 'teacher.provider': 'openai', name: 'b', ...o });
    await run(cfg({}), join(dir, 'ref.db'), env);
    fake.server.reset();
    const first = await run(cfg({ 'budget.max_calls': 7 }), join(dir, 'b.db'), env);
    expect(first.status).toBe('paused');
    expect(first.detail).toMatch(/max_calls/);
    // Each session may send 7 more requests: the budget is for the whole run.
    let sessions = 1;
    let last = first;
    while (last.status !== 'completed' && sessions < 60) {
      sessions++;
      last = await run(cfg({ 'budget.max_calls': 7 * sessions }), join(dir, 'b.db'), env);
      expect(last.resumed).toBe(true);
    }
    expect(last.status).toBe('completed');
    expect(sessions).toBeGreaterThan(2);
    expect(datasetOf(join(dir, 'b.db'), 'b')).toEqual(datasetOf(join(dir, 'ref.db'), 'b'));
    // The server never saw a request twice.
    for (const [, v] of fake.server.stats.byContent) expect(v.received).toBe(1);
  });
});
