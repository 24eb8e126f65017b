/**
 * Baize self-chat in chat mode against answers written as chat models write them
 * (tests/realistic/self-chat-answers.ts, one per request by a hash of its prompt): restated
 * openings, preambles, label variants and closing remarks must not reach the data, and a restated
 * "Hello!" must not make ROUGE-L reject every later conversation.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { stageExample } from '../../src/methods/registry.js';
import { openDb } from '../../src/store/db.js';
import { corpusExamples } from '../realistic/corpus.js';
import { ASSISTANT_TURNS, HUMAN_TURNS, TRANSCRIPTS } from '../realistic/self-chat-answers.js';
import { useFakeServer } from '../support/fake-server.js';
import { pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';

interface Conv {
  status: string;
  reason: string | null;
  messages: { role: string; content: string }[];
  verdicts: { filter: string; detail: { stage?: string; edits?: { habit: string }[] } | null }[];
}

function conversations(db: string): Conv[] {
  const h = openDb(db, { readonly: true });
  try {
    const rows = h.prepare(`SELECT id, status, reason, messages_json FROM samples WHERE kind = 'conversation' ORDER BY id`).all() as { id: number; status: string; reason: string | null; messages_json: string }[];
    return rows.map((r) => ({
      status: r.status,
      reason: r.reason,
      messages: JSON.parse(r.messages_json),
      verdicts: (h.prepare(`SELECT filter, detail_json FROM verdicts WHERE sample_id = ?`).all(r.id) as { filter: string; detail_json: string | null }[]).map((v) => ({
        filter: v.filter,
        detail: v.detail_json ? JSON.parse(v.detail_json) : null,
      })),
    }));
  } finally {
    h.close();
  }
}

/** A turn no careful reader keeps: the primed greeting, an opener, a label, bare markup, a remark about the transcript. */
const JUNK = /^[*:\s]*(?:hello|hi|hey)\b[^?]{0,12}$|^\*\*:|^(?:sure|okay|certainly|here(?:'s| is))\b.*:|^\*\*$|^\s*(?:\*\*)?\[?(?:human|ai|user|assistant)\]?(?:\*\*)?:|\b(?:this|the) conversation\b|^how can i help you\b/i;

const examples = corpusExamples({ 'self-chat/transcript': TRANSCRIPTS, 'self-chat/human-turn': HUMAN_TURNS, 'self-chat/assistant-turn': ASSISTANT_TURNS }, stageExample);

describe('self-chat in chat mode with realistic chat answers', () => {
  const fake = useFakeServer({ examples });
  const base = { target: 12, 'params.wave_size': 6, 'limits.concurrency': 4, 'teacher.provider': 'openai', 'params.topics.limit': 24 };

  it('transcript mode: several conversations accepted, none with junk turns, the changes on record', async () => {
    const dir = tempDir();
    const r = await run(pipeline('self-chat.yaml', { ...base, name: 'chat' }), join(dir, 'chat.db'), fake.env());
    expect(r.status).toBe('completed');
    const convs = conversations(join(dir, 'chat.db'));
    const accepted = convs.filter((c) => c.status === 'accepted');
    expect(accepted.length).toBeGreaterThanOrEqual(6);
    for (const c of accepted) {
      for (const m of c.messages) expect(m.content, m.content).not.toMatch(JUNK);
      expect(c.messages[0]!.role).toBe('user');
    }
    // What was undone is on the samples: the transcript stage named, its habits listed.
    const habits = new Set(convs.flatMap((c) => c.verdicts.filter((v) => v.filter === 'chat-format').flatMap((v) => (v.detail?.stage === 'transcript' ? v.detail.edits!.map((e) => e.habit) : []))));
    expect(habits).toContain('restated-opening');
    expect(habits).toContain('speaker-label');
    expect(habits).toContain('preamble');

    // The reference reading of the same answers: the restated "Hello!" is a first turn, and ROUGE-L rejects its repeats.
    fake.server.reset();
    await run(pipeline('self-chat.yaml', { ...base, name: 'chat', 'teacher.chat.normalise': false }), join(dir, 'ref.db'), fake.env());
    const ref = conversations(join(dir, 'ref.db'));
    expect(ref.some((c) => c.messages[0]?.content === 'Hello!')).toBe(true);
    expect(ref.filter((c) => c.status === 'accepted').some((c) => c.messages.some((m) => JUNK.test(m.content)))).toBe(true);
    expect(accepted.length).toBeGreaterThan(ref.filter((c) => c.status === 'accepted').length);
  });

  it('two-context mode: conversations accepted with clean turns and chat-format verdicts from both sides', async () => {
    const db = join(tempDir(), 'two.db');
    const r = await run(pipeline('self-chat.yaml', { ...base, name: 'two', 'params.mode': 'two-context', 'params.max_rounds': 3 }), db, fake.env());
    expect(r.status).toBe('completed');
    const convs = conversations(db);
    const accepted = convs.filter((c) => c.status === 'accepted');
    expect(accepted.length).toBeGreaterThanOrEqual(2);
    for (const c of accepted) for (const m of c.messages) expect(m.content, m.content).not.toMatch(JUNK);
    const stages = new Set(convs.flatMap((c) => c.verdicts.filter((v) => v.filter === 'chat-format').map((v) => v.detail?.stage)));
    expect(stages).toEqual(new Set(['human-turn', 'assistant-turn']));
  });

  it.each(['transcript', 'two-context'])('%s mode: a silently cut prompt rejects its conversation with the prompt-intact verdict', async (mode) => {
    const db = join(tempDir(), `cut-${mode}.db`);
    fake.server.reset();
    fake.server.setFaults({ script: [{ request: 1, kind: 'truncated_prompt' }] });
    const r = await run(pipeline('self-chat.yaml', { ...base, name: 'cut', 'params.mode': mode, 'params.max_rounds': 3, 'limits.concurrency': 1 }), db, fake.env());
    fake.server.setFaults(null);
    expect(r.status).toBe('completed');
    const convs = conversations(db);
    const flagged = convs.filter((c) => c.verdicts.some((v) => v.filter === 'prompt-intact'));
    expect(flagged).toHaveLength(1);
    expect(flagged[0]).toMatchObject({ status: 'rejected', reason: 'prompt-intact' });
    expect(convs.filter((c) => c.status === 'accepted').length).toBeGreaterThan(0);
  });

  it('two-context mode: the chat-format verdicts of live conversations survive a pause and resume', async () => {
    const dir = tempDir();
    const cfg = (o: Record<string, unknown>) => pipeline('self-chat.yaml', { ...base, name: 'r', 'params.mode': 'two-context', 'params.max_rounds': 3, ...o });
    fake.server.reset();
    await run(cfg({}), join(dir, 'ref.db'), fake.env());
    let last = await run(cfg({ 'budget.max_calls': 5 }), join(dir, 'r.db'), fake.env());
    expect(last.status).toBe('paused');
    for (let session = 2; last.status !== 'completed' && session < 40; session++) last = await run(cfg({ 'budget.max_calls': 5 * session }), join(dir, 'r.db'), fake.env());
    expect(last.status).toBe('completed');
    const resumed = conversations(join(dir, 'r.db'));
    expect(resumed).toEqual(conversations(join(dir, 'ref.db')));
    expect(resumed.some((c) => c.verdicts.filter((v) => v.filter === 'chat-format').length >= 2)).toBe(true);
    // The stored states did hold live conversations with verdicts, which the resumed sessions read back.
    const h = openDb(join(dir, 'r.db'), { readonly: true });
    const states = (h.prepare(`SELECT state_json FROM waves`).all() as { state_json: string }[]).map((w) => JSON.parse(w.state_json) as { live?: { verdicts?: unknown[] }[] });
    h.close();
    expect(states.some((st) => (st.live ?? []).some((c) => (c.verdicts ?? []).length > 0))).toBe(true);
  });
});
