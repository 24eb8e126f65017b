import { describe, expect, it } from 'vitest';
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CorpusError } from '../../src/corpus/ingest.js';
import { openDb, type Db } from '../../src/store/db.js';
import { REPO } from '../support/paths.js';
import { pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';

function rows<T>(db: Db, sql: string, ...args: unknown[]): T[] {
  return db.prepare(sql).all(...args) as T[];
}

// The cases on 12 real CNN articles (research use only) are in tests/shared-data/e2e/backtranslation.test.ts.
describe('instruction backtranslation end to end', () => {
  it('with sim: ingests the shipped corpus, writes instructions, curates over two iterations, and stores the provenance of every pair', async () => {
    const dbPath = join(tempDir(), 'bt.db');
    const result = await run(pipeline('backtranslation.yaml', { 'teacher.provider': 'sim', name: 'bt' }), dbPath);
    expect(result.status).toBe('completed');
    expect(result.detail).toMatch(/pairs kept \(score >= 5 in curation iteration 2\) of 34 candidates from 34 passages/);
    const db = openDb(dbPath, { readonly: true });
    const runId = (db.prepare(`SELECT id FROM runs WHERE name = 'bt'`).get() as { id: number }).id;

    // Every passage is a source sample with its file and offset, pointing at its text.
    const passages = rows<{ id: number; output: string; meta_json: string }>(db, `SELECT id, output, meta_json FROM samples WHERE run_id = ? AND kind = 'passage' AND status = 'accepted'`, runId);
    expect(passages).toHaveLength(34);
    for (const p of passages.filter((x) => JSON.parse(x.meta_json).file.endsWith('.md'))) {
      const m = JSON.parse(p.meta_json) as { file: string; offset: number; length: number };
      const buf = Buffer.alloc(m.length);
      const fd = openSync(join(REPO, m.file), 'r');
      readSync(fd, buf, 0, m.length, m.offset);
      closeSync(fd);
      expect(buf.toString('utf8')).toBe(p.output);
    }

    // Every pair: its passage, the call that wrote its instruction, and both judge verdicts with their calls.
    const pairs = rows<{ id: number; instruction: string; output: string; status: string; reason: string | null; call_id: number; meta_json: string }>(
      db,
      `SELECT id, instruction, output, status, reason, call_id, meta_json FROM samples WHERE run_id = ? AND kind = 'pair' ORDER BY id`,
      runId,
    );
    expect(pairs).toHaveLength(34);
    const kept = pairs.filter((p) => p.status === 'accepted');
    const dropped = pairs.filter((p) => p.status === 'rejected');
    expect(kept.length).toBeGreaterThan(0);
    expect(dropped.length).toBeGreaterThan(0);
    expect(kept.length + dropped.length).toBe(34);
    const iter1Kept = new Set(pairs.filter((p) => JSON.parse(p.meta_json).judge.iter1.passed).map((p) => p.id));
    expect(iter1Kept.size).toBeGreaterThan(0);
    let withDemos = 0;
    for (const p of pairs) {
      const links = rows<{ relation: string; kind: string; output: string }>(db, `SELECT l.relation, s.kind, s.output FROM lineage l JOIN samples s ON s.id = l.parent_id WHERE l.child_id = ? ORDER BY l.relation, l.position`, p.id);
      const from = links.filter((l) => l.relation === 'backtranslated-from');
      expect(from).toHaveLength(1);
      expect(from[0]).toMatchObject({ kind: 'passage', output: p.output });
      expect(links.filter((l) => l.relation === 'demo-in-prompt' && l.kind === 'seed')).toHaveLength(4);
      const call = db.prepare(`SELECT stage, request_json, response_text FROM calls WHERE id = ?`).get(p.call_id) as { stage: string; request_json: string; response_text: string };
      expect(call.stage).toBe('self-augment');
      expect(call.request_json).toContain(JSON.stringify(p.output).slice(1, 200));
      expect(call.response_text.length).toBeGreaterThan(0);

      const verdicts = rows<{ filter: string; passed: number; score: number | null; detail_json: string }>(db, `SELECT filter, passed, score, detail_json FROM verdicts WHERE sample_id = ? AND filter LIKE 'judge-iter%' ORDER BY id`, p.id);
      expect(verdicts.map((v) => v.filter)).toEqual(['judge-iter1', 'judge-iter2']);
      for (const [i, v] of verdicts.entries()) {
        const d = JSON.parse(v.detail_json) as { call_id: number; parse: string; rationale: string; raw: string; demo_ids?: number[] };
        expect(['exact', 'tolerant', 'missing']).toContain(d.parse);
        expect(v.passed).toBe(v.score !== null && v.score >= 5 ? 1 : 0);
        const jc = db.prepare(`SELECT stage, response_text FROM calls WHERE id = ?`).get(d.call_id) as { stage: string; response_text: string };
        expect(jc.stage).toBe(`curate-iter${i + 1}`);
        expect(jc.response_text).toBe(d.raw);
        if (i === 1 && d.demo_ids && d.demo_ids.length > 0) {
          withDemos++;
          for (const id of d.demo_ids) {
            expect(id).not.toBe(p.id);
            expect(iter1Kept.has(id)).toBe(true);
          }
        }
      }
      // The final status is iteration 2's verdict.
      expect(p.status).toBe(verdicts[1]!.passed ? 'accepted' : 'rejected');
      if (p.status === 'rejected') expect(p.reason).toBe('judge-iter2');
    }
    expect(withDemos).toBe(34);
    // Iteration 1 and 2 disagree on some pairs: the second iteration is a real re-scoring.
    expect(pairs.some((p) => iter1Kept.has(p.id) !== (p.status === 'accepted'))).toBe(true);
    db.close();
  });

  it('fails with one clear error when the corpus holds no usable passage', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'short.md'), 'Too short to be a passage.\n');
    const e = await run(pipeline('backtranslation.yaml', { 'teacher.provider': 'sim', name: 'e', 'params.corpus.paths': [dir] }), join(dir, 'e.db')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CorpusError);
    expect((e as Error).message).toBe(`${dir}: key "params.corpus.paths": no usable passage of 1000 to 2200 characters in 2 file(s) (1 rejected: length 1)`);
  });
});

