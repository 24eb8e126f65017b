/**
 * The shipped custom pipelines end to end: the sim and the fake server (the real `openai` client
 * over HTTP) give the same dataset; a JSON stage against a server that honours response_format,
 * one that ignores it and wraps its JSON in prose or a fence, and answers that fail the schema;
 * SIGKILL and resume without sending a stored request again; a previous run's output as inputs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportRun } from '../../src/export/export.js';
import { describe, expect, it } from 'vitest';
import { startFakeServer } from '../../src/fake-server/index.js';
import { stageExample } from '../../src/methods/registry.js';
import { simJson } from '../../src/methods/custom/sim-answers.js';
import { stepRng } from '../../src/engine/rng.js';
import { openDb } from '../../src/store/db.js';
import { spawnCli } from '../support/child.js';
import { useFakeServer } from '../support/fake-server.js';
import { datasetOf, pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';
import { killAndResume } from '../support/kill-resume.js';

const SHIPPED: [string, Record<string, unknown>][] = [
  ['reanswer.yaml', { 'params.inputs.first': 12, 'params.wave_size': 5 }],
  ['doc-qa.yaml', {}],
  ['orca-style.yaml', { 'params.inputs.sample': 12, 'params.wave_size': 5 }],
  ['rate-and-keep.yaml', { 'params.inputs.first': 24, 'params.wave_size': 10 }],
];

function verdictsOf(db: string, run: string): { reason: string | null; filters: string }[] {
  const h = openDb(db, { readonly: true });
  try {
    return h
      .prepare(`SELECT s.reason, (SELECT group_concat(v.filter || '=' || v.passed, ' ') FROM verdicts v WHERE v.sample_id = s.id) AS filters
        FROM samples s JOIN runs r ON r.id = s.run_id WHERE r.name = ? AND s.kind = 'custom' ORDER BY s.id`)
      .all(run) as { reason: string | null; filters: string }[];
  } finally {
    h.close();
  }
}

describe('custom pipelines', () => {
  const fake = useFakeServer();

  it.each(SHIPPED)('%s: the sim and the fake server give the same dataset', async (file, overrides) => {
    const dir = tempDir();
    const sim = await run(withSimTeachers(pipeline(file, overrides)), join(dir, 'sim.db'));
    expect(sim.status, sim.detail).toBe('completed');
    const http = await run(pipeline(file, { ...overrides, 'teacher.provider': 'openai' }), join(dir, 'http.db'), fake.env());
    expect(http.status, http.detail).toBe('completed');
    const name = pipeline(file, {}).name;
    const a = datasetOf(join(dir, 'sim.db'), name);
    expect(a.length).toBeGreaterThan(8);
    expect(datasetOf(join(dir, 'http.db'), name)).toEqual(a);
  });

  it('doc-qa: every row links to its passage, and rejected rows say which stage and filter stopped them', async () => {
    const dir = tempDir();
    const res = await run(withSimTeachers(pipeline('doc-qa.yaml', {})), join(dir, 'qa.db'));
    expect(res.status).toBe('completed');
    const h = openDb(join(dir, 'qa.db'), { readonly: true });
    const rows = h.prepare(`SELECT s.id, s.status, s.reason, s.stage, p.kind AS parent_kind FROM samples s JOIN lineage l ON l.child_id = s.id AND l.relation = 'input-row' JOIN samples p ON p.id = l.parent_id WHERE s.kind = 'custom'`).all() as { status: string; reason: string | null; stage: string; parent_kind: string }[];
    const total = (h.prepare(`SELECT COUNT(*) AS n FROM samples WHERE kind = 'custom'`).get() as { n: number }).n;
    h.close();
    expect(rows).toHaveLength(total); // every sample has its input row
    expect(total).toBe(10); // 5 passages x n: 2
    expect(rows.every((r) => r.parent_kind === 'source')).toBe(true);
    for (const r of rows.filter((x) => x.status === 'rejected')) expect(r.reason).toMatch(/^(words:question|rouge-l|words:answer|output-format:(ask|answer))$/);
  });

  it('a named teacher answers its stage under its own model, and its URL credentials are not stored', async () => {
    const dir = tempDir();
    const named = (url: string) => pipeline('reanswer.yaml', { 'params.inputs.first': 4, 'teacher.provider': 'openai', 'teachers.strong.provider': 'openai', 'teachers.strong.base_url': url });
    await expect(run(named(fake.server.url.replace('http://', 'http://user:s3cret@')), join(dir, 'refused.db'), fake.env())).rejects.toThrow(/has a user name or password in it/);
    const res = await run(named(fake.server.url), join(dir, 'named.db'), fake.env());
    expect(res.status, res.detail).toBe('completed');
    const h = openDb(join(dir, 'named.db'), { readonly: true });
    const models = h.prepare(`SELECT DISTINCT model FROM calls`).all() as { model: string }[];
    const config = (h.prepare(`SELECT config_json FROM runs`).get() as { config_json: string }).config_json;
    h.close();
    expect(models.map((m) => m.model)).toEqual(['gpt-4o']);
    expect(config).not.toContain('s3cret');
    expect(config).not.toContain('test-key');
    expect(JSON.parse(config).teachers.strong.model).toBe('gpt-4o');
  });

  it('exports carry the output mapping and its extra columns; the card names the stages, teachers and filters', async () => {
    const dir = tempDir();
    const db = join(dir, 'x.db');
    expect((await run(pipeline('rate-and-keep.yaml', { 'teacher.provider': 'sim', 'params.inputs.first': 30 }), db)).status).toBe('completed');
    await exportRun({ dbPath: db, run: 'rate-and-keep', format: 'jsonl', out: join(dir, 'x.jsonl') });
    const rows = readFileSync(join(dir, 'x.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(Number(r['score'])).toBeGreaterThanOrEqual(7);
      expect(typeof r['rationale']).toBe('string');
      expect(typeof r['instruction']).toBe('string');
    }
    await exportRun({ dbPath: db, run: 'rate-and-keep', format: 'alpaca', out: join(dir, 'a.json') });
    const alpaca = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8')) as Record<string, unknown>[];
    expect(alpaca[0]).toMatchObject({ instruction: rows[0]!['instruction'], score: Number(rows[0]!['score']) });
    await exportRun({ dbPath: db, run: 'rate-and-keep', format: 'hf', out: join(dir, 'hf') });
    const { asyncBufferFromFile, parquetReadObjects } = await import('hyparquet');
    const parquet = await parquetReadObjects({ file: await asyncBufferFromFile(join(dir, 'hf', 'data', 'train-00000-of-00001.parquet')) });
    expect(parquet[0]).toMatchObject({ score: String(rows[0]!['score']), rationale: rows[0]!['rationale'] });
    const card = readFileSync(join(dir, 'hf', 'README.md'), 'utf8');
    expect(card).toMatch(/\| 1 \| `rate` \| default: `gpt-4o-mini` \| 1 \| json \(rationale, score\) \| - \| range on score \|/);
  });

  it('a named teacher whose calls fail for good stops the run at its wave: nothing of the wave is stored, nothing reported done', async () => {
    const dir = tempDir();
    const db = join(dir, 'down.db');
    const config = pipeline('reanswer.yaml', { 'params.inputs.first': 4, 'teacher.provider': 'openai', 'teachers.strong.provider': 'openai', 'teachers.strong.base_url': 'http://127.0.0.1:9/v1', 'limits.max_attempts': 2 });
    const res = await run(config, db, fake.env());
    expect(res.status).not.toBe('completed');
    expect(res.detail).toMatch(/stage answer/);
    const h = openDb(db, { readonly: true });
    const stored = (h.prepare(`SELECT COUNT(*) AS n FROM samples WHERE kind = 'custom'`).get() as { n: number }).n;
    h.close();
    expect(stored).toBe(0);
  });

  it('rate-and-keep reads the rows of a previous run (from_run)', async () => {
    const dir = tempDir();
    const db = join(dir, 'chain.db');
    expect((await run(withSimTeachers(pipeline('reanswer.yaml', { 'params.inputs.first': 6 })), db)).status).toBe('completed');
    const config = pipeline('rate-and-keep.yaml', { 'teacher.provider': 'sim' }) as { params: { inputs: Record<string, unknown> } };
    config.params.inputs = { ...config.params.inputs, path: undefined, from_run: 'reanswer' };
    const res = await run(config as never, db);
    expect(res.status, res.detail).toBe('completed');
    expect(res.detail).toMatch(/^6 input rows/);
    const h = openDb(db, { readonly: true });
    const links = (h.prepare(`SELECT COUNT(*) AS n FROM lineage l JOIN samples s ON s.id = l.child_id WHERE l.relation = 'imported-from'`).get() as { n: number }).n;
    h.close();
    expect(links).toBe(6);
  });
});

/** A shipped pipeline on the sim, its named teachers too. */
function withSimTeachers<T>(config: T): T {
  const c = structuredClone(config) as { teacher: { provider: string }; teachers: Record<string, { provider: string }> };
  c.teacher.provider = 'sim';
  for (const t of Object.values(c.teachers)) t.provider = 'sim';
  return c as T;
}

