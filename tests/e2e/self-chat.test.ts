import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDb } from '../../src/store/db.js';
import { simulate } from '../../src/teacher/sim/simulate.js';
import type { Teacher } from '../../src/teacher/types.js';
import { pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';
import { useFakeServer } from '../support/fake-server.js';

const base = { target: 8, 'params.wave_size': 4, 'limits.concurrency': 4 };
const twoContext = { ...base, 'params.mode': 'two-context', 'params.max_rounds': 3 };

interface Row {
  id: number;
  status: string;
  reason: string | null;
  instruction: string;
  messages_json: string;
  meta_json: string;
  call_id: number | null;
}

/** A run's conversations, comparable across databases (call ids left out). */
function conversations(db: string, name: string): unknown[] {
  const h = openDb(db, { readonly: true });
  try {
    return h
      .prepare(
        `SELECT s.wave, s.status, s.reason, s.instruction, s.messages_json, json_remove(s.meta_json, '$.call_ids') AS meta,
           (SELECT json_group_array(json_array(v.filter, v.passed, v.score)) FROM verdicts v WHERE v.sample_id = s.id) AS verdicts
         FROM samples s JOIN runs r ON r.id = s.run_id WHERE r.name = ? AND s.kind = 'conversation' ORDER BY s.id`,
      )
      .all(name);
  } finally {
    h.close();
  }
}

function checkConversations(db: string, minTurns: number): Row[] {
  const h = openDb(db, { readonly: true });
  const rows = h.prepare(`SELECT * FROM samples WHERE kind = 'conversation'`).all() as Row[];
  for (const r of rows) {
    const messages = JSON.parse(r.messages_json) as { role: string; content: string }[];
    const meta = JSON.parse(r.meta_json) as { turns: number; topic: string; mode: string; call_ids: number[] };
    expect(meta.turns).toBe(messages.filter((m) => m.role === 'assistant').length);
    expect(meta.call_ids).toHaveLength(messages.length);
    // The topic is a parent sample of its own, and the first user turn is the instruction.
    const topic = h.prepare(`SELECT d.instruction FROM lineage l JOIN samples d ON d.id = l.parent_id WHERE l.child_id = ? AND l.relation = 'from-topic'`).get(r.id) as { instruction: string };
    expect(topic.instruction).toBe(meta.topic);
    expect(r.instruction).toBe(messages[0]?.content ?? '');
    for (const id of meta.call_ids) expect(h.prepare(`SELECT response_text FROM calls WHERE id = ? AND status = 'ok'`).get(id)).toBeTruthy();
    if (r.status === 'accepted') {
      expect(meta.turns).toBeGreaterThanOrEqual(minTurns);
      messages.forEach((m, i) => {
        expect(m.role).toBe(i % 2 === 0 ? 'user' : 'assistant');
        expect(m.content.trim()).toBe(m.content);
        expect(m.content).not.toMatch(/\[(Human|AI)\]/);
        expect(m.content).not.toBe('');
      });
    } else {
      expect(r.reason).toBeTruthy();
    }
  }
  h.close();
  return rows;
}

describe('self-chat end to end', () => {
  const fake = useFakeServer();

  it('transcript mode: one call per topic, stored as message lists with turn counts', async () => {
    const db = join(tempDir(), 't.db');
    const r = await run(pipeline('self-chat.yaml', { ...base, 'teacher.provider': 'sim', name: 't' }), db);
    expect(r.status).toBe('completed');
    expect(r.stats.new).toBe(8);
    const rows = checkConversations(db, 2);
    expect(rows.filter((x) => x.status === 'accepted')).toHaveLength(8);
    const h = openDb(db, { readonly: true });
    const req = JSON.parse((h.prepare(`SELECT request_json FROM calls LIMIT 1`).get() as { request_json: string }).request_json);
    expect(req.messages.at(-1).content).toContain('The topic of the conversation is: How to keep a sourdough starter alive');
    h.close();
  });

  it('two-context mode gives the same conversations through the fake server as with sim', async () => {
    const dir = tempDir();
    const sim = await run(pipeline('self-chat.yaml', { ...twoContext, 'teacher.provider': 'sim', name: 'two' }), join(dir, 'sim.db'));
    fake.server.reset();
    const http = await run(pipeline('self-chat.yaml', { ...twoContext, 'teacher.provider': 'openai', name: 'two' }), join(dir, 'http.db'), fake.env());
    expect([sim.status, http.status]).toEqual(['completed', 'completed']);
    expect(conversations(join(dir, 'http.db'), 'two')).toEqual(conversations(join(dir, 'sim.db'), 'two'));
    const rows = checkConversations(join(dir, 'http.db'), 2);
    expect(rows.filter((x) => x.status === 'accepted').length).toBe(8);
    // Human turns stop before "[AI]"; the assistant answers in a context holding only the conversation.
    const h = openDb(join(dir, 'http.db'), { readonly: true });
    const human = JSON.parse((h.prepare(`SELECT request_json FROM calls WHERE stage = 'human-turn' LIMIT 1`).get() as { request_json: string }).request_json);
    expect(human.params.stop).toEqual(['[AI]']);
    const asks = h.prepare(`SELECT request_json FROM calls WHERE stage = 'assistant-turn'`).all() as { request_json: string }[];
    expect(asks.length).toBeGreaterThan(8);
    for (const a of asks) {
      const msgs = JSON.parse(a.request_json).messages as { role: string; content: string }[];
      expect(msgs.map((m) => m.role)).toEqual(msgs.map((_, i) => (i % 2 === 0 ? 'user' : 'assistant')));
      expect(msgs.length % 2).toBe(1);
    }
    h.close();
  });

  it('two-context mode pauses at a call budget, resumes from the last round, and ends with the uninterrupted dataset', async () => {
    const dir = tempDir();
    const cfg = (o: Record<string, unknown>) => pipeline('self-chat.yaml', { ...twoContext, 'teacher.provider': 'openai', name: 'b', ...o });
    await run(cfg({}), join(dir, 'ref.db'), fake.env());
    fake.server.reset();
    let last = await run(cfg({ 'budget.max_calls': 3 }), join(dir, 'b.db'), fake.env());
    expect(last.status).toBe('paused');
    let sessions = 1;
    while (last.status !== 'completed' && sessions < 40) {
      sessions++;
      last = await run(cfg({ 'budget.max_calls': 3 * sessions }), join(dir, 'b.db'), fake.env());
    }
    expect(last.status).toBe('completed');
    expect(sessions).toBeGreaterThan(4);
    expect(conversations(join(dir, 'b.db'), 'b')).toEqual(conversations(join(dir, 'ref.db'), 'b'));
    for (const [, v] of fake.server.stats.byContent) expect(v.received).toBe(1);
  });

  it('refuses to resume live two-context conversations in transcript mode', async () => {
    const db = join(tempDir(), 'm.db');
    const first = await run(pipeline('self-chat.yaml', { ...twoContext, 'teacher.provider': 'sim', name: 'm', 'budget.max_calls': 10 }), db);
    expect(first.status).toBe('paused');
    const second = await run(pipeline('self-chat.yaml', { ...base, 'teacher.provider': 'sim', name: 'm' }), db);
    expect(second.status).toBe('failed');
    expect(second.detail).toMatch(/in progress in two-context mode; resume with params\.mode "two-context"/);
  });

  it('rejects a conversation whose first user turn is in another language, and stops when the topics run out', async () => {
    const dir = tempDir();
    const topics = join(dir, 'topics.txt');
    writeFileSync(topics, 'Tide pools on a rocky coast\nCuidar un huerto en el balcón\nLearning to touch-type as an adult\n');
    const spanish =
      '[Human] Hola, quiero cultivar tomates y lechugas en el balcón de mi piso este verano. ¿Qué necesito para empezar?\n' +
      '[AI] Necesitas macetas con buen drenaje, tierra de calidad y un lugar con al menos seis horas de sol al día.\n' +
      '[Human] ¿Cada cuánto tiempo debo regar las plantas cuando hace mucho calor?\n' +
      '[AI] En pleno verano conviene regar cada mañana temprano, comprobando antes que la tierra esté seca.\n' +
      '[Human] Muchas gracias.';
    const teacher: Teacher = {
      provider: 'sim',
      model: 'distillery-sim-1',
      simulated: true,
      complete: async (req) => {
        const res = simulate(req);
        return req.messages?.some((m) => m.content.includes('huerto')) ? { ...res, text: spanish } : res;
      },
    };
    const db = join(dir, 'l.db');
    const r = await run(pipeline('self-chat.yaml', { ...base, target: 10, name: 'l', 'params.topics.path': topics }), db, {}, { teacher });
    expect(r.status).toBe('completed');
    expect(r.detail).toMatch(/all 3 topics used 1 time\(s\): 2 conversations accepted of target 10/);
    const h = openDb(db, { readonly: true });
    const rejected = h.prepare(`SELECT reason, instruction, json_extract(meta_json, '$.turns') AS turns FROM samples WHERE kind = 'conversation' AND status = 'rejected'`).all();
    expect(rejected).toEqual([{ reason: 'language', instruction: expect.stringMatching(/^Hola, quiero cultivar/), turns: 2 }]);
    const v = h.prepare(`SELECT detail_json FROM verdicts v JOIN samples s ON s.id = v.sample_id WHERE s.status = 'rejected' AND v.filter = 'language'`).get() as { detail_json: string };
    expect(JSON.parse(v.detail_json)).toMatchObject({ language: 'es', reliable: true, allowed: ['en'] });
    h.close();
  });
});
