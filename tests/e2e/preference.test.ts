import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportPreferenceRun } from '../../src/export/preference-run.js';
import { exportRun } from '../../src/export/export.js';
import { checkDpoRows } from '../../src/export/preference.js';
import { describe, expect, it } from 'vitest';
import { stepRng } from '../../src/engine/rng.js';
import { renderAnswers } from '../../src/methods/preference/judge-order.js';
import { startFakeServer } from '../../src/fake-server/index.js';
import { openDb } from '../../src/store/db.js';
import { spawnCli } from '../support/child.js';
import { useFakeServer } from '../support/fake-server.js';
import { killAndResume } from '../support/kill-resume.js';
import { datasetOf, pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';

interface Pair {
  id: number;
  status: string;
  reason: string | null;
  prompt: string;
  output: string;
  meta: { mode: string; order?: number[]; orders?: number[][]; rankings?: number[][]; chosen?: number; rejected?: number; columns: { rejected: string }; teachers: string[]; agreement?: { top: boolean; full: boolean } };
  answers: { id: number; text: string; teacher: string; model: string; ratings: Record<string, number> }[];
}

/** Every pair with its K answers in stored order (the pair's links by position) and each answer's ratings. */
function pairsOf(db: string): Pair[] {
  const h = openDb(db, { readonly: true });
  try {
    const pairs = h.prepare(`SELECT id, status, reason, instruction, output, meta_json FROM samples WHERE kind = 'preference' ORDER BY id`).all() as { id: number; status: string; reason: string | null; instruction: string; output: string; meta_json: string }[];
    const links = h.prepare(`SELECT s.id, s.output, s.meta_json FROM lineage l JOIN samples s ON s.id = l.parent_id WHERE l.child_id = ? AND l.relation IN ('chosen', 'rejected', 'answer') ORDER BY l.position`);
    const ratings = h.prepare(`SELECT filter, score FROM verdicts WHERE sample_id = ? AND filter LIKE 'rating:%'`);
    return pairs.map((p) => ({
      id: p.id, status: p.status, reason: p.reason, prompt: p.instruction, output: p.output, meta: JSON.parse(p.meta_json),
      answers: (links.all(p.id) as { id: number; output: string; meta_json: string }[]).map((a) => {
        const m = JSON.parse(a.meta_json) as { teacher: string; model: string };
        const r = Object.fromEntries((ratings.all(a.id) as { filter: string; score: number }[]).map((v) => [v.filter.slice('rating:'.length), v.score]));
        return { id: a.id, text: a.output, teacher: m.teacher, model: m.model, ratings: r };
      }),
    }));
  } finally {
    h.close();
  }
}

function judgePrompts(db: string, stage: string): string[] {
  const h = openDb(db, { readonly: true });
  try {
    return (h.prepare(`SELECT request_json FROM calls WHERE stage = ?`).all(stage) as { request_json: string }[]).map((r) => {
      const q = JSON.parse(r.request_json) as { messages?: { role: string; content: string }[]; prompt?: string };
      return q.messages?.at(-1)?.content ?? q.prompt ?? '';
    });
  } finally {
    h.close();
  }
}

const small = { 'params.inputs.first': 12, 'params.wave_size': 4, 'limits.concurrency': 4 };

describe('preference pipelines end to end', () => {
  const fake = useFakeServer({ latencyMs: 5 });

  for (const [file, name] of [['ultrafeedback.yaml', 'ultrafeedback'], ['nectar.yaml', 'nectar'], ['spin.yaml', 'spin']] as const) {
    it(`${file}: the sim and the fake server (named teachers as model names on one server) give the same dataset`, async () => {
      const dir = tempDir();
      const sim = await run(pipeline(file, small), join(dir, 'sim.db'));
      expect(sim.status, sim.detail).toBe('completed');
      fake.server.reset();
      const http = await run(pipeline(file, small), join(dir, 'http.db'), fake.env());
      expect(http.status, http.detail).toBe('completed');
      expect(datasetOf(join(dir, 'http.db'), name)).toEqual(datasetOf(join(dir, 'sim.db'), name));
      const pairs = pairsOf(join(dir, 'http.db'));
      expect(pairs).toHaveLength(12);
      expect(pairs.filter((p) => p.status === 'accepted').length).toBeGreaterThan(6);
      for (const p of pairs.filter((x) => x.status === 'accepted')) {
        expect(p.meta.columns.rejected).not.toBe(p.output);
        expect(p.output.length).toBeGreaterThan(0);
      }
    });
  }

  it('UltraFeedback: the answers come from distinct teachers, the judge saw them in the stored order, and binarization follows the rule', async () => {
    const db = join(tempDir(), 'uf.db');
    const res = await run(pipeline('ultrafeedback.yaml', small), db, fake.env());
    expect(res.status, res.detail).toBe('completed');
    const prompts = judgePrompts(db, 'rate');
    const pairs = pairsOf(db);
    for (const p of pairs) {
      expect(p.answers).toHaveLength(4);
      expect(new Set(p.answers.map((a) => a.teacher)).size).toBe(4);
      // The texts differ: four models, four answers.
      expect(new Set(p.answers.map((a) => a.text)).size).toBeGreaterThan(1);
      // Each aspect's call showed the answers in the stored order `order` (order[i] = the stored answer shown i-th).
      const shown = renderAnswers(p.answers.map((a) => a.text), p.meta.order!);
      expect(prompts.filter((q) => q.includes(shown)).length).toBeGreaterThanOrEqual(4);
      if (p.status !== 'accepted') {
        expect(p.reason).toMatch(/all-tied|rating-format/);
        continue;
      }
      const means = p.answers.map((a) => Object.values(a.ratings).reduce((s, v) => s + v, 0) / Object.values(a.ratings).length);
      const best = Math.max(...means);
      expect(p.meta.chosen).toBe(means.indexOf(best)); // the highest mean, the lowest index on a tie
      expect(means[p.meta.rejected!]!).toBeLessThan(best);
      expect(p.output).toBe(p.answers[p.meta.chosen!]!.text);
      expect(p.meta.columns.rejected).toBe(p.answers[p.meta.rejected!]!.text);
    }

    // The exports: TRL's checks pass on both DPO forms, KTO has one row per side, reward rows carry every answer's ratings.
    const dir = tempDir();
    const read = (f: string) => readFileSync(join(dir, f), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const accepted = pairs.filter((p) => p.status === 'accepted');
    for (const format of ['dpo', 'dpo-chat', 'kto', 'prompt-completion', 'reward'] as const) exportPreferenceRun({ dbPath: db, run: 'ultrafeedback', format, out: join(dir, `${format}.jsonl`) });
    for (const f of ['dpo.jsonl', 'dpo-chat.jsonl']) {
      expect(read(f)).toHaveLength(accepted.length);
      expect(checkDpoRows(read(f))).toEqual([]);
    }
    expect(read('dpo.jsonl')[0]).toEqual({ prompt: accepted[0]!.prompt, chosen: accepted[0]!.output, rejected: accepted[0]!.meta.columns.rejected });
    expect(read('kto.jsonl')).toHaveLength(2 * accepted.length);
    const reward = read('reward.jsonl') as { completions: { teacher: string; ratings: Record<string, number>; mean: number }[] }[];
    expect(reward[0]!.completions).toHaveLength(4);
    expect(Object.keys(reward[0]!.completions[0]!.ratings).sort()).toEqual(['helpfulness', 'honesty', 'instruction_following', 'truthfulness']);

    // The Hugging Face folder: the chosen side as output, the rejected side and both teachers as features of their own.
    await exportRun({ dbPath: db, run: 'ultrafeedback', format: 'jsonl', out: join(dir, 'all.jsonl') });
    const full = read('all.jsonl') as { instruction: string; output: string; rejected: string; chosen_teacher: string }[];
    expect(full.map((r) => [r.instruction, r.output, r.rejected])).toEqual(accepted.map((p) => [p.prompt, p.output, p.meta.columns.rejected]));
    await exportRun({ dbPath: db, run: 'ultrafeedback', format: 'hf', out: join(dir, 'hf') });
    const card = readFileSync(join(dir, 'hf', 'README.md'), 'utf8');
    for (const f of ['rejected', 'chosen_teacher', 'rejected_teacher']) expect(card).toContain(`- name: ${f}`);
  });

  it('Nectar-style: two differently ordered rankings per prompt, kept only when they agree on the best answer', async () => {
    const db = join(tempDir(), 'n.db');
    const res = await run(pipeline('nectar.yaml', { ...small, 'params.inputs.first': 24 }), db, fake.env());
    expect(res.status, res.detail).toBe('completed');
    const pairs = pairsOf(db);
    const prompts = judgePrompts(db, 'rank');
    for (const p of pairs) {
      const [o1, o2] = p.meta.orders!;
      expect(o1).not.toEqual(o2);
      for (const o of [o1!, o2!]) expect(prompts.some((q) => q.includes(renderAnswers(p.answers.map((a) => a.text), o)))).toBe(true);
      const [r1, r2] = p.meta.rankings!;
      expect(p.status === 'accepted').toBe(r1![0] === r2![0]);
      if (p.status === 'accepted') expect(p.output).toBe(p.answers[r1![0]!]!.text);
      else expect(p.reason).toBe('position-bias');
    }
    expect(pairs.some((p) => p.status === 'rejected')).toBe(true);
  });

  it('SPIN: chosen is the reference from the file, rejected the student\'s answer to the same prompt, in SPIN\'s template', async () => {
    const db = join(tempDir(), 's.db');
    const res = await run(pipeline('spin.yaml', small), db, fake.env());
    expect(res.status, res.detail).toBe('completed');
    const sent = judgePrompts(db, 'generate');
    expect(sent).toHaveLength(12);
    for (const s of sent) expect(s).toMatch(/^### Instruction: [\s\S]+\n\n### Response: $/);
    const h = openDb(db, { readonly: true });
    const refs = (h.prepare(`SELECT meta_json FROM samples WHERE kind = 'source' ORDER BY id`).all() as { meta_json: string }[]).map((r) => JSON.parse(r.meta_json).fields.reference as string);
    h.close();
    const pairs = pairsOf(db);
    pairs.forEach((p, i) => {
      expect(p.output).toBe(refs[i]);
      expect(p.meta.columns.rejected).toBe(p.answers[0]!.text);
    });

    // The next iteration: another run on the new model, reading this run's prompts and references.
    const next = await run(pipeline('spin.yaml', { name: 'spin-iter1', 'teacher.model': 'zephyr-spin-iter0', 'params.inputs': { from_run: 'spin', columns: { prompt: 'instruction', reference: 'output' } } }), db, fake.env());
    expect(next.status, next.detail).toBe('completed');
    const h2 = openDb(db, { readonly: true });
    const carried = h2.prepare(`SELECT s.output FROM samples s JOIN runs r ON r.id = s.run_id WHERE r.name = 'spin-iter1' AND s.kind = 'preference' ORDER BY s.id`).all() as { output: string }[];
    const models = h2.prepare(`SELECT DISTINCT c.model FROM calls c JOIN runs r ON r.id = c.run_id WHERE r.name = 'spin-iter1'`).all() as { model: string }[];
    h2.close();
    expect(carried.map((c) => c.output)).toEqual(refs);
    expect(models.map((m) => m.model)).toEqual(['zephyr-spin-iter0']);
  });
});

describe('preference pipelines survive SIGKILL', () => {
  it('each: killed and resumed, the same dataset, no stored request sent again', async () => {
    const server = await startFakeServer({ latencyMs: 15 });
    try {
      const env = { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: server.url };
      for (const [file, name] of [['ultrafeedback.yaml', 'ultrafeedback'], ['nectar.yaml', 'nectar'], ['spin.yaml', 'spin']] as const) {
        const dir = tempDir();
        const args = (db: string) => ['run', `pipelines/${file}`, '--teacher', 'openai', '--db', db, '--concurrency', '2', '--set', 'params.wave_size=2', '--set', 'params.inputs.first=12'];
        const ref = spawnCli(args(join(dir, 'ref.db')), env);
        expect((await ref.exited).code, ref.stderr()).toBe(0);
        server.reset();
        const db = join(dir, 'kill.db');
        const rng = stepRng(7, 'kills', name);
        const kills = await killAndResume({ args: args(db), env, server, run: name, db, refDb: join(dir, 'ref.db'), delays: [0, 1, 2].map(() => rng.int(30, 150)) });
        expect(kills).toBeGreaterThan(0);
      }
    } finally {
      await server.close();
    }
  }, 240_000);
});
