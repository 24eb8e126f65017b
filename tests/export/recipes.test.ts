import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportRun } from '../../src/export/export.js';
import { ExportError } from '../../src/export/types.js';
import { openDb } from '../../src/store/db.js';
import { tempDir } from '../support/tmp.js';
import { fixtureDb, singleTurn, type FixtureSample } from './fixtures.js';
import { parseCard, readJsonArray, readJsonLines, readWithHyparquet, readWithParquetWasm } from './readers.js';

/** Files in a test folder other than the database (a read-only open of a WAL database leaves -wal/-shm). */
const outputs = (dir: string) => readdirSync(dir).filter((f) => !/\.db(-wal|-shm)?$/.test(f)).sort();

const conversation = (i: number, exchanges: number): FixtureSample => ({
  kind: 'conversation',
  messages: Array.from({ length: exchanges }, (_, k) => [
    { role: 'user', content: `topic ${i}, question ${k}` },
    { role: 'assistant', content: `answer ${k} to ${i} ✓` },
  ]).flat(),
  status: 'accepted',
});

describe('self-chat conversations', () => {
  const chats = () => [conversation(0, 3), conversation(1, 1), { kind: 'seed', instruction: 'topic', output: 'x', status: 'accepted' as const }, conversation(2, 2)];

  it('export to the chat formats turn by turn, with the system prompt of the config first', async () => {
    const dir = tempDir();
    const { path } = fixtureDb(dir, 'self-chat', chats(), { config: { method: 'self-chat', teacher: { model: 'm', system_prompt: 'You are helpful.' } } });
    const r = await exportRun({ dbPath: path, run: 'self-chat', format: 'sharegpt', out: join(dir, 's.jsonl') });
    expect(r.kinds).toEqual(['conversation']);
    const rows = readJsonLines(join(dir, 's.jsonl'));
    expect(rows).toHaveLength(3);
    expect((rows[0]!.conversations as { from: string }[]).map((c) => c.from)).toEqual(['system', 'human', 'gpt', 'human', 'gpt', 'human', 'gpt']);
    expect((rows[0]!.conversations as { value: string }[])[6]!.value).toBe('answer 2 to 0 ✓');

    await exportRun({ dbPath: path, run: 'self-chat', format: 'openai', out: join(dir, 'o.jsonl'), systemPrompt: false });
    const o = readJsonLines(join(dir, 'o.jsonl'));
    expect((o[2]!.messages as { role: string }[]).map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
  });

  it('are refused by alpaca before anything is written, naming the formats that take them', async () => {
    const dir = tempDir();
    const { path } = fixtureDb(dir, 'self-chat', chats());
    const out = join(dir, 'a.json');
    await expect(exportRun({ dbPath: path, run: 'self-chat', format: 'alpaca', out })).rejects.toThrow(/2 of the 3 matching samples are multi-turn.*sharegpt, openai/);
    expect(outputs(dir)).toEqual([]);
  });

  it('go to Parquet as a messages column only, read back by both readers', async () => {
    const dir = tempDir();
    const { path } = fixtureDb(dir, 'self-chat', chats());
    await exportRun({ dbPath: path, run: 'self-chat', format: 'parquet', out: join(dir, 'c.parquet') });
    const arrow = readWithParquetWasm(join(dir, 'c.parquet'));
    expect(arrow.schema).toEqual(['messages:List<Struct<{role:Utf8, content:Utf8}>>']);
    const hy = await readWithHyparquet(join(dir, 'c.parquet'));
    expect(hy.rows).toEqual(arrow.rows);
    expect((hy.rows[0]!.messages as unknown[]).length).toBe(6);
    expect(hy.rows[1]!.messages).toEqual([
      { role: 'user', content: 'topic 1, question 0' },
      { role: 'assistant', content: 'answer 0 to 1 ✓' },
    ]);
  });
});

describe('a run mixing single-turn samples and conversations', () => {
  it('has nullable instruction/input/output, null on conversations, in jsonl and parquet alike', async () => {
    const dir = tempDir();
    // "magpie" has no entry in the kind map: every non-input kind with an output or messages is exported.
    const { path } = fixtureDb(dir, 'magpie', [
      ...singleTurn('task', 2),
      conversation(9, 2),
      { kind: 'source', output: 'unlabelled text', status: 'accepted' },
      { kind: 'passage', output: 'a corpus passage', status: 'accepted' },
      { kind: 'topic', instruction: 'a topic', output: 'x', status: 'accepted' },
      { kind: 'instruction', instruction: 'no output yet', status: 'accepted' },
    ]);
    const r = await exportRun({ dbPath: path, run: 'magpie', format: 'parquet', out: join(dir, 'm.parquet') });
    expect(r.kinds).toEqual(['task', 'conversation']);
    const arrow = readWithParquetWasm(join(dir, 'm.parquet'));
    expect(arrow.schema.slice(0, 4)).toEqual(['instruction:Utf8', 'input:Utf8', 'output:Utf8', 'messages:List<Struct<{role:Utf8, content:Utf8}>>']);
    expect(arrow.rows[2]).toMatchObject({ instruction: null, input: null, output: null });
    expect(arrow.rows[0]).toMatchObject({ instruction: 'Task 0: explain “thing” 0 — naïve café 🎉', input: 'input 0\nsecond line' });
    expect((await readWithHyparquet(join(dir, 'm.parquet'))).rows).toEqual(arrow.rows);
    await exportRun({ dbPath: path, run: 'magpie', format: 'jsonl', out: join(dir, 'm.jsonl') });
    const lines = readJsonLines(join(dir, 'm.jsonl'));
    expect(lines.map((l) => l.instruction === null)).toEqual([false, false, true]);
    expect(lines[0]!.messages).toEqual([
      { role: 'user', content: 'Task 0: explain “thing” 0 — naïve café 🎉\n\ninput 0\nsecond line' },
      { role: 'assistant', content: 'Answer 0, with "quotes", a tab\tand 中文.' },
    ]);
  });
});

describe('backtranslation pairs and --min-score', () => {
  function judged(dir: string) {
    const pairs = singleTurn('pair', 5);
    // Sample 1: round 1 says 5, round 2 says 2 -> the latest round (2) decides.
    pairs[0]!.verdicts = [
      { filter: 'judge-iter1', passed: true, score: 5 },
      { filter: 'judge-iter2', passed: false, score: 2 },
    ];
    // Sample 2: round 2 says 5 (stored first), round 1 says 3.
    pairs[1]!.verdicts = [
      { filter: 'judge-iter2', passed: true, score: 5 },
      { filter: 'judge-iter1', passed: false, score: 3 },
    ];
    pairs[2]!.verdicts = [{ filter: 'judge-iter1', passed: true, score: 4 }];
    pairs[3]!.verdicts = [{ filter: 'length', passed: true, score: 40 }]; // not a judge: no judge score
    // pairs[4]: no verdict at all.
    return fixtureDb(dir, 'backtranslation', [{ kind: 'source', output: 'web text', status: 'accepted' }, ...pairs]);
  }

  it('keeps samples whose highest-numbered judge verdict scores at least K; unjudged samples are left out', async () => {
    const dir = tempDir();
    const { path, ids } = judged(dir);
    const r = await exportRun({ dbPath: path, run: 'backtranslation', format: 'jsonl', out: join(dir, 'k4.jsonl'), minScore: 4, withProvenance: true });
    const rows = readJsonLines(join(dir, 'k4.jsonl'));
    expect(r.kinds).toEqual(['pair']);
    expect(rows.map((x) => (x.provenance as { sample_id: number }).sample_id)).toEqual([ids[2], ids[3]]);
    expect(rows.map((x) => (x.provenance as { judge_score: number }).judge_score)).toEqual([5, 4]);
    await exportRun({ dbPath: path, run: 'backtranslation', format: 'jsonl', out: join(dir, 'k5.jsonl'), minScore: 5 });
    expect(readJsonLines(join(dir, 'k5.jsonl'))).toHaveLength(1);
    await expect(exportRun({ dbPath: path, run: 'backtranslation', format: 'jsonl', out: join(dir, 'k6.jsonl'), minScore: 6 })).rejects.toThrow(/no samples match .*judge score >= 6\); nothing was written/);
    expect(existsSync(join(dir, 'k6.jsonl'))).toBe(false);
  });

  it('is an error on a run without judge scores', async () => {
    const dir = tempDir();
    const { path } = fixtureDb(dir, 'self-instruct', singleTurn('instance', 3));
    await expect(exportRun({ dbPath: path, run: 'self-instruct', format: 'jsonl', out: join(dir, 'x.jsonl'), minScore: 1 })).rejects.toThrow(/--min-score: run "self-instruct" has no judge scores/);
  });

  it('puts the judge score, verdicts and parents in Parquet columns', async () => {
    const dir = tempDir();
    const { path, ids } = judged(dir);
    const db = openDb(path);
    db.prepare(`INSERT INTO lineage (child_id, parent_id, relation, position) VALUES (?, ?, 'backtranslated-from', 0)`).run(ids[3], ids[0]);
    db.close();
    await exportRun({ dbPath: path, run: 'backtranslation', format: 'parquet', out: join(dir, 'p.parquet'), withProvenance: true });
    const { rows } = await readWithHyparquet(join(dir, 'p.parquet'));
    expect(rows.map((r) => r.judge_score)).toEqual([2, 5, 4, null, null]);
    expect(rows[1]!.verdicts).toEqual([
      { filter: 'judge-iter2', passed: true, score: 5 },
      { filter: 'judge-iter1', passed: false, score: 3 },
    ]);
    expect(rows[4]!.verdicts).toEqual([]);
    expect(rows[2]!.parents).toEqual([{ id: ids[0], relation: 'backtranslated-from' }]);
    expect(rows.every((r) => r.call_id === null && r.run === 'backtranslation')).toBe(true);
    expect(readWithParquetWasm(join(dir, 'p.parquet')).rows).toEqual(rows);
  });
});

