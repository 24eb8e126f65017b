import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exportRun, type ExportOptions } from '../../src/export/export.js';
import { openDb } from '../../src/store/db.js';
import { pipeline, run } from '../support/runs.js';
import { parseCard, readJsonArray, readJsonLines, readWithHyparquet, readWithParquetWasm } from './readers.js';

/**
 * A real Self-Instruct run with the sim teacher, exported in every format and read back by
 * independent readers; expectations come from SQL on the database, not from the export code.
 */
let dir: string;
let dbPath: string;
interface Expected {
  id: number;
  instruction: string;
  input: string;
  output: string;
  call_id: number;
  parent: number;
}
let expected: Expected[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'distillery-export-'));
  dbPath = join(dir, 'si.db');
  const result = await run(pipeline('self-instruct.yaml', { target: 24, 'params.wave_size': 4, 'teacher.provider': 'sim', name: 'si' }), dbPath);
  expect(result.status).toBe('completed');
  const db = openDb(dbPath, { readonly: true });
  expected = db
    .prepare(
      `SELECT s.id, s.instruction, s.input, s.output, s.call_id, l.parent_id AS parent FROM samples s
       JOIN lineage l ON l.child_id = s.id AND l.relation = 'instance-of'
       WHERE s.kind = 'instance' AND s.status = 'accepted' ORDER BY s.id`,
    )
    .all() as Expected[];
  db.close();
  expect(expected.length).toBeGreaterThan(10);
  expect(expected.some((e) => e.input !== '')).toBe(true);
  expect(expected.some((e) => e.input === '')).toBe(true);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const opts = (format: ExportOptions['format'], out: string, extra: Partial<ExportOptions> = {}): ExportOptions => ({ dbPath, run: 'si', format, out: join(dir, out), ...extra });
const user = (e: Expected) => (e.input ? `${e.instruction}\n\n${e.input}` : e.instruction);

