/**
 * Evol-Instruct against a fake server that answers the evolve and equality stages the way chat
 * models do (tests/realistic/evol-answers.ts): in chat mode the accepted evolutions hold no
 * preamble, label or closing comment and every normalised answer is on record as a `chat-format`
 * verdict; in completion mode the same answers are read as the reference reads them.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stageExample } from '../../src/methods/registry.js';
import { normaliseEquality } from '../../src/methods/evol-instruct/chat-equality.js';
import { normaliseEvolution } from '../../src/methods/evol-instruct/chat-form.js';
import { evolveInBreadth, evolveInDepth, judgeEquality } from '../../src/methods/evol-instruct/stages.js';
import { openDb, type Db } from '../../src/store/db.js';
import { useFakeServer } from '../support/fake-server.js';
import { pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';
import { corpusExamples } from '../realistic/corpus.js';
import { EQUALITY_ANSWERS, EVOLVE_ANSWERS } from '../realistic/evol-answers.js';

const examples = corpusExamples(
  {
    [evolveInDepth.id]: EVOLVE_ANSWERS.filter((a) => a.variant === 'evolve-in-depth'),
    [evolveInBreadth.id]: EVOLVE_ANSWERS.filter((a) => a.variant === 'evolve-in-breadth'),
    [judgeEquality.id]: EQUALITY_ANSWERS,
  },
  stageExample,
);
const KEEP = new Set(EVOLVE_ANSWERS.map((a) => a.keep).filter((k) => k !== null));
/** Chatter at the start of the text, and chatter on any line (a line of the prompt may start with a fence or a heading). */
const CHATTER_START = /^(?:sure|here is|here's|certainly)\b|^\*\*|^#+ |^["“`]/i;
const CHATTER = /#(?:rewritten|created) prompt#|\b(?:rewritten|new|created) prompt:|i hope|let me know|changes made|explanation:|word count|^note: i\b/im;

interface Row {
  id: number;
  status: string;
  reason: string | null;
  instruction: string;
  raw: string;
  eq_raw: string | null;
}

function rows(db: Db, name: string): Row[] {
  return db
    .prepare(
      `SELECT s.id, s.status, s.reason, s.instruction, c.response_text raw, json_extract(s.meta_json, '$.equality_answer') eq_raw
         FROM samples s JOIN runs r ON r.id = s.run_id JOIN calls c ON c.id = s.call_id
        WHERE r.name = ? AND s.kind = 'evolved' ORDER BY s.id`,
    )
    .all(name) as Row[];
}

function chatFormat(db: Db, id: number): { stage?: string; edits: { habit: string; removed: string }[] }[] {
  return (db.prepare(`SELECT passed, detail_json d FROM verdicts WHERE sample_id = ? AND filter = 'chat-format' ORDER BY id`).all(id) as { passed: number; d: string }[]).map(
    (v) => {
      expect(v.passed).toBe(1);
      return JSON.parse(v.d);
    },
  );
}

const base = { 'params.inputs.limit': 24, 'params.rounds': 2, target: 1000, 'limits.concurrency': 4, 'teacher.provider': 'openai' };

describe('Evol-Instruct with chat-model answers', () => {
  const fake = useFakeServer({ examples });

  it('chat mode: accepted evolutions are bare prompts, and each normalised answer carries its chat-format verdict', async () => {
    const file = join(tempDir(), 'chat.db');
    const result = await run(pipeline('evol-instruct.yaml', { ...base, name: 'chat' }), file, fake.env());
    expect(result.status).toBe('completed');
    const db = openDb(file, { readonly: true });
    const all = rows(db, 'chat');
    const accepted = all.filter((r) => r.status === 'accepted');
    expect(accepted.length).toBeGreaterThan(0);
    for (const r of accepted) {
      expect(r.instruction).not.toMatch(CHATTER_START);
      expect(r.instruction).not.toMatch(CHATTER);
      expect(KEEP.has(r.instruction)).toBe(true);
    }
    // Some accepted evolutions came from framed answers: the normaliser is what let them through.
    const framed = accepted.filter((r) => r.raw.trim() !== r.instruction);
    expect(framed.length).toBeGreaterThan(0);
    let equalityEdits = 0;
    for (const r of all) {
      const verdicts = chatFormat(db, r.id);
      const own = verdicts.filter((v) => v.stage === undefined);
      const expected = normaliseEvolution(r.raw).edits.map((e) => e.habit);
      if (expected.length === 0) expect(own).toEqual([]);
      else expect(own.map((v) => v.edits.map((e) => e.habit))).toEqual([expected]);
      const eq = verdicts.filter((v) => v.stage === judgeEquality.name);
      if (r.eq_raw !== null) {
        const habits = normaliseEquality(r.eq_raw).edits.map((e) => e.habit);
        expect(eq.map((v) => v.edits.map((e) => e.habit))).toEqual(habits.length ? [habits] : []);
        equalityEdits += eq.length;
      } else expect(eq).toEqual([]);
    }
    expect(equalityEdits).toBeGreaterThan(0);
    // A marker word inside the prompt itself still fails rule 4.
    const leaked = all.filter((r) => r.raw.includes('#Given Prompt#'));
    expect(leaked.length).toBeGreaterThan(0);
    for (const r of leaked) expect(r.reason).toBe('marker-leak');
    db.close();
  });

  it('completion mode: the same answers are read as the reference reads them, with no chat-format verdict', async () => {
    const file = join(tempDir(), 'completion.db');
    const result = await run(pipeline('evol-instruct.yaml', { ...base, name: 'cm', 'teacher.mode': 'completion' }), file, fake.env());
    expect(result.status).toBe('completed');
    const db = openDb(file, { readonly: true });
    const all = rows(db, 'cm');
    expect(all.length).toBeGreaterThan(0);
    expect((db.prepare(`SELECT COUNT(*) n FROM verdicts WHERE filter = 'chat-format'`).get() as { n: number }).n).toBe(0);
    // Every evolution is the answer as written (trimmed): framed ones are rejected by rule 4 or kept with their chatter.
    for (const r of all) expect(r.instruction).toBe(r.raw.trim());
    expect(all.some((r) => r.reason === 'marker-leak' && /rewritten prompt|created prompt/i.test(r.raw) && normaliseEvolution(r.raw).edits.length > 0)).toBe(true);
    db.close();
  });
});
