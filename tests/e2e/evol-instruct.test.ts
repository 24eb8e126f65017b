import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { OPERATIONS } from '../../src/methods/evol-instruct/params.js';
import { openDb, type Db } from '../../src/store/db.js';
import { spawnCli } from '../support/child.js';
import { bundledData } from '../support/paths.js';
import { datasetOf, pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';
import { useFakeServer } from '../support/fake-server.js';
import { ScriptedEvolTeacher } from '../evol-instruct/scripted-teacher.js';

const small = { 'params.inputs.limit': 6, target: 1000, 'limits.concurrency': 4 };
const H2O = {
  'params.inputs.path': bundledData('evol_instruct_sample_h2o_wizardlm.json'),
  'params.inputs.instruction_field': 'input',
  'params.inputs.input_field': '',
  'params.inputs.limit': 0,
  'params.rounds': 2,
  target: 1000,
};

interface EvolRow {
  id: number;
  round: number;
  status: string;
  reason: string | null;
  instruction: string;
  output: string;
  op: string;
  root: number;
  parent: number;
  depth: number;
  eq_call: number | null;
  ans_call: number | null;
}

function evolved(db: Db, runName: string): EvolRow[] {
  return db
    .prepare(
      `SELECT s.id, s.round, s.status, s.reason, s.instruction, s.output,
         json_extract(s.meta_json, '$.operation') AS op, json_extract(s.meta_json, '$.root_id') AS root,
         json_extract(s.meta_json, '$.parent_id') AS parent, json_extract(s.meta_json, '$.depth') AS depth,
         json_extract(s.meta_json, '$.equality_call_id') AS eq_call, json_extract(s.meta_json, '$.answer_call_id') AS ans_call
       FROM samples s JOIN runs r ON r.id = s.run_id WHERE r.name = ? AND s.kind = 'evolved' ORDER BY s.id`,
    )
    .all(runName) as EvolRow[];
}

/** The README's query: a sample's chain back to its root, root first. */
function chainOf(db: Db, id: number): { id: number; kind: string; round: number; operation: string | null; status: string }[] {
  return db
    .prepare(
      `WITH RECURSIVE chain(id, step) AS (
         SELECT ?, 0
         UNION ALL
         SELECT l.parent_id, chain.step + 1 FROM lineage l JOIN chain ON l.child_id = chain.id AND l.relation = 'evolved-from'
       )
       SELECT s.id, s.kind, s.round, json_extract(s.meta_json, '$.operation') AS operation, s.status
         FROM chain JOIN samples s ON s.id = chain.id ORDER BY chain.step DESC`,
    )
    .all(id) as { id: number; kind: string; round: number; operation: string | null; status: string }[];
}

/** Structural checks every Evol-Instruct run must pass. */
function checkProvenance(db: Db, runName: string, rounds: number): EvolRow[] {
  const rows = evolved(db, runName);
  const runId = (db.prepare(`SELECT id FROM runs WHERE name = ?`).get(runName) as { id: number }).id;
  const waves = db.prepare(`SELECT wave, stage FROM waves WHERE run_id = ? ORDER BY wave`).all(runId) as { wave: number; stage: string }[];
  expect(waves).toEqual([{ wave: 0, stage: 'input' }, ...Array.from({ length: rounds }, (_, i) => ({ wave: i + 1, stage: 'evolve' }))]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const sources = new Set((db.prepare(`SELECT id FROM samples WHERE run_id = ? AND kind = 'source'`).all(runId) as { id: number }[]).map((s) => s.id));
  for (const r of rows) {
    expect(OPERATIONS).toContain(r.op);
    expect(sources.has(r.root)).toBe(true);
    // The parent is the root or an evolution accepted in an earlier round of the same chain.
    const parent = byId.get(r.parent);
    if (parent) {
      expect(parent.status).toBe('accepted');
      expect(parent.round).toBeLessThan(r.round);
      expect(parent.root).toBe(r.root);
      expect(r.depth).toBe(parent.depth + 1);
    } else {
      expect(r.parent).toBe(r.root);
      expect(r.depth).toBe(1);
    }
    const links = db.prepare(`SELECT relation, parent_id FROM lineage WHERE child_id = ? ORDER BY relation`).all(r.id);
    expect(links).toEqual([
      { relation: 'evolution-root', parent_id: r.root },
      { relation: 'evolved-from', parent_id: r.parent },
    ]);
    // A rejection names the rule that caught it, as its last verdict, which failed.
    const verdicts = db.prepare(`SELECT filter, passed FROM verdicts WHERE sample_id = ? ORDER BY id`).all(r.id) as { filter: string; passed: number }[];
    if (r.status === 'rejected') {
      expect(r.reason).toBeTruthy();
      expect(verdicts.at(-1)).toEqual({ filter: r.reason, passed: 0 });
      expect(verdicts.slice(0, -1).every((v) => v.passed === 1)).toBe(true);
    } else {
      expect(r.status).toBe('accepted');
      // In chat mode an answer the normaliser changed carries its chat-format verdicts first (evol-chat.test.ts).
      const chat = verdicts.findIndex((v) => v.filter !== 'chat-format');
      expect(verdicts.slice(chat).map((v) => v.filter)).not.toContain('chat-format');
      expect(verdicts.filter((v) => v.filter !== 'chat-format').map((v) => v.filter)).toEqual([
        'evolution-complete', 'empty-evolution', 'marker-leak', 'equal-to-parent', 'answer-complete', 'sorry-short', 'stopwords-only', 'rouge-l',
      ]);
      expect(verdicts.every((v) => v.passed === 1)).toBe(true);
      expect(r.output.length).toBeGreaterThan(0);
      expect(r.ans_call).not.toBeNull();
    }
    // The chain reads back to its root, one round per step.
    const chain = chainOf(db, r.id);
    expect(chain[0]).toMatchObject({ id: r.root, kind: 'source', round: 0 });
    expect(chain.at(-1)!.id).toBe(r.id);
    expect(chain).toHaveLength(r.depth + 1);
  }
  // The call that produced each evolution is stored with its prompt and raw answer.
  const orphans = db
    .prepare(`SELECT COUNT(*) n FROM samples s LEFT JOIN calls c ON c.id = s.call_id WHERE s.run_id = ? AND s.kind = 'evolved' AND (c.id IS NULL OR c.stage != 'evolve')`)
    .get(runId) as { n: number };
  expect(orphans.n).toBe(0);
  return rows;
}

describe('Evol-Instruct end to end', () => {
  const fake = useFakeServer();

  it('evolves seed tasks with sim over 4 rounds; chains, operations and verdicts are all in the database', async () => {
    const file = join(tempDir(), 'd.db');
    const result = await run(pipeline('evol-instruct.yaml', { ...small, 'teacher.provider': 'sim', name: 'ev' }), file);
    expect(result.status).toBe('completed');
    expect(result.detail).toMatch(/over 4 of 4 rounds from 6 inputs/);
    const db = openDb(file, { readonly: true });
    const rows = checkProvenance(db, 'ev', 4);
    // keep_parent: every chain is evolved once per round.
    for (let r = 1; r <= 4; r++) expect(rows.filter((x) => x.round === r)).toHaveLength(6);
    const accepted = rows.filter((r) => r.status === 'accepted');
    expect(accepted.length).toBeGreaterThan(6);
    expect(Math.max(...accepted.map((r) => r.depth))).toBeGreaterThanOrEqual(3);
    expect(new Set(rows.map((r) => r.op)).size).toBeGreaterThanOrEqual(4);
    const sources = db.prepare(`SELECT instruction, input, output, json_extract(meta_json, '$.origin') o FROM samples WHERE kind = 'source' ORDER BY id`).all() as { o: string; output: string }[];
    expect(sources).toHaveLength(6);
    expect(sources.every((s) => s.o === 'seeds' && s.output !== '')).toBe(true);
    db.close();
  });

  it('every elimination rule fires and is stored with its rule; failed parents are evolved again (keep_parent)', async () => {
    const dir = tempDir();
    const orchard = 'Describe the orchard in spring and name two fruit trees that blossom first.';
    const inputs = [
      'Plan a spring display of tulip beds for a small city park.',
      'Describe how to descale a kettle with household vinegar.',
      'Suggest a weekly practice routine for a beginner violin student.',
      'Explain how a glacier carves a valley over thousands of years.',
      'Write a short history of the lighthouse keepers on a rocky coast.',
      'List the safety checks a harbor pilot makes before boarding a ship.',
      orchard,
    ];
    writeFileSync(join(dir, 'in.jsonl'), inputs.map((instruction) => JSON.stringify({ instruction })).join('\n'));
    const teacher = new ScriptedEvolTeacher(orchard);
    // Completion mode, the reference's reading: in chat mode the tulip's leading "#Rewritten Prompt#:"
    // is a frame label the normaliser takes off (evol-chat.test.ts), so rule 4 would not fire on it.
    const cfg = (o: Record<string, unknown>) =>
      pipeline('evol-instruct.yaml', { 'params.inputs.path': join(dir, 'in.jsonl'), 'params.inputs.limit': 0, target: 1000, 'params.operations.in_breadth': 0, 'teacher.mode': 'completion', ...o });
    const result = await run(cfg({ name: 'rules' }), join(dir, 'd.db'), {}, { teacher });
    expect(result.status).toBe('completed');
    const db = openDb(join(dir, 'd.db'), { readonly: true });
    const rows = checkProvenance(db, 'rules', 4);
    const reasonsOf = (word: string) => rows.filter((r) => r.instruction.includes(word) || (word === 'harbor' && r.instruction === orchard)).map((r) => r.reason);
    expect(reasonsOf('tulip')).toEqual(Array(4).fill('marker-leak'));
    expect(reasonsOf('kettle')).toEqual(Array(4).fill('equal-to-parent'));
    expect(reasonsOf('violin')).toEqual(Array(4).fill('equal-to-parent'));
    expect(reasonsOf('glacier')).toEqual(Array(4).fill('sorry-short'));
    expect(reasonsOf('lighthouse')).toEqual(Array(4).fill('stopwords-only'));
    expect(reasonsOf('harbor')).toEqual(Array(4).fill('rouge-l'));
    const orchardChain = rows.filter((r) => r.instruction.startsWith(orchard) && r.instruction !== orchard);
    expect(orchardChain.map((r) => [r.round, r.status, r.depth])).toEqual([
      [1, 'accepted', 1],
      [2, 'accepted', 2],
      [3, 'accepted', 3],
      [4, 'accepted', 4],
    ]);
    // Failed evolutions leave their parent (here the root) to be evolved again next round.
    for (const r of rows.filter((x) => x.status === 'rejected')) expect(r.parent).toBe(r.root);
    // Checks stop at the first failure: no equality or answer call is paid for a leak, a copy or an
    // identical rewrite, and no answer for an evolution judged equal.
    const detail = (id: number, filter: string) =>
      JSON.parse((db.prepare(`SELECT detail_json d FROM verdicts WHERE sample_id = ? AND filter = ?`).get(id, filter) as { d: string }).d) as Record<string, unknown>;
    for (const r of rows) {
      if (['marker-leak', 'rouge-l'].includes(r.reason ?? '') || (r.reason === 'equal-to-parent' && r.instruction.includes('kettle'))) {
        expect([r.eq_call, r.ans_call]).toEqual([null, null]);
      }
      if (r.instruction.includes('violin')) expect([r.eq_call === null, r.ans_call]).toEqual([false, null]);
    }
    const first = (word: string) => rows.find((r) => r.instruction.includes(word))!;
    expect(detail(first('tulip').id, 'marker-leak')).toEqual({ phrases: ['#Rewritten Prompt#', 'rewritten prompt'] });
    expect(detail(first('kettle').id, 'equal-to-parent')).toEqual({ judged_by: 'identical-text' });
    expect(detail(first('violin').id, 'equal-to-parent')).toMatchObject({ judged_by: 'teacher', answer: 'Equal', parsed: 'equal' });
    expect(detail(first('glacier').id, 'sorry-short')).toMatchObject({ contains_sorry: true, words: 10 });
    const copy = rows.find((r) => r.reason === 'rouge-l')!;
    const rouge = db.prepare(`SELECT score, detail_json d FROM verdicts WHERE sample_id = ? AND filter = 'rouge-l'`).get(copy.id) as { score: number; d: string };
    expect(rouge.score).toBe(1);
    expect(JSON.parse(rouge.d)).toMatchObject({ most_similar: orchard, checked: 'before-answer' });
    // 7 rewrites, 4 equality checks (not for the leak, the identical text, the copy), 3 answers, per round.
    const perStage = db.prepare(`SELECT stage, COUNT(*) n FROM calls GROUP BY stage ORDER BY stage`).all();
    expect(perStage).toEqual([
      { stage: 'answer', n: 12 },
      { stage: 'evolve', n: 28 },
      { stage: 'judge-equality', n: 16 },
    ]);
    db.close();

    // drop_parent: a failed evolution ends its chain; only the orchard goes on after round 1.
    const dropped = await run(cfg({ name: 'rules-drop', 'params.on_failure': 'drop_parent' }), join(dir, 'd.db'), {}, { teacher: new ScriptedEvolTeacher(orchard) });
    expect(dropped.status).toBe('completed');
    const db2 = openDb(join(dir, 'd.db'), { readonly: true });
    const rows2 = checkProvenance(db2, 'rules-drop', 4);
    expect([1, 2, 3, 4].map((r) => rows2.filter((x) => x.round === r).length)).toEqual([7, 1, 1, 1]);
    db2.close();
  });

  it('applies the common LLM judge to evolutions that pass every rule', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'in.jsonl'), `${JSON.stringify({ instruction: 'Describe the orchard in spring.' })}\n`);
    const teacher = new ScriptedEvolTeacher('');
    const cfg = pipeline('evol-instruct.yaml', { name: 'judged', 'params.inputs.path': join(dir, 'in.jsonl'), 'params.rounds': 1, 'judge.enabled': true });
    expect((await run(cfg, join(dir, 'd.db'), {}, { teacher })).status).toBe('completed');
    const db = openDb(join(dir, 'd.db'), { readonly: true });
    const [only] = evolved(db, 'judged');
    // The scripted teacher gives no score, so the judge rejects.
    expect(only).toMatchObject({ status: 'rejected', reason: 'judge' });
    expect(db.prepare(`SELECT stage, COUNT(*) n FROM calls WHERE stage = 'judge' GROUP BY stage`).all()).toEqual([{ stage: 'judge', n: 1 }]);
    const v = db.prepare(`SELECT passed, detail_json d FROM verdicts WHERE sample_id = ? AND filter = 'judge'`).get(only!.id) as { passed: number; d: string };
    expect(v.passed).toBe(0);
    expect(JSON.parse(v.d)).toMatchObject({ parse: 'missing', min_score: 4 });
    db.close();
  });

  it('evolves the real h2o-wizardlm prompts through the fake server exactly as with sim, at any concurrency', async () => {
    const dir = tempDir();
    const simDb = join(dir, 'sim.db');
    const httpDb = join(dir, 'http.db');
    await run(pipeline('evol-instruct.yaml', { ...H2O, 'teacher.provider': 'sim', name: 'h2o', 'limits.concurrency': 1 }), simDb);
    const r = await run(pipeline('evol-instruct.yaml', { ...H2O, 'teacher.provider': 'openai', name: 'h2o', 'limits.concurrency': 16 }), httpDb, fake.env());
    expect(r.status).toBe('completed');
    expect(r.run.provider).toBe('openai');
    expect(datasetOf(httpDb, 'h2o')).toEqual(datasetOf(simDb, 'h2o'));
    const db = openDb(httpDb, { readonly: true });
    const rows = checkProvenance(db, 'h2o', 2);
    expect(rows).toHaveLength(122); // 61 chains, each evolved once per round
    // The sim teacher's own faults provoke rules 1 (both ways), 2 and 4 on these real prompts.
    const reasons = new Set(rows.map((x) => x.reason));
    for (const rule of ['equal-to-parent', 'sorry-short', 'marker-leak']) expect(reasons).toContain(rule);
    const judgedBy = db
      .prepare(`SELECT DISTINCT json_extract(detail_json, '$.judged_by') j FROM verdicts WHERE filter = 'equal-to-parent' AND passed = 0 ORDER BY j`)
      .all() as { j: string }[];
    expect(judgedBy.map((x) => x.j)).toEqual(['identical-text', 'teacher']);
    // The sources keep the sample's own answers (six are empty).
    const sourceOutputs = db.prepare(`SELECT output FROM samples WHERE kind = 'source'`).all() as { output: string }[];
    expect(sourceOutputs).toHaveLength(61);
    expect(sourceOutputs.filter((s) => s.output === '')).toHaveLength(6);
    db.close();
  });

  it('pauses at a call budget, resumes without resending, and ends with the uninterrupted dataset', async () => {
    const dir = tempDir();
    const env = fake.env();
    const cfg = (o: Record<string, unknown>) => pipeline('evol-instruct.yaml', { ...small, 'params.rounds': 3, 'teacher.provider': 'openai', name: 'b', ...o });
    await run(cfg({}), join(dir, 'ref.db'), env);
    fake.server.reset();
    let sessions = 1;
    let last = await run(cfg({ 'budget.max_calls': 5 }), join(dir, 'b.db'), env);
    expect(last.status).toBe('paused');
    while (last.status !== 'completed' && sessions < 40) {
      sessions++;
      last = await run(cfg({ 'budget.max_calls': 5 * sessions }), join(dir, 'b.db'), env);
      expect(last.resumed).toBe(true);
    }
    expect(last.status).toBe('completed');
    expect(sessions).toBeGreaterThan(3);
    expect(datasetOf(join(dir, 'b.db'), 'b')).toEqual(datasetOf(join(dir, 'ref.db'), 'b'));
    for (const [, v] of fake.server.stats.byContent) expect(v.received).toBe(1);
  });

  it('evolves the accepted output of a Self-Instruct run (--from-run), linking each input to its origin', async () => {
    const dir = tempDir();
    const file = join(dir, 'd.db');
    await run(pipeline('self-instruct.yaml', { target: 6, 'params.wave_size': 2, 'teacher.provider': 'sim', name: 'si' }), file);
    const result = await run(pipeline('evol-instruct.yaml', { ...small, 'teacher.provider': 'sim', name: 'ev-si', 'params.inputs.from_run': 'si' }), file);
    expect(result.status).toBe('completed');
    const db = openDb(file, { readonly: true });
    checkProvenance(db, 'ev-si', 4);
    // Each input is one of the Self-Instruct run's accepted instructions, linked to it.
    const links = db
      .prepare(
        `SELECT o.kind, o.status, o.instruction = s.instruction same, r.name FROM samples s JOIN runs e ON e.id = s.run_id AND e.name = 'ev-si'
           JOIN lineage l ON l.child_id = s.id AND l.relation = 'imported-from' JOIN samples o ON o.id = l.parent_id JOIN runs r ON r.id = o.run_id
         WHERE s.kind = 'source'`,
      )
      .all();
    expect(links).toEqual(Array(6).fill({ kind: 'instruction', status: 'accepted', same: 1, name: 'si' }));
    // A chain reads back across the two runs: evolution -> ... -> source -> Self-Instruct instruction.
    const deepest = evolved(db, 'ev-si').filter((r) => r.status === 'accepted').sort((a, b) => b.depth - a.depth)[0]!;
    const origin = db
      .prepare(`SELECT r.name FROM lineage l JOIN samples o ON o.id = l.parent_id JOIN runs r ON r.id = o.run_id WHERE l.child_id = ? AND l.relation = 'imported-from'`)
      .get(deepest.root);
    expect(origin).toEqual({ name: 'si' });
    db.close();

    // Instances instead of instructions: the input is appended to the instruction on a new line.
    await run(pipeline('evol-instruct.yaml', { ...small, 'params.rounds': 1, 'teacher.provider': 'sim', name: 'ev-inst', 'params.inputs.from_run': 'si', 'params.inputs.from_kind': 'instance' }), file);
    const db2 = openDb(file, { readonly: true });
    const withInput = db2
      .prepare(`SELECT s.instruction, s.input, c.request_json FROM samples s JOIN runs r ON r.id = s.run_id AND r.name = 'ev-inst' JOIN samples e ON json_extract(e.meta_json, '$.parent_id') = s.id JOIN calls c ON c.id = e.call_id WHERE s.kind = 'source' AND s.input != '' LIMIT 1`)
      .get() as { instruction: string; input: string; request_json: string } | undefined;
    expect(withInput).toBeDefined();
    expect(JSON.parse(withInput!.request_json).messages[0].content).toContain(`${withInput!.instruction.trim()}\n${withInput!.input.trim()}`);
    db2.close();

    // A name that is no run is one clear error naming the key.
    const bad = run(pipeline('evol-instruct.yaml', { ...small, 'teacher.provider': 'sim', name: 'ev-bad', 'params.inputs.from_run': 'nope' }), file);
    await expect(bad).rejects.toThrow(ConfigError);
    await expect(bad).rejects.toThrow(/key "params\.inputs\.from_run": no run named "nope"/);
  });

  it('the CLI takes --from-run NAME', async () => {
    const dir = tempDir();
    const file = join(dir, 'd.db');
    await run(pipeline('self-instruct.yaml', { target: 4, 'params.wave_size': 2, 'teacher.provider': 'sim', name: 'si' }), file);
    const child = spawnCli(['run', 'pipelines/evol-instruct.yaml', '--teacher', 'sim', '--db', file, '--from-run', 'si', '--name', 'from-cli']);
    const { code } = await child.exited;
    expect(child.stderr()).not.toMatch(/error/);
    expect(code).toBe(0);
    expect(child.stdout()).toMatch(/run "from-cli" \(id 2\): completed: \d+ evolved instructions accepted over 4 of 4 rounds/);
    const db = openDb(file, { readonly: true });
    const origin = db.prepare(`SELECT DISTINCT json_extract(meta_json, '$.from_run') r FROM samples WHERE kind = 'source' AND run_id = 2`).all();
    expect(origin).toEqual([{ r: 'si' }]);
    db.close();
    // With a Self-Instruct pipeline the option is an unknown key, said as such.
    const wrong = spawnCli(['run', 'pipelines/self-instruct.yaml', '--teacher', 'sim', '--db', file, '--from-run', 'si', '--name', 'x']);
    expect((await wrong.exited).code).toBe(2);
    expect(wrong.stderr()).toMatch(/key "params\.inputs": unknown key/);
  });
});