describe('export of a Self-Instruct run', () => {
  it('alpaca: a JSON array of exactly instruction, input, output, the accepted instances in id order', async () => {
    const r = await exportRun(opts('alpaca', 'a.json'));
    expect(r.kinds).toEqual(['instance']);
    expect(r.rows).toBe(expected.length);
    const rows = readJsonArray(join(dir, 'a.json'));
    expect(rows).toEqual(expected.map((e) => ({ instruction: e.instruction, input: e.input, output: e.output })));
  });

  it('alpaca as .jsonl and jsonl: one object per line; jsonl holds the fields and the messages', async () => {
    await exportRun(opts('alpaca', 'a.jsonl'));
    expect(readJsonLines(join(dir, 'a.jsonl'))).toEqual(expected.map((e) => ({ instruction: e.instruction, input: e.input, output: e.output })));
    await exportRun(opts('jsonl', 'full.jsonl'));
    const rows = readJsonLines(join(dir, 'full.jsonl'));
    expect(rows).toEqual(
      expected.map((e) => ({
        instruction: e.instruction,
        input: e.input,
        output: e.output,
        messages: [
          { role: 'user', content: user(e) },
          { role: 'assistant', content: e.output },
        ],
      })),
    );
  });

  it('sharegpt and openai: human/gpt and user/assistant turns, no system message (the pipeline has none)', async () => {
    await exportRun(opts('sharegpt', 's.json'));
    expect(readJsonArray(join(dir, 's.json'))).toEqual(
      expected.map((e) => ({
        conversations: [
          { from: 'human', value: user(e) },
          { from: 'gpt', value: e.output },
        ],
      })),
    );
    await exportRun(opts('openai', 'o.jsonl'));
    const rows = readJsonLines(join(dir, 'o.jsonl'));
    for (const [i, row] of rows.entries()) {
      expect(Object.keys(row)).toEqual(['messages']);
      expect(row.messages).toEqual([
        { role: 'user', content: user(expected[i]!) },
        { role: 'assistant', content: expected[i]!.output },
      ]);
    }
  });

  it('with provenance: sample id, run, call id, verdicts and the instance-of parent on every row', async () => {
    await exportRun(opts('openai', 'op.jsonl', { withProvenance: true }));
    const rows = readJsonLines(join(dir, 'op.jsonl'));
    expect(rows).toHaveLength(expected.length);
    for (const [i, row] of rows.entries()) {
      const p = row.provenance as Record<string, any>;
      const e = expected[i]!;
      expect(p).toMatchObject({ sample_id: e.id, run: 'si', kind: 'instance', stage: 'generate-instances', status: 'accepted', call_id: e.call_id, judge_score: null });
      expect(p.parents).toEqual([{ id: e.parent, relation: 'instance-of' }]);
      expect(p.verdicts.length).toBeGreaterThan(0);
      expect(p.verdicts.every((v: { passed: boolean }) => v.passed === true)).toBe(true);
      expect(p.verdicts.map((v: { filter: string }) => v.filter)).toContain('duplicate-instance');
    }
  });

  it('parquet: read back identically by hyparquet and by parquet-wasm, messages as a list of structs, several row groups', async () => {
    const r = await exportRun(opts('parquet', 'd.parquet', { withProvenance: true, rowGroupSize: 7 }));
    expect(r.rows).toBe(expected.length);
    const hy = await readWithHyparquet(join(dir, 'd.parquet'));
    const arrow = readWithParquetWasm(join(dir, 'd.parquet'));
    expect(hy.rowGroups).toBe(Math.ceil(expected.length / 7));
    expect(JSON.parse(hy.kv.distillery!)).toMatchObject({ run: 'si', method: 'self-instruct', kinds: ['instance'], simulated: true });
    expect(arrow.schema).toEqual([
      'instruction:Utf8',
      'input:Utf8',
      'output:Utf8',
      'messages:List<Struct<{role:Utf8, content:Utf8}>>',
      'sample_id:Int64',
      'run:Utf8',
      'kind:Utf8',
      'stage:Utf8',
      'status:Utf8',
      'call_id:Int64',
      'judge_score:Float64',
      'verdicts:List<Struct<{filter:Utf8, passed:Bool, score:Float64}>>',
      'parents:List<Struct<{id:Int64, relation:Utf8}>>',
    ]);
    expect(arrow.rows).toEqual(hy.rows);
    hy.rows.forEach((row, i) => {
      const e = expected[i]!;
      expect(row).toMatchObject({ instruction: e.instruction, input: e.input, output: e.output, sample_id: e.id, call_id: e.call_id, run: 'si', judge_score: null });
      expect(row.messages).toEqual([
        { role: 'user', content: user(e) },
        { role: 'assistant', content: e.output },
      ]);
      expect(row.parents).toEqual([{ id: e.parent, relation: 'instance-of' }]);
    });
  });

  it('hf: data/<split>-00000-of-00001.parquet per split and a card whose front matter matches the files', async () => {
    const r = await exportRun(opts('hf', 'hf', { split: [{ name: 'train', fraction: 0.7 }, { name: 'test', fraction: 0.3 }] }));
    const root = join(dir, 'hf');
    expect(readdirSync(join(root, 'data')).sort()).toEqual(['test-00000-of-00001.parquet', 'train-00000-of-00001.parquet']);
    const { front, body } = parseCard(readFileSync(join(root, 'README.md'), 'utf8'));
    const bySplit: Record<string, Record<string, unknown>[]> = {};
    for (const f of front.configs[0].data_files as { split: string; path: string }[]) {
      const files = readdirSync(join(root, 'data')).filter((n) => n.startsWith(`${f.split}-`));
      expect(f.path).toBe(`data/${f.split}-*`);
      expect(files).toHaveLength(1);
      bySplit[f.split] = (await readWithHyparquet(join(root, 'data', files[0]!))).rows;
      const arrow = readWithParquetWasm(join(root, 'data', files[0]!));
      expect(arrow.rows).toEqual(bySplit[f.split]);
      // The declared features are the file's columns, in order.
      expect(arrow.schema.map((s) => s.split(':')[0])).toEqual(front.dataset_info.features.map((x: { name: string }) => x.name));
    }
    for (const s of front.dataset_info.splits as { name: string; num_examples: number }[]) expect(bySplit[s.name]).toHaveLength(s.num_examples);
    // Together the splits are the dataset, each sample once.
    const all = [...bySplit.train!, ...bySplit.test!].map((x) => x.instruction + '\u0000' + x.input + '\u0000' + x.output).sort();
    expect(all).toEqual(expected.map((e) => e.instruction + '\u0000' + e.input + '\u0000' + e.output).sort());
    expect(bySplit.test!.length).toBeGreaterThan(0);
    expect(r.splits.map((s) => s.rows)).toEqual([bySplit.train!.length, bySplit.test!.length]);
    // The body: recipe, teacher, counts by filter, cost, config, terms.
    expect(body).toMatch(/Self-Instruct \(Wang et al\., 2022\)/);
    expect(body).toMatch(/`distillery-sim-1` \(sim\)/);
    expect(body).toMatch(/\| instruction \| rouge-l \| \d+ \| \d+ \| \d+ \| [\d.]+ \|/);
    expect(body).toMatch(/## Cost\n\n\| teacher calls/);
    expect(body).toMatch(/## License and terms of use/);
    const config = parse(/```yaml\n([\s\S]*?)\n```/.exec(body)![1]!);
    expect(config).toMatchObject({ method: 'self-instruct', name: 'si', params: { wave_size: 4 } });
    // No api_key-like field anywhere in the exported config (api_key_env names a variable, but goes too).
    expect(JSON.stringify(config)).not.toMatch(/api[-_]?key/i);
  });

  it('the same split seed gives the same split of every sample; another seed moves some', async () => {
    const split = [{ name: 'train', fraction: 0.5 }, { name: 'test', fraction: 0.5 }];
    await exportRun(opts('jsonl', 'x.jsonl', { split, withProvenance: true }));
    await exportRun(opts('jsonl', 'y.jsonl', { split, withProvenance: true, stages: ['generate-instances'] }));
    await exportRun(opts('jsonl', 'z.jsonl', { split, withProvenance: true, splitSeed: 1234 }));
    const ids = (f: string) => readJsonLines(join(dir, f)).map((r) => (r.provenance as { sample_id: number }).sample_id);
    expect(ids('x.test.jsonl')).toEqual(ids('y.test.jsonl'));
    expect(ids('x.train.jsonl')).toEqual(ids('y.train.jsonl'));
    expect([...ids('x.train.jsonl'), ...ids('x.test.jsonl')].sort((a, b) => a - b)).toEqual(expected.map((e) => e.id));
    expect(ids('z.test.jsonl')).not.toEqual(ids('x.test.jsonl'));
    expect(existsSync(join(dir, 'x.jsonl'))).toBe(false);
  });

  it('--status rejected exports the rejected instances that have an output', async () => {
    const db = openDb(dbPath, { readonly: true });
    const n = (db.prepare(`SELECT COUNT(*) AS n FROM samples WHERE kind = 'instance' AND status = 'rejected' AND output != ''`).get() as { n: number }).n;
    db.close();
    expect(n).toBeGreaterThan(0);
    const r = await exportRun(opts('jsonl', 'rej.jsonl', { statuses: ['rejected'], withProvenance: true }));
    expect(r.rows).toBe(n);
    expect(readJsonLines(join(dir, 'rej.jsonl')).every((x) => (x.provenance as { status: string }).status === 'rejected')).toBe(true);
  });
});
