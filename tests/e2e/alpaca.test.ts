import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDb } from '../../src/store/db.js';
import { datasetOf, pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';
import { useFakeServer } from '../support/fake-server.js';

const base = { target: 60, 'params.wave_size': 3, 'limits.concurrency': 4 };

describe('Alpaca end to end', () => {
  const fake = useFakeServer();

  it('stores every chunk with its verdicts, demos and call, in the released fields', async () => {
    const db = join(tempDir(), 'a.db');
    const result = await run(pipeline('alpaca.yaml', { ...base, 'teacher.provider': 'sim', name: 'al', target: 120 }), db);
    expect(result.status).toBe('completed');
    const h = openDb(db, { readonly: true });
    const count = (sql: string) => (h.prepare(sql).get() as { n: number }).n;
    expect(count(`SELECT COUNT(*) n FROM samples WHERE kind = 'alpaca' AND status = 'accepted'`)).toBeGreaterThanOrEqual(120);
    // Released Alpaca fields: a non-empty instruction and output; input "" when there is none (never "<noinput>").
    expect(count(`SELECT COUNT(*) n FROM samples WHERE kind = 'alpaca' AND status = 'accepted' AND (instruction = '' OR output = '')`)).toBe(0);
    expect(count(`SELECT COUNT(*) n FROM samples WHERE kind = 'alpaca' AND lower(input) LIKE '%<noinput>%'`)).toBe(0);
    const withInput = count(`SELECT COUNT(*) n FROM samples WHERE kind = 'alpaca' AND status = 'accepted' AND input != ''`);
    expect(withInput).toBeGreaterThan(0);
    expect(withInput).toBeLessThan(count(`SELECT COUNT(*) n FROM samples WHERE kind = 'alpaca' AND status = 'accepted'`));
    // Every generated row links to the 3 seed demos of its prompt and to the call that produced it.
    expect(
      count(`SELECT COUNT(*) n FROM samples s WHERE s.kind IN ('alpaca', 'instruction')
             AND (SELECT COUNT(*) FROM lineage l JOIN samples d ON d.id = l.parent_id WHERE l.child_id = s.id AND l.relation = 'demo-in-prompt' AND d.kind = 'seed') != 3`),
    ).toBe(0);
    expect(count(`SELECT COUNT(*) n FROM samples s JOIN calls c ON c.id = s.call_id WHERE s.kind != 'seed' AND c.response_text IS NOT NULL`)).toBe(
      count(`SELECT COUNT(*) n FROM samples WHERE kind != 'seed'`),
    );
    // The raw text of each chunk is in the call's answer; a malformed chunk keeps its raw text.
    const malformed = h.prepare(`SELECT s.instruction, c.response_text FROM samples s JOIN calls c ON c.id = s.call_id WHERE s.reason = 'malformed-chunk'`).all() as { instruction: string; response_text: string }[];
    expect(malformed.length).toBeGreaterThan(0);
    for (const m of malformed) expect(m.response_text).toContain(m.instruction.replace(/^\d+\. Instruction:\s*/, '').slice(0, 40));
    // Nothing rejected without a reason; filters fire under their own names; every task has a ROUGE-L verdict.
    expect(count(`SELECT COUNT(*) n FROM samples WHERE status = 'rejected' AND reason IS NULL`)).toBe(0);
    const reasons = (h.prepare(`SELECT DISTINCT reason FROM samples WHERE status = 'rejected'`).all() as { reason: string }[]).map((r) => r.reason);
    expect(reasons).toEqual(expect.arrayContaining(['rouge-l', 'word-count', 'malformed-chunk']));
    expect(count(`SELECT COUNT(*) n FROM samples s WHERE kind = 'alpaca' AND NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.sample_id = s.id AND v.filter = 'rouge-l')`)).toBe(0);
    // The prompt sent is the recipe's: 3 demos, then the open fourth item.
    const req = JSON.parse((h.prepare(`SELECT request_json FROM calls LIMIT 1`).get() as { request_json: string }).request_json);
    expect(req.messages[0].content).toMatch(/List of 20 tasks:\n###\n1\. Instruction: [\s\S]*\n###\n4\. Instruction:$/);
    // Chat mode: the reference's stops ("\n20", "20.") fire inside a chat answer's content, so the chat-safe one is sent.
    expect(req.params).toMatchObject({ temperature: 1, top_p: 1, max_tokens: 3072, stop: ['20. Instruction'] });
    h.close();
  });

  it('gives the same dataset through the fake server as with sim, and drops only the last chunk of a cut answer', async () => {
    const dir = tempDir();
    await run(pipeline('alpaca.yaml', { ...base, 'teacher.provider': 'sim', name: 'x' }), join(dir, 'sim.db'));
    fake.server.reset();
    const r = await run(pipeline('alpaca.yaml', { ...base, 'teacher.provider': 'openai', name: 'x' }), join(dir, 'http.db'), fake.env());
    expect(r.status).toBe('completed');
    expect(datasetOf(join(dir, 'http.db'), 'x')).toEqual(datasetOf(join(dir, 'sim.db'), 'x'));

    // The first request answered with finish_reason "length" and half its text.
    fake.server.setFaults([{ request: 1, kind: 'length' }]);
    await run(pipeline('alpaca.yaml', { ...base, 'teacher.provider': 'openai', name: 'x', 'limits.concurrency': 1 }), join(dir, 'cut.db'), fake.env());
    fake.server.setFaults(null);
    const h = openDb(join(dir, 'cut.db'), { readonly: true });
    const cut = h.prepare(`SELECT id FROM calls WHERE finish_reason = 'length'`).all() as { id: number }[];
    expect(cut).toHaveLength(1);
    const rows = h.prepare(`SELECT reason, json_extract(meta_json, '$.chunk') AS chunk FROM samples WHERE call_id = ? ORDER BY id`).all(cut[0]!.id) as { reason: string | null; chunk: number }[];
    expect(rows.length).toBeGreaterThan(2);
    expect(rows.filter((r) => r.reason === 'truncated-chunk')).toEqual([rows[rows.length - 1]]);
    h.close();
  });

  it('applies the optional common judge to the tasks that passed every other filter', async () => {
    const db = join(tempDir(), 'j.db');
    const r = await run(pipeline('alpaca.yaml', { ...base, target: 20, 'teacher.provider': 'sim', name: 'j', 'judge.enabled': true }), db);
    expect(r.status).toBe('completed');
    const h = openDb(db, { readonly: true });
    const rows = h
      .prepare(
        `SELECT s.status, s.reason, v.passed FROM samples s LEFT JOIN verdicts v ON v.sample_id = s.id AND v.filter = 'judge'
          WHERE s.kind = 'alpaca' AND (s.status = 'accepted' OR s.reason = 'judge' OR v.id IS NOT NULL)`,
      )
      .all() as { status: string; reason: string | null; passed: number | null }[];
    expect(rows.filter((x) => x.status === 'accepted').every((x) => x.passed === 1)).toBe(true);
    expect(rows.filter((x) => x.reason === 'judge').every((x) => x.passed === 0)).toBe(true);
    expect(rows.filter((x) => x.reason === 'judge').length).toBeGreaterThan(0);
    const judgeCalls = (h.prepare(`SELECT COUNT(*) n FROM calls WHERE stage = 'judge'`).get() as { n: number }).n;
    expect(judgeCalls).toBe(rows.length);
    h.close();
    // Tasks the judge rejected stay in the ROUGE-L pool, in a resumed run as in an uninterrupted one.
    const db2 = join(tempDir(), 'j2.db');
    let sessions = 1;
    let last = await run(pipeline('alpaca.yaml', { ...base, target: 20, 'teacher.provider': 'sim', name: 'j', 'judge.enabled': true, 'budget.max_calls': 15 }), db2);
    while (last.status !== 'completed' && sessions < 20) {
      sessions++;
      last = await run(pipeline('alpaca.yaml', { ...base, target: 20, 'teacher.provider': 'sim', name: 'j', 'judge.enabled': true, 'budget.max_calls': 15 * sessions }), db2);
    }
    expect(sessions).toBeGreaterThan(2);
    expect(datasetOf(db2, 'j')).toEqual(datasetOf(db, 'j'));
  });

  it('runs in completion mode', async () => {
    const db = join(tempDir(), 'c.db');
    const r = await run(pipeline('alpaca.yaml', { ...base, target: 10, 'teacher.provider': 'openai', 'teacher.mode': 'completion', name: 'cm' }), db, fake.env());
    expect(r.status).toBe('completed');
    const h = openDb(db, { readonly: true });
    const req = JSON.parse((h.prepare(`SELECT request_json FROM calls LIMIT 1`).get() as { request_json: string }).request_json);
    expect(req.mode).toBe('completion');
    expect(req.prompt.endsWith('###\n4. Instruction:')).toBe(true);
    expect((h.prepare(`SELECT COUNT(*) n FROM samples WHERE kind = 'alpaca' AND status = 'accepted'`).get() as { n: number }).n).toBeGreaterThanOrEqual(10);
    h.close();
  });

  it('pauses at a call budget, resumes without resending, and ends with the uninterrupted dataset', async () => {
    const dir = tempDir();
    const cfg = (o: Record<string, unknown>) => pipeline('alpaca.yaml', { ...base, target: 150, 'teacher.provider': 'openai', name: 'b', ...o });
    await run(cfg({}), join(dir, 'ref.db'), fake.env());
    fake.server.reset();
    let last = await run(cfg({ 'budget.max_calls': 2 }), join(dir, 'b.db'), fake.env());
    expect(last.status).toBe('paused');
    let sessions = 1;
    while (last.status !== 'completed' && sessions < 30) {
      sessions++;
      last = await run(cfg({ 'budget.max_calls': 2 * sessions }), join(dir, 'b.db'), fake.env());
      expect(last.resumed).toBe(true);
    }
    expect(last.status).toBe('completed');
    expect(sessions).toBeGreaterThan(2);
    expect(datasetOf(join(dir, 'b.db'), 'b')).toEqual(datasetOf(join(dir, 'ref.db'), 'b'));
    for (const [, v] of fake.server.stats.byContent) expect(v.received).toBe(1);
  });
});