describe('a JSON stage and the server', () => {
  const rate = (extra: Record<string, unknown> = {}) => pipeline('rate-and-keep.yaml', { 'params.inputs.first': 16, 'teacher.provider': 'openai', ...extra });

  it('a server that honours response_format gets the schema and answers with the document', async () => {
    const server = await startFakeServer({ honourResponseFormat: true, rules: 'vllm' });
    try {
      const dir = tempDir();
      const res = await run(rate({ 'teacher.server': 'vllm', 'teacher.structured_outputs': true }), join(dir, 'rf.db'), { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: server.url });
      expect(res.status, res.detail).toBe('completed');
      const h = openDb(join(dir, 'rf.db'), { readonly: true });
      const sent = h.prepare(`SELECT request_json FROM calls`).all() as { request_json: string }[];
      h.close();
      expect(sent.length).toBe(16);
      for (const s of sent) expect(JSON.parse(s.request_json).responseFormat?.schema?.properties?.score).toBeDefined();
      const v = verdictsOf(join(dir, 'rf.db'), 'rate-and-keep');
      expect(v.every((r) => r.filters.includes('output-format:rate=1'))).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('a server that ignores it and wraps the JSON in prose or a fence is still read', async () => {
    const wrap = (stageId: string) => {
      if (stageId !== 'custom/json') return stageExample(stageId);
      return (view: Parameters<typeof simJson>[0], rng: Parameters<typeof simJson>[1]) => {
        const doc = simJson(view, rng);
        return rng.chance(0.5) ? `Sure! Here is my assessment:\n\n\`\`\`json\n${doc}\n\`\`\`\n\nI hope this helps.` : `Here's the rating you asked for: ${doc.replace(/\n\s*/g, ' ')} Overall, a reasonable answer.`;
      };
    };
    const server = await startFakeServer({ examples: wrap });
    try {
      const dir = tempDir();
      const res = await run(rate(), join(dir, 'wrap.db'), { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: server.url });
      expect(res.status, res.detail).toBe('completed');
      const v = verdictsOf(join(dir, 'wrap.db'), 'rate-and-keep');
      expect(v).toHaveLength(16);
      expect(v.every((r) => r.filters.includes('output-format:rate=1'))).toBe(true);
      expect(v.filter((r) => r.filters.includes('chat-format=')).length).toBeGreaterThan(0); // the unwrapping is recorded
    } finally {
      await server.close();
    }
  });

  it('answers that fail the schema are stored as rejected with the validation error', async () => {
    const bad = (stageId: string) =>
      stageId === 'custom/json' ? (_v: unknown, rng: { chance(p: number): boolean }) => (rng.chance(0.5) ? '{"rationale": "Excellent.", "score": 11}' : '{"score": 8}') : stageExample(stageId);
    const server = await startFakeServer({ examples: bad });
    try {
      const dir = tempDir();
      const res = await run(rate(), join(dir, 'bad.db'), { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: server.url });
      expect(res.status, res.detail).toBe('completed');
      const h = openDb(join(dir, 'bad.db'), { readonly: true });
      const rows = h.prepare(`SELECT s.status, s.reason, v.detail_json FROM samples s JOIN verdicts v ON v.sample_id = s.id AND v.filter = 'output-format:rate' WHERE s.kind = 'custom'`).all() as { status: string; reason: string; detail_json: string }[];
      h.close();
      expect(rows).toHaveLength(16);
      for (const r of rows) {
        expect(r.status).toBe('rejected');
        expect(r.reason).toBe('output-format:rate');
        expect(JSON.parse(r.detail_json).error).toMatch(/does not match the schema "rate": (score|rationale)/);
      }
    } finally {
      await server.close();
    }
  });
});

describe('custom pipelines survive SIGKILL', () => {
  it('each shipped example: killed and resumed, the same dataset, no stored request sent again', async () => {
    const server = await startFakeServer({ latencyMs: 15 });
    try {
      const env = { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: server.url };
      const cases = [
        ['doc-qa.yaml', 'doc-qa', ['--set', 'params.wave_size=2']],
        ['reanswer.yaml', 'reanswer', ['--set', 'params.wave_size=4', '--set', 'params.inputs.first=24']],
        ['orca-style.yaml', 'orca-style', ['--set', 'params.wave_size=4', '--set', 'params.inputs.sample=24']],
        ['rate-and-keep.yaml', 'rate-and-keep', ['--set', 'params.wave_size=4', '--set', 'params.inputs.first=24']],
      ] as const;
      for (const [file, name, extra] of cases) {
        const dir = tempDir();
        const args = (db: string) => ['run', `pipelines/${file}`, '--teacher', 'openai', '--db', db, '--concurrency', '2', ...extra];
        const ref = spawnCli(args(join(dir, 'ref.db')), env);
        expect((await ref.exited).code, ref.stderr()).toBe(0);
        server.reset();
        const db = join(dir, 'kill.db');
        const rng = stepRng(11, 'kills', name);
        const delays = [0, 1, 2].map(() => rng.int(20, 120));
        const kills = await killAndResume({ args: args(db), env, server, run: name, db, refDb: join(dir, 'ref.db'), delays });
        expect(kills).toBeGreaterThan(0);
      }
    } finally {
      await server.close();
    }
  }, 180_000);
});