describe('the judge stage after Self-Instruct', () => {
  it('scores accepted instances, rejects those under min_score with reason "judge", and keeps the verdict', async () => {
    const dbPath = join(tempDir(), 'si.db');
    const r = await run(pipeline('self-instruct.yaml', { 'teacher.provider': 'sim', name: 'si', target: 8, 'params.wave_size': 4, 'judge.enabled': true, 'judge.min_score': 4 }), dbPath);
    expect(r.status).toBe('completed');
    const db = openDb(dbPath, { readonly: true });
    const judged = rows<{ status: string; reason: string | null; passed: number; score: number | null; detail_json: string }>(
      db,
      `SELECT s.status, s.reason, v.passed, v.score, v.detail_json FROM samples s JOIN verdicts v ON v.sample_id = s.id AND v.filter = 'judge' WHERE s.kind = 'instance'`,
    );
    expect(judged.some((j) => j.passed === 1)).toBe(true);
    expect(judged.some((j) => j.passed === 0)).toBe(true);
    for (const j of judged) {
      const d = JSON.parse(j.detail_json) as { prompt: string; rationale: string; call_id: number };
      expect(d.prompt).toBe('prompts/judge/quality-v1.txt');
      expect(j.passed).toBe(j.score !== null && j.score >= 4 ? 1 : 0);
      expect(j.status).toBe(j.passed ? 'accepted' : 'rejected');
      if (!j.passed) expect(j.reason).toBe('judge');
      const call = db.prepare(`SELECT stage, request_json FROM calls WHERE id = ?`).get(d.call_id) as { stage: string; request_json: string };
      expect(call.stage).toBe('judge');
      expect(call.request_json).toContain('Rate how well the response carries out the instruction');
    }
    // Instances rejected by an earlier filter are not judged.
    const n = (db.prepare(`SELECT COUNT(*) n FROM samples s WHERE s.kind = 'instance' AND s.reason IS NOT NULL AND s.reason != 'judge' AND EXISTS (SELECT 1 FROM verdicts v WHERE v.sample_id = s.id AND v.filter = 'judge')`).get() as { n: number }).n;
    expect(n).toBe(0);
    db.close();
  });
});
