import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stepRng } from '../../src/engine/rng.js';
import { exportRun } from '../../src/export/export.js';
import { openDb } from '../../src/store/db.js';
import { simulate } from '../../src/teacher/sim/simulate.js';
import type { Teacher } from '../../src/teacher/types.js';
import { killAndResume } from '../support/kill-resume.js';
import { useFakeServer } from '../support/fake-server.js';
import { REPO } from '../support/paths.js';
import { datasetOf, pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';

const base = { target: 10, 'params.wave_size': 4, 'limits.concurrency': 4 };
const template = (name: string) => readFileSync(join(REPO, 'prompts/ultrachat', name), 'utf8').replace(/\n$/, '');
const PERSONA = template('user-persona-v1.txt');
const REMINDER = template('user-reminder-v1.txt');

interface Msg {
  role: string;
  content: string;
}
interface Conv {
  id: number;
  status: string;
  reason: string | null;
  instruction: string;
  messages: Msg[];
  meta: { source: string; topic?: string; subtopic?: string; text_type?: string; rounds_planned: number; rounds_kept: number; ended: string; call_ids: (number | null)[] };
}

function conversations(db: string): Conv[] {
  const h = openDb(db, { readonly: true });
  try {
    const rows = h.prepare(`SELECT id, status, reason, instruction, messages_json, meta_json FROM samples WHERE kind = 'conversation' ORDER BY id`).all() as {
      id: number;
      status: string;
      reason: string | null;
      instruction: string;
      messages_json: string;
      meta_json: string;
    }[];
    return rows.map((r) => ({ ...r, messages: JSON.parse(r.messages_json) as Msg[], meta: JSON.parse(r.meta_json) as Conv['meta'] }));
  } finally {
    h.close();
  }
}

/** The chain of parents of a sample, by relation, up to its root: [[relation, kind, text], ...]. */
function lineage(db: string, id: number): [string, string, string][] {
  const h = openDb(db, { readonly: true });
  try {
    const out: [string, string, string][] = [];
    let at = id;
    for (;;) {
      const p = h.prepare(`SELECT l.relation, s.id, s.kind, s.instruction FROM lineage l JOIN samples s ON s.id = l.parent_id WHERE l.child_id = ?`).get(at) as
        | { relation: string; id: number; kind: string; instruction: string }
        | undefined;
      if (!p) return out;
      out.push([p.relation, p.kind, p.instruction]);
      at = p.id;
    }
  } finally {
    h.close();
  }
}

function checkConversation(c: Conv, rounds: { min: number; max: number }): void {
  expect(c.meta.rounds_planned).toBeGreaterThanOrEqual(rounds.min);
  expect(c.meta.rounds_planned).toBeLessThanOrEqual(rounds.max);
  expect(c.meta.rounds_kept).toBe(c.messages.filter((m) => m.role === 'assistant').length);
  expect(c.meta.call_ids).toHaveLength(c.messages.length);
  if (c.status !== 'accepted') return expect(c.reason).toBeTruthy();
  expect(c.meta.rounds_kept).toBeGreaterThanOrEqual(rounds.min);
  expect(c.messages[0]!.content).toBe(c.instruction);
  c.messages.forEach((m, i) => {
    expect(m.role).toBe(i % 2 === 0 ? 'user' : 'assistant');
    expect(m.content).not.toBe('');
  });
  if (c.meta.ended === 'planned-rounds') expect(c.meta.rounds_kept).toBe(c.meta.rounds_planned);
}

describe('ultrachat end to end', () => {
  const fake = useFakeServer({ latencyMs: 10 });

  it('topics: the sim and the fake server give the same dataset, with topic -> subtopic -> opener -> conversation lineage', async () => {
    const dir = tempDir();
    const sim = await run(pipeline('ultrachat.yaml', { ...base, 'teacher.provider': 'sim', name: 'u' }), join(dir, 'sim.db'));
    expect(sim.status).toBe('completed');
    fake.server.reset();
    const http = await run(pipeline('ultrachat.yaml', { ...base, 'teacher.provider': 'openai', name: 'u' }), join(dir, 'http.db'), fake.env());
    expect(http.status).toBe('completed');
    expect(datasetOf(join(dir, 'http.db'), 'u')).toEqual(datasetOf(join(dir, 'sim.db'), 'u'));

    const db = join(dir, 'http.db');
    const convs = conversations(db);
    expect(convs.filter((c) => c.status === 'accepted')).toHaveLength(10);
    for (const c of convs) checkConversation(c, { min: 3, max: 7 });
    expect(new Set(convs.map((c) => c.meta.rounds_planned)).size).toBeGreaterThan(1);
    const chain = lineage(db, convs[0]!.id);
    expect(chain.map(([rel, kind]) => [rel, kind])).toEqual([
      ['from-opener', 'opener'],
      ['from-subtopic', 'subtopic'],
      ['from-topic', 'topic'],
    ]);
    expect(chain[0]![2]).toBe(convs[0]!.instruction);
    expect(chain[1]![2]).toBe(convs[0]!.meta.subtopic);
    expect(chain[2]![2]).toBe(convs[0]!.meta.topic);

    // ShareGPT and OpenAI exports take the conversations.
    const out = join(dir, 'u.sharegpt.jsonl');
    await exportRun({ dbPath: db, run: 'u', format: 'sharegpt', out });
    const exported = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { conversations: { from: string; value: string }[] });
    expect(exported).toHaveLength(10);
    const accepted = convs.filter((c) => c.status === 'accepted');
    exported.forEach((e, i) => expect(e.conversations.map((m) => m.value)).toEqual(accepted[i]!.messages.map((m) => m.content)));
    const oai = join(dir, 'u.openai.jsonl');
    await exportRun({ dbPath: db, run: 'u', format: 'openai', out: oai });
    const first = JSON.parse(readFileSync(oai, 'utf8').split('\n')[0]!) as { messages: Msg[] };
    expect(first.messages.map((m) => m.role)).toEqual(accepted[0]!.messages.map((m) => m.role));
  });

  it("the simulator's requests carry the persona system message, the swapped transcript and the reminder; the assistant's carry teacher.system_prompt and neither of those", async () => {
    const db = join(tempDir(), 'p.db');
    await run(pipeline('ultrachat.yaml', { ...base, target: 4, 'teacher.provider': 'sim', name: 'p', 'teacher.system_prompt': 'You are a patient tutor.' }), db);
    const h = openDb(db, { readonly: true });
    const user = (h.prepare(`SELECT request_json FROM calls WHERE stage = 'user-turn'`).all() as { request_json: string }[]).map((r) => JSON.parse(r.request_json).messages as Msg[]);
    const assistant = (h.prepare(`SELECT request_json FROM calls WHERE stage = 'assistant-turn'`).all() as { request_json: string }[]).map((r) => JSON.parse(r.request_json).messages as Msg[]);
    const openers = new Set((h.prepare(`SELECT instruction FROM samples WHERE kind = 'opener'`).all() as { instruction: string }[]).map((r) => r.instruction));
    h.close();
    expect(user.length).toBeGreaterThan(4);
    for (const msgs of user) {
      expect(msgs[0]).toEqual({ role: 'system', content: PERSONA });
      // Its own turns (the opener first) are the assistant's; the assistant's replies are the user's.
      expect(msgs[1]!.role).toBe('assistant');
      expect(openers.has(msgs[1]!.content)).toBe(true);
      expect(msgs.slice(1).map((m) => m.role)).toEqual(msgs.slice(1).map((_, i) => (i % 2 === 0 ? 'assistant' : 'user')));
      expect(msgs.at(-1)!.role).toBe('user');
      expect(msgs.at(-1)!.content.endsWith(`\n\n${REMINDER}`)).toBe(true);
      expect(msgs.slice(0, -1).some((m) => m.content.includes(REMINDER))).toBe(false);
    }
    for (const msgs of user) expect(msgs.filter((m) => m.role === 'system')).toHaveLength(1);
    for (const msgs of assistant) {
      expect(msgs[0]).toEqual({ role: 'system', content: 'You are a patient tutor.' });
      const rest = msgs.slice(1);
      expect(rest.some((m) => m.role === 'system' || m.content.includes(REMINDER) || m.content.includes(PERSONA))).toBe(false);
      expect(rest.map((m) => m.role)).toEqual(rest.map((_, i) => (i % 2 === 0 ? 'user' : 'assistant')));
    }
    // The dataset holds the conversation only.
    for (const c of conversations(db)) expect(c.messages.some((m) => m.role === 'system')).toBe(false);
  });

  it('with goal_reminder, every reminder restates the opener (writing openers from the file, 2-4 rounds)', async () => {
    const db = join(tempDir(), 'g.db');
    const cfg = { ...base, target: 3, 'teacher.provider': 'sim', name: 'g', 'params.openers.source': 'file', 'params.goal_reminder': true, 'params.rounds': { min: 2, max: 4 } };
    expect((await run(pipeline('ultrachat.yaml', cfg), db)).status).toBe('completed');
    const h = openDb(db, { readonly: true });
    const user = (h.prepare(`SELECT request_json FROM calls WHERE stage = 'user-turn'`).all() as { request_json: string }[]).map((r) => JSON.parse(r.request_json).messages as Msg[]);
    h.close();
    expect(user.length).toBeGreaterThan(2);
    for (const msgs of user) {
      const opener = msgs[1]!.content;
      expect(msgs.at(-1)!.content.endsWith(`\n\n${REMINDER}\n(Your goal in this conversation is still: ${opener} Keep asking for what gets you there: a change, an addition, another version, or the next part.)`)).toBe(true);
    }
    for (const c of conversations(db)) checkConversation(c, { min: 2, max: 4 });
  });

  it('ends a conversation at a role-confused user turn and takes politeness out of the ones it keeps', async () => {
    // A teacher whose simulated user thanks before its second question and answers as the assistant at its third.
    const teacher: Teacher = {
      provider: 'sim',
      model: 'distillery-sim-1',
      simulated: true,
      complete: async (req, opts) => {
        const res = simulate(req, opts?.stage?.example);
        if (opts?.stage?.id !== 'ultrachat/user-turn') return res;
        const turns = req.messages!.filter((m) => m.role === 'assistant').length; // the simulator's own turns so far
        if (turns === 1) return { ...res, text: `Thank you so much, that was really helpful! ${res.text.replace(/^.*?(?=[A-Z][^.!]*\?)/s, '')}` };
        return { ...res, text: "Sure! Here's a quick summary of everything we covered:\n\n1. The basics\n2. The details\n\nI hope this helps!" };
      },
    };
    const db = join(tempDir(), 'f.db');
    const r = await run(pipeline('ultrachat.yaml', { ...base, target: 6, name: 'f', 'params.rounds': { min: 2, max: 4 } }), db, {}, { teacher });
    expect(r.status).toBe('completed');
    const convs = conversations(db);
    const h = openDb(db, { readonly: true });
    const verdict = (id: number, filter: string) =>
      h.prepare(`SELECT passed, detail_json FROM verdicts WHERE sample_id = ? AND filter = ?`).get(id, filter) as { passed: number; detail_json: string | null };
    for (const c of convs) {
      checkConversation(c, { min: 2, max: 4 });
      expect(c.meta.rounds_kept).toBe(2);
      expect(c.status).toBe('accepted');
      expect(c.messages[2]!.content).not.toMatch(/thank/i);
      const polite = JSON.parse(verdict(c.id, 'politeness').detail_json!) as { removed: { round: number; text: string }[] };
      expect(polite.removed).toEqual([{ round: 2, text: 'Thank you so much, that was really helpful!' }]);
      if (c.meta.rounds_planned === 2) expect(c.meta.ended).toBe('planned-rounds');
      else {
        expect(c.meta.ended).toBe('role-confusion');
        const rc = verdict(c.id, 'role-confusion');
        expect(rc.passed).toBe(1);
        expect(JSON.parse(rc.detail_json!)).toMatchObject({ round: 3, signal: 'offer', kept_rounds: 2 });
      }
    }
    h.close();
    expect(convs.some((c) => c.meta.ended === 'role-confusion')).toBe(true);
  });

  it('a simulator that always answers as the assistant stalls the run instead of spending every opener', async () => {
    const teacher: Teacher = {
      provider: 'sim',
      model: 'distillery-sim-1',
      simulated: true,
      complete: async (req, opts) => {
        const res = simulate(req, opts?.stage?.example);
        return opts?.stage?.id === 'ultrachat/user-turn' ? { ...res, text: 'As an AI language model, I can explain this in more detail for you.' } : res;
      },
    };
    const db = join(tempDir(), 's.db');
    const r = await run(pipeline('ultrachat.yaml', { ...base, name: 's' }), db, {}, { teacher });
    expect(r.status).toBe('failed');
    expect(r.detail).toMatch(/^stalled: 32 waves in a row accepted no new conversations/);
    const convs = conversations(db);
    expect(convs.length).toBeGreaterThan(20);
    expect(convs.every((c) => c.status === 'rejected' && c.reason === 'role-confusion' && c.meta.rounds_kept === 1)).toBe(true);
  });

  it('materials: openers are the fixed template of an instruction and its piece, 2-4 rounds', async () => {
    const db = join(tempDir(), 'm.db');
    const r = await run(pipeline('ultrachat.yaml', { ...base, target: 6, 'teacher.provider': 'sim', name: 'm', 'params.openers.source': 'materials' }), db);
    expect(r.status).toBe('completed');
    const convs = conversations(db);
    const h = openDb(db, { readonly: true });
    for (const c of convs) {
      checkConversation(c, { min: 2, max: 4 });
      const chain = lineage(db, c.id);
      expect(chain.map(([rel, kind]) => [rel, kind])).toEqual([
        ['from-opener', 'opener'],
        ['from-material', 'material'],
      ]);
      const opener = h.prepare(`SELECT meta_json FROM samples WHERE kind = 'opener' AND instruction = ?`).get(c.instruction) as { meta_json: string };
      const instruction = (JSON.parse(opener.meta_json) as { instruction: string }).instruction;
      expect(c.instruction).toBe(`${instruction}\n\nHere is the text:\n\n${chain[1]![2]}`);
      expect(c.meta.text_type).toBeTruthy();
    }
    h.close();
  });

  it('file: openers from a file; a bad line is named (file:line: key); a completion-mode teacher is refused before any call', async () => {
    const dir = tempDir();
    const good = join(dir, 'o.jsonl');
    writeFileSync(good, '{"opener": "Write a short poem about a heron at dawn."}\n{"opener": "Draft a note to a neighbour about a shared hedge."}\n');
    const r = await run(pipeline('ultrachat.yaml', { ...base, target: 2, 'teacher.provider': 'sim', name: 'o', 'params.openers.source': 'file', 'params.openers.file.path': good }), join(dir, 'o.db'));
    expect(r.status).toBe('completed');
    expect(conversations(join(dir, 'o.db')).map((c) => c.instruction).slice(0, 2)).toEqual(['Write a short poem about a heron at dawn.', 'Draft a note to a neighbour about a shared hedge.']);

    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"opener": "Write a haiku about fog."}\n{"opener": ""}\n');
    const b = run(pipeline('ultrachat.yaml', { ...base, 'teacher.provider': 'sim', name: 'b', 'params.openers.source': 'file', 'params.openers.file.path': bad }), join(dir, 'b.db'));
    await expect(b).rejects.toThrow(/bad\.jsonl:2: key "opener"/);
    const h = openDb(join(dir, 'b.db'), { readonly: true });
    expect((h.prepare(`SELECT count(*) AS n FROM calls`).get() as { n: number }).n).toBe(0);
    h.close();

    expect(() => pipeline('ultrachat.yaml', { 'teacher.mode': 'completion' })).toThrow(/key "teacher\.mode": ultrachat needs teacher\.mode "chat"/);
  });

  it('resumes after SIGKILL with the same dataset and no stored request sent again', async () => {
    const dir = tempDir();
    const env = fake.env();
    const ref = join(dir, 'ref.db');
    await run(pipeline('ultrachat.yaml', { ...base, 'teacher.provider': 'openai', name: 'k', 'params.wave_size': 3 }), ref, env);
    fake.server.reset();
    const db = join(dir, 'k.db');
    const args = ['run', 'pipelines/ultrachat.yaml', '--teacher', 'openai', '--db', db, '--target', '10', '--name', 'k', '--concurrency', '4', '--set', 'params.wave_size=3'];
    const rng = stepRng(5, 'ultrachat-kills');
    const kills = await killAndResume({ args, env, server: fake.server, run: 'k', db, refDb: ref, delays: Array.from({ length: 6 }, () => rng.int(20, 150)) });
    expect(kills).toBeGreaterThanOrEqual(2);
    const h = openDb(db, { readonly: true });
    expect((h.prepare(`SELECT COUNT(*) AS n FROM calls WHERE status = 'ok'`).get() as { n: number }).n).toBeGreaterThan(20);
    h.close();
  }, 90_000);
});
