import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDb } from '../../src/store/db.js';
import { datasetOf, pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';
import { killAndResume } from '../support/kill-resume.js';
import { useFakeServer } from '../support/fake-server.js';

/** A JSONL corpus of `n` small code documents (ours), so a run has many waves. */
function corpus(dir: string, n: number): string {
  const path = join(dir, 'corpus.jsonl');
  const rows = Array.from({ length: n }, (_, i) => JSON.stringify({ content: `def step_${i}(state):\n    total = 0\n    for k in range(${i + 2}):\n        total += state[k] * ${i}\n    return total\n` }));
  writeFileSync(path, rows.join('\n') + '\n');
  return path;
}

describe('OSS-Instruct end to end', () => {
  const fake = useFakeServer();

  it('stores each snippet, the problem it inspired and every drop, with the reference system message', async () => {
    const dir = tempDir();
    const db = join(dir, 'o.db');
    const r = await run(pipeline('oss-instruct.yaml', { 'teacher.provider': 'sim', target: 100, 'params.corpus': [corpus(dir, 60)] }), db);
    expect(r.status).toBe('completed');
    expect(r.detail ?? '').toMatch(/used up/);
    const h = openDb(db, { readonly: true });
    const count = (sql: string) => (h.prepare(sql).get() as { n: number }).n;
    expect(count(`SELECT COUNT(*) n FROM samples WHERE kind = 'snippet'`)).toBe(60);
    expect(count(`SELECT COUNT(*) n FROM samples WHERE kind = 'oss-instruct'`)).toBe(60);
    expect(count(`SELECT COUNT(*) n FROM samples s WHERE kind = 'oss-instruct' AND (SELECT COUNT(*) FROM lineage l JOIN samples p ON p.id = l.parent_id WHERE l.child_id = s.id AND l.relation = 'inspired-by' AND p.kind = 'snippet' AND p.input = json_extract(s.meta_json, '$.seed')) != 1`)).toBe(0);
    // The seed snippet is provenance, not part of the exported prompt.
    expect(count(`SELECT COUNT(*) n FROM samples WHERE kind = 'oss-instruct' AND input != ''`)).toBe(0);
    const reasons = (h.prepare(`SELECT DISTINCT reason FROM samples WHERE status = 'rejected'`).all() as { reason: string }[]).map((x) => x.reason);
    expect(reasons).toEqual(expect.arrayContaining(['sections']));
    expect(count(`SELECT COUNT(*) n FROM samples WHERE status = 'rejected' AND reason IS NULL`)).toBe(0);
    const req = JSON.parse((h.prepare(`SELECT request_json FROM calls LIMIT 1`).get() as { request_json: string }).request_json);
    expect(req.messages[0]).toMatchObject({ role: 'system' });
    expect(req.messages[1].content).toMatch(/\[Problem Description\][\s\S]*\[Solution\]/);
    expect(req.params).toMatchObject({ temperature: 0, max_tokens: 2500 });
    h.close();
  });

  it('gives the same dataset through the fake server as with the sim, and drops samples holding benchmark text', async () => {
    const dir = tempDir();
    const c = corpus(dir, 30);
    await run(pipeline('oss-instruct.yaml', { 'teacher.provider': 'sim', name: 'x', target: 100, 'params.corpus': [c] }), join(dir, 'sim.db'));
    fake.server.reset();
    const r = await run(pipeline('oss-instruct.yaml', { 'teacher.provider': 'openai', name: 'x', target: 100, 'params.corpus': [c] }), join(dir, 'http.db'), fake.env());
    expect(r.status).toBe('completed');
    expect(datasetOf(join(dir, 'http.db'), 'x')).toEqual(datasetOf(join(dir, 'sim.db'), 'x'));
    // A benchmark entry the sim's solutions contain: every accepted sample holding it is now dropped.
    const bench = join(dir, 'bench.jsonl');
    writeFileSync(bench, JSON.stringify({ prompt: 'The function copies the input, so the caller\'s list is untouched, and runs in O(n log n).' }) + '\n');
    await run(pipeline('oss-instruct.yaml', { 'teacher.provider': 'sim', name: 'd', target: 100, 'params.corpus': [c], 'params.decontaminate': [bench] }), join(dir, 'd.db'));
    const h = openDb(join(dir, 'd.db'), { readonly: true });
    expect((h.prepare(`SELECT COUNT(*) n FROM samples WHERE reason = 'contaminated'`).get() as { n: number }).n).toBeGreaterThan(20);
    expect((h.prepare(`SELECT COUNT(*) n FROM samples WHERE kind = 'oss-instruct' AND status = 'accepted'`).get() as { n: number }).n).toBe(0);
    h.close();
  });

  it('names the file and line of a bad corpus line before any call', async () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"content": "x = 1"}\n{"text": "y = 2"}\n');
    fake.server.reset();
    await expect(run(pipeline('oss-instruct.yaml', { 'teacher.provider': 'openai', 'params.corpus': [bad] }), join(dir, 'b.db'), fake.env())).rejects.toThrow(/bad\.jsonl:2: key "content"/);
    expect(fake.server.stats.completed).toBe(0);
  });

  it('resumes after SIGKILL with the uninterrupted dataset, sending no stored request again', async () => {
    const dir = tempDir();
    const env = fake.env();
    const c = corpus(dir, 120);
    await run(pipeline('oss-instruct.yaml', { 'teacher.provider': 'openai', name: 'k', target: 1000, 'limits.concurrency': 4, 'params.corpus': [c] }), join(dir, 'ref.db'), env);
    fake.server.reset();
    const db = join(dir, 'k.db');
    const args = ['run', 'pipelines/oss-instruct.yaml', '--teacher', 'openai', '--db', db, '--target', '1000', '--name', 'k', '--concurrency', '4', '--set', `params.corpus=["${c}"]`];
    const kills = await killAndResume({ args, env, server: fake.server, run: 'k', db, refDb: join(dir, 'ref.db'), delays: [40, 70, 100, 130, 160, 190] });
    expect(kills).toBeGreaterThan(0);
  }, 60_000);
});
