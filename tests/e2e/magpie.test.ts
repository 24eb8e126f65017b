import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDb } from '../../src/store/db.js';
import { datasetOf, pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';
import { killAndResume } from '../support/kill-resume.js';
import { useFakeServer } from '../support/fake-server.js';

const base = { target: 40, 'params.wave_size': 10, 'limits.concurrency': 4, name: 'mp' };

describe('Magpie end to end', () => {
  const fake = useFakeServer();

  it('draws queries from the bare pre-query template, answers them greedily, and stores every draw with its verdicts', async () => {
    const db = join(tempDir(), 'm.db');
    const r = await run(pipeline('magpie.yaml', { ...base, 'teacher.provider': 'sim' }), db);
    expect(r.status).toBe('completed');
    const h = openDb(db, { readonly: true });
    const count = (sql: string) => (h.prepare(sql).get() as { n: number }).n;
    expect(count(`SELECT COUNT(*) n FROM samples WHERE kind = 'magpie' AND status = 'accepted'`)).toBeGreaterThanOrEqual(40);
    // The query prompt is the template's pre-query part alone, sampled at T 1; the response prompt wraps the query, greedy.
    const q = JSON.parse((h.prepare(`SELECT request_json FROM calls WHERE stage = 'query' LIMIT 1`).get() as { request_json: string }).request_json);
    expect(q.mode).toBe('completion');
    expect(q.prompt).toBe('<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n');
    expect(q.params).toMatchObject({ temperature: 1, top_p: 1, max_tokens: 2048 });
    const a = h.prepare(`SELECT s.instruction, c.request_json FROM samples s JOIN calls c ON c.id = s.call_id WHERE s.kind = 'magpie' LIMIT 1`).get() as { instruction: string; request_json: string };
    const areq = JSON.parse(a.request_json);
    expect(areq.prompt).toBe(`<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n${a.instruction}<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n`);
    expect(areq.params).toMatchObject({ temperature: 0, max_tokens: 4096 });
    // No special token survives into the data; each response links to its query row.
    expect(count(`SELECT COUNT(*) n FROM samples WHERE instruction LIKE '%<|%' OR output LIKE '%<|%'`)).toBe(0);
    expect(count(`SELECT COUNT(*) n FROM samples s WHERE kind = 'magpie' AND (SELECT COUNT(*) FROM lineage l JOIN samples p ON p.id = l.parent_id WHERE l.child_id = s.id AND l.relation = 'answer-of' AND p.kind = 'instruction' AND p.instruction = s.instruction) != 1`)).toBe(0);
    // The release filters fire under their names; nothing rejected without a reason; a rejected query gets no response call.
    const reasons = (h.prepare(`SELECT DISTINCT reason FROM samples WHERE status = 'rejected'`).all() as { reason: string }[]).map((x) => x.reason);
    expect(reasons).toEqual(expect.arrayContaining(['ends-with-colon']));
    expect(count(`SELECT COUNT(*) n FROM samples WHERE status = 'rejected' AND reason IS NULL`)).toBe(0);
    expect(count(`SELECT COUNT(*) n FROM calls WHERE stage = 'response'`)).toBe(count(`SELECT COUNT(*) n FROM samples WHERE kind = 'instruction' AND status = 'accepted'`));
    // Accepted queries are unique (whitespace and case folded).
    const queries = (h.prepare(`SELECT instruction FROM samples WHERE kind = 'instruction' AND status = 'accepted'`).all() as { instruction: string }[]).map((x) => x.instruction.toLowerCase().replace(/\s+/g, ' ').trim());
    expect(new Set(queries).size).toBe(queries.length);
    h.close();
  });

  it('gives the same dataset through the fake server as with the sim', async () => {
    const dir = tempDir();
    await run(pipeline('magpie.yaml', { ...base, 'teacher.provider': 'sim' }), join(dir, 'sim.db'));
    fake.server.reset();
    const r = await run(pipeline('magpie.yaml', { ...base, 'teacher.provider': 'openai' }), join(dir, 'http.db'), fake.env());
    expect(r.status).toBe('completed');
    expect(datasetOf(join(dir, 'http.db'), 'mp')).toEqual(datasetOf(join(dir, 'sim.db'), 'mp'));
  });

  it('takes another model family as three template keys (Qwen2)', async () => {
    const db = join(tempDir(), 'q.db');
    const qwen = {
      ...base, 'teacher.provider': 'sim', target: 10,
      'params.template.pre_query': 'prompts/magpie/qwen2-pre-query-v1.txt',
      'params.template.post_query': '<|im_end|>\n<|im_start|>assistant\n',
      'params.template.special_tokens': ['<|im_end|>', '<|im_start|>', '<|endoftext|>'],
      'params.instruction.stop': ['<|im_end|>', '<|im_start|>'],
      'params.response.stop': ['<|im_end|>'],
    };
    expect((await run(pipeline('magpie.yaml', qwen), db)).status).toBe('completed');
    const h = openDb(db, { readonly: true });
    const q = JSON.parse((h.prepare(`SELECT request_json FROM calls WHERE stage = 'query' LIMIT 1`).get() as { request_json: string }).request_json);
    expect(q.prompt).toBe('<|im_start|>user\n');
    const a = h.prepare(`SELECT s.instruction, c.request_json FROM samples s JOIN calls c ON c.id = s.call_id WHERE s.kind = 'magpie' LIMIT 1`).get() as { instruction: string; request_json: string };
    expect(JSON.parse(a.request_json).prompt).toBe(`<|im_start|>user\n${a.instruction}<|im_end|>\n<|im_start|>assistant\n`);
    expect((h.prepare(`SELECT COUNT(*) n FROM samples WHERE instruction LIKE '%<|%' OR output LIKE '%<|%'`).get() as { n: number }).n).toBe(0);
    h.close();
  });

  it('refuses a chat-only teacher before the first call', async () => {
    const dir = tempDir();
    fake.server.reset();
    await expect(async () => run(pipeline('magpie.yaml', { ...base, 'teacher.provider': 'openai', 'teacher.mode': 'chat' }), join(dir, 'c.db'), fake.env())).rejects.toThrow(/teacher\.mode.*magpie needs teacher\.mode "completion"/);
    // A completion config against a server profile without /v1/completions.
    await expect(async () =>
      run(pipeline('magpie.yaml', { ...base, 'teacher.provider': 'openai', 'teacher.server': 'openai-reasoning', 'teacher.model': 'o4-mini' }), join(dir, 'r.db'), fake.env()),
    ).rejects.toThrow(/teacher\.mode/);
    expect(fake.server.stats.completed).toBe(0);
  });

  it('resumes after SIGKILL with the uninterrupted dataset, sending no stored request again', async () => {
    const dir = tempDir();
    const env = fake.env();
    const over = { ...base, target: 80, 'teacher.provider': 'openai' };
    await run(pipeline('magpie.yaml', over), join(dir, 'ref.db'), env);
    fake.server.reset();
    const db = join(dir, 'k.db');
    const args = ['run', 'pipelines/magpie.yaml', '--teacher', 'openai', '--db', db, '--target', '80', '--name', 'mp', '--concurrency', '4', '--set', 'params.wave_size=10'];
    const kills = await killAndResume({ args, env, server: fake.server, run: 'mp', db, refDb: join(dir, 'ref.db'), delays: [40, 70, 100, 130, 160, 190] });
    expect(kills).toBeGreaterThan(0);
  }, 60_000);
});
