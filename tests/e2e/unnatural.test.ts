import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stepRng } from '../../src/engine/rng.js';
import { exportRun } from '../../src/export/export.js';
import { openDb } from '../../src/store/db.js';
import { killAndResume } from '../support/kill-resume.js';
import { useFakeServer } from '../support/fake-server.js';
import { datasetOf, pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';

const base = { target: 12, 'params.wave_size': 4, 'params.reformulations': 2, 'limits.concurrency': 4 };

interface Row {
  id: number;
  kind: string;
  status: string;
  reason: string | null;
  instruction: string;
  input: string;
  output: string;
  meta_json: string;
  request_json: string;
}

function rows(db: string): Row[] {
  const h = openDb(db, { readonly: true });
  try {
    return h
      .prepare(`SELECT s.id, s.kind, s.status, s.reason, s.instruction, s.input, s.output, s.meta_json, c.request_json FROM samples s LEFT JOIN calls c ON c.id = s.call_id WHERE s.kind IN ('core', 'reformulation') ORDER BY s.id`)
      .all() as Row[];
  } finally {
    h.close();
  }
}

function parents(db: string, id: number): { parent_id: number; relation: string; kind: string; meta_json: string }[] {
  const h = openDb(db, { readonly: true });
  try {
    return h.prepare(`SELECT l.parent_id, l.relation, p.kind, p.meta_json FROM lineage l JOIN samples p ON p.id = l.parent_id WHERE l.child_id = ? ORDER BY l.position, l.parent_id`).all(id) as never;
  } finally {
    h.close();
  }
}

const promptOf = (r: Row) => {
  const req = JSON.parse(r.request_json) as { prompt?: string; messages?: { content: string }[] };
  return req.prompt ?? req.messages!.at(-1)!.content;
};

describe('unnatural instructions end to end', () => {
  const fake = useFakeServer({ latencyMs: 10 });

  it('the sim and the fake server give the same dataset; every example links to the demo set it was shown, every reformulation to its example', async () => {
    const dir = tempDir();
    const sim = await run(pipeline('unnatural.yaml', { ...base, 'teacher.provider': 'sim', name: 'u' }), join(dir, 'sim.db'));
    expect(sim.status).toBe('completed');
    fake.server.reset();
    const http = await run(pipeline('unnatural.yaml', { ...base, 'teacher.provider': 'openai', name: 'u' }), join(dir, 'http.db'), fake.env());
    expect(http.status, http.detail).toBe('completed');
    const db = join(dir, 'http.db');
    expect(datasetOf(db, 'u')).toEqual(datasetOf(join(dir, 'sim.db'), 'u'));

    const all = rows(db);
    const cores = all.filter((r) => r.kind === 'core');
    expect(cores.filter((r) => r.status === 'accepted').length).toBeGreaterThanOrEqual(12);
    for (const c of cores) {
      const meta = JSON.parse(c.meta_json) as { demo_set: number; constraints: string };
      const demos = parents(db, c.id);
      // Three demos of the one set drawn, shown as Example 1-3 in that order, Example 4 left open.
      expect(demos.map((d) => d.relation)).toEqual(['demo-in-prompt', 'demo-in-prompt', 'demo-in-prompt']);
      expect(demos.map((d) => (JSON.parse(d.meta_json) as { set: number }).set)).toEqual([meta.demo_set, meta.demo_set, meta.demo_set]);
      expect(promptOf(c)).toMatch(/^Example 1\nInstruction: [^\n]+\nInput: [^\n]+\nConstraints: [^\n]+\n\nExample 2\n[\s\S]*\n\nExample 4$/);
      if (c.status === 'accepted') {
        expect(meta.constraints).not.toBe('');
        expect(c.output).not.toBe('');
      }
    }
    // Sampling as the paper: nucleus p 0.99 for core examples, greedy outputs.
    const sent = (r: Row) => (JSON.parse(r.request_json) as { params: { top_p: number; temperature: number } }).params;
    expect(sent(cores[0]!).top_p).toBe(0.99);
    const h = openDb(db, { readonly: true });
    const outputReq = h.prepare(`SELECT request_json FROM calls WHERE stage = 'output' LIMIT 1`).get() as { request_json: string };
    h.close();
    expect(JSON.parse(outputReq.request_json)).toMatchObject({ params: { temperature: 0 } });
    expect(JSON.parse(outputReq.request_json).messages.at(-1).content).toMatch(/\nConstraints: [^\n]+\nOutput:\n?$/);

    const reformulations = all.filter((r) => r.kind === 'reformulation');
    expect(reformulations.length).toBe(cores.filter((c) => c.status === 'accepted').length * 2);
    for (const r of reformulations) {
      const [core] = parents(db, r.id);
      expect(core!.relation).toBe('reformulation-of');
      const c = cores.find((x) => x.id === core!.parent_id)!;
      expect(c.status).toBe('accepted');
      expect(r.output).toBe(c.output);
      const meta = JSON.parse(r.meta_json) as { template: string };
      if (r.status === 'accepted') {
        expect(meta.template.split('{INPUT}')).toHaveLength(2);
        expect(r.instruction).toBe(meta.template.replace('{INPUT}', c.input));
        expect(r.input).toBe('');
      }
    }
    expect(reformulations.some((r) => r.status === 'accepted')).toBe(true);

    // The full set: core examples and reformulations; constraints are not exported.
    const out = join(dir, 'u.jsonl');
    await exportRun({ dbPath: db, run: 'u', format: 'jsonl', out, kinds: ['core', 'reformulation'] });
    const exported = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(exported).toHaveLength(all.filter((r) => r.status === 'accepted').length);
    expect(JSON.stringify(exported)).not.toContain('Constraints:');
  });

  it('the dataset does not depend on how many waves are in flight', async () => {
    const dir = tempDir();
    const one = await run(pipeline('unnatural.yaml', { ...base, 'teacher.provider': 'sim', name: 'd', 'params.wave_depth': 1 }), join(dir, 'd1.db'));
    const four = await run(pipeline('unnatural.yaml', { ...base, 'teacher.provider': 'sim', name: 'd', 'params.wave_depth': 4 }), join(dir, 'd4.db'));
    expect(one.status).toBe('completed');
    expect(four.status).toBe('completed');
    expect(datasetOf(join(dir, 'd4.db'), 'd')).toEqual(datasetOf(join(dir, 'd1.db'), 'd'));
  });

  it('runs in completion mode, the paper\u2019s own: the prompt ends with the open example', async () => {
    const db = join(tempDir(), 'c.db');
    fake.server.reset();
    const r = await run(pipeline('unnatural.yaml', { ...base, target: 4, 'teacher.provider': 'openai', 'teacher.mode': 'completion', name: 'c' }), db, fake.env());
    expect(r.status, r.detail).toBe('completed');
    const core = rows(db).find((x) => x.kind === 'core')!;
    const req = JSON.parse(core.request_json) as { prompt: string; params: { stop: string[] } };
    expect(req.prompt.endsWith("\n\nExample 4")).toBe(true);
    expect(req.params.stop).toEqual(['Example 5']);
  });

  it('a bad demo file is named with its line and key before the first call', async () => {
    const dir = tempDir();
    const bad = join(dir, 'demos.jsonl');
    writeFileSync(bad, '{"set": 1, "instruction": "Name a colour.", "input": "sky", "constraints": "One word."}\n{"set": 1, "instruction": "Name a fruit.", "input": "red", "constraint": "One word."}\n');
    const r = run(pipeline('unnatural.yaml', { ...base, 'teacher.provider': 'sim', name: 'b', 'params.demos.path': bad, 'params.demos.per_prompt': 1 }), join(dir, 'b.db'));
    await expect(r).rejects.toThrow(/demos\.jsonl:2: key "(constraints|constraint)"/);
    expect(() => pipeline('unnatural.yaml', { 'judge.enabled': true })).toThrow(/judge/);
  });

  it('resumes after SIGKILL with the same dataset and no stored request sent again', async () => {
    const dir = tempDir();
    const env = fake.env();
    const ref = join(dir, 'ref.db');
    fake.server.reset();
    await run(pipeline('unnatural.yaml', { ...base, 'teacher.provider': 'openai', name: 'k' }), ref, env);
    fake.server.reset();
    const db = join(dir, 'k.db');
    const args = ['run', 'pipelines/unnatural.yaml', '--teacher', 'openai', '--db', db, '--target', '12', '--name', 'k', '--concurrency', '4', '--set', 'params.wave_size=4', '--set', 'params.reformulations=2'];
    const rng = stepRng(5, 'unnatural-kills');
    const kills = await killAndResume({ args, env, server: fake.server, run: 'k', db, refDb: ref, delays: Array.from({ length: 6 }, () => rng.int(0, 80)) });
    expect(kills).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