describe('errors and atomic writes', () => {
  it('a run with nothing to export is an error and writes no file', async () => {
    const dir = tempDir();
    const { path } = fixtureDb(dir, 'self-instruct', singleTurn('instance', 2, { status: 'rejected', reason: 'x' }));
    const out = join(dir, 'empty.jsonl');
    const err = await exportRun({ dbPath: path, run: 'self-instruct', format: 'jsonl', out }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExportError);
    expect((err as Error).message).toMatch(/no samples match \(kind instance, status accepted\).*the run has 2 rejected exportable samples/);
    expect(existsSync(out)).toBe(false);
    await expect(exportRun({ dbPath: path, run: 'nope', format: 'jsonl', out })).rejects.toThrow(/no run "nope" .*runs: self-instruct/);
    await expect(exportRun({ dbPath: join(dir, 'missing.db'), run: 'x', format: 'jsonl', out })).rejects.toThrow(/no such database/);
  });

  it('a failure halfway leaves the previous output untouched and no temporary file behind', async () => {
    const dir = tempDir();
    const samples: FixtureSample[] = [...singleTurn('conversation', 3000), conversation(1, 1)];
    const { path, ids } = fixtureDb(dir, 'self-chat', samples);
    const db = openDb(path);
    db.prepare(`UPDATE samples SET messages_json = '[{"role":"robot","content":"x"}]' WHERE id = ?`).run(ids[ids.length - 1]);
    db.close();
    for (const format of ['jsonl', 'parquet'] as const) {
      const out = join(dir, `out.${format}`);
      writeFileSync(out, 'previous');
      await expect(exportRun({ dbPath: path, run: 'self-chat', format, out, rowGroupSize: 500 })).rejects.toThrow(/sample \d+: message 0 is not/);
      expect(readFileSync(out, 'utf8')).toBe('previous');
    }
    await expect(exportRun({ dbPath: path, run: 'self-chat', format: 'hf', out: join(dir, 'hf'), rowGroupSize: 500 })).rejects.toThrow(/message 0/);
    expect(outputs(dir)).toEqual(['out.jsonl', 'out.parquet']);
  });

  it('a stored conversation that is not a JSON list is reported before anything is written', async () => {
    const dir = tempDir();
    const { path, ids } = fixtureDb(dir, 'self-chat', [conversation(0, 2), conversation(1, 2)]);
    const db = openDb(path);
    db.prepare(`UPDATE samples SET messages_json = '{"role": "user"' WHERE id = ?`).run(ids[1]);
    db.close();
    await expect(exportRun({ dbPath: path, run: 'self-chat', format: 'sharegpt', out: join(dir, 's.json') })).rejects.toThrow(
      new RegExp(`sample ${ids[1]}: messages_json is not a JSON list of messages; nothing was written`),
    );
    expect(outputs(dir)).toEqual([]);
  });

  it('never writes over the database it reads', async () => {
    const dir = tempDir();
    const { path } = fixtureDb(dir, 'self-instruct', singleTurn('instance', 2));
    await expect(exportRun({ dbPath: path, run: 'self-instruct', format: 'jsonl', out: path })).rejects.toThrow(/would overwrite the database/);
    await expect(exportRun({ dbPath: path, run: 'self-instruct', format: 'hf', out: dir, force: true })).rejects.toThrow(/would overwrite the database/);
    expect(existsSync(path)).toBe(true);
  });

  it('an abort (Ctrl-C) stops the export and removes what was being written', async () => {
    const dir = tempDir();
    const { path } = fixtureDb(dir, 'self-instruct', singleTurn('instance', 5000));
    const abort = new AbortController();
    const out = join(dir, 'big.jsonl');
    const p = exportRun({ dbPath: path, run: 'self-instruct', format: 'jsonl', out, signal: abort.signal, onProgress: (done) => done === 100 && abort.abort(new Error('SIGINT')) });
    await expect(p).rejects.toThrow(/SIGINT/);
    expect(outputs(dir)).toEqual([]);
  });

  it('hf refuses a non-empty folder unless forced, and then replaces it whole', async () => {
    const dir = tempDir();
    const { path } = fixtureDb(dir, 'self-instruct', singleTurn('instance', 4));
    const out = join(dir, 'hf');
    mkdirSync(out);
    writeFileSync(join(out, 'stale.txt'), 'x');
    await expect(exportRun({ dbPath: path, run: 'self-instruct', format: 'hf', out })).rejects.toThrow(/exists and is not empty \(use --force/);
    expect(readdirSync(out)).toEqual(['stale.txt']);
    await exportRun({ dbPath: path, run: 'self-instruct', format: 'hf', out, force: true });
    expect(readdirSync(out).sort()).toEqual(['README.md', 'data']);
    expect(readdirSync(join(out, 'data'))).toEqual(['train-00000-of-00001.parquet']);
    expect(outputs(dir)).toEqual(['hf']);
  });

  it('a split that gets no rows is not written, with a warning', async () => {
    const dir = tempDir();
    const { path } = fixtureDb(dir, 'self-instruct', singleTurn('instance', 1));
    const r = await exportRun({ dbPath: path, run: 'self-instruct', format: 'hf', out: join(dir, 'hf'), split: [{ name: 'train', fraction: 0.5 }, { name: 'test', fraction: 0.5 }] });
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/split "(train|test)" got no rows/);
    const { front } = parseCard(readFileSync(join(dir, 'hf', 'README.md'), 'utf8'));
    expect(front.configs[0].data_files).toHaveLength(1);
    expect(readdirSync(join(dir, 'hf', 'data'))).toHaveLength(1);
  });
});

describe('what never leaves the database', () => {
  it('credentials in a stored config stay out of the card, even if one had been stored', async () => {
    const dir = tempDir();
    const config = {
      name: 'leaky',
      method: 'self-instruct',
      teacher: { provider: 'openai', model: 'gpt-4o-mini', api_key_env: 'OPENAI_API_KEY', api_key: 'sk-live-0123456789abcdefghij', base_url: 'https://bob:hunter2@llm.example.com/v1' },
    };
    const { path } = fixtureDb(dir, 'self-instruct', singleTurn('instance', 3), { name: 'leaky', config });
    await exportRun({ dbPath: path, run: 'leaky', format: 'hf', out: join(dir, 'hf') });
    const card = readFileSync(join(dir, 'hf', 'README.md'), 'utf8');
    expect(card).not.toMatch(/api[-_]?key|sk-live|hunter2|bob:/i);
    expect(card).toContain('https://llm.example.com/v1');
    const { body } = parseCard(card);
    expect(body).toMatch(/`gpt-4o-mini` \(openai\)/);
    expect(body).toMatch(/provider's terms of use/);
  });

  it("uses the config's system prompt unless told otherwise", async () => {
    const dir = tempDir();
    const { path } = fixtureDb(dir, 'evol-instruct', singleTurn('evolved', 2), { config: { method: 'evol-instruct', teacher: { system_prompt: 'Be exact.' } } });
    const base = { dbPath: path, run: 'evol-instruct', format: 'openai' as const };
    await exportRun({ ...base, out: join(dir, 'a.jsonl') });
    expect((readJsonLines(join(dir, 'a.jsonl'))[0]!.messages as { role: string; content: string }[])[0]).toEqual({ role: 'system', content: 'Be exact.' });
    await exportRun({ ...base, out: join(dir, 'b.jsonl'), systemPrompt: false });
    expect((readJsonLines(join(dir, 'b.jsonl'))[0]!.messages as { role: string }[])[0]!.role).toBe('user');
    await exportRun({ ...base, out: join(dir, 'c.json'), format: 'alpaca', kinds: ['evolved'] });
    expect(Object.keys(readJsonArray(join(dir, 'c.json'))[0]!)).toEqual(['instruction', 'input', 'output']);
  });
});
