/**
 * Backtranslation against the fake OpenAI server answering as chat models do: each self-augment
 * request gets a realistic answer from tests/realistic/backtranslation-answers.ts, each curation
 * request a realistic 5-point judgement. In chat mode the pairs hold what a careful reader keeps and
 * carry `chat-format` verdicts; in completion mode the same answers are read by the reference alone.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { stageExample } from '../../src/methods/registry.js';
import { parseBacktranslatedInstruction } from '../../src/methods/backtranslation/parse.js';
import { parseJudgeScore } from '../../src/filters/judge-score.js';
import { openDb, type Db } from '../../src/store/db.js';
import { CURATION_ANSWERS, SELF_AUGMENT_ANSWERS } from '../realistic/backtranslation-answers.js';
import { corpusExamples, type CorpusAnswer } from '../realistic/corpus.js';
import { useFakeServer } from '../support/fake-server.js';
import { pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';

const base = { target: 24, 'params.wave_size': 8, 'params.min_score': 4, 'teacher.provider': 'openai', name: 'btc' };
const JUNK = /^(?:sure|certainly|okay|here(?:'s| is) (?:a |an |the |what )?(?:possible|likely|instruction)|the user|a likely|based on|one possible|i think|instruction|possible instruction|user:)|\*\*|^#|^["“]|["”]$|\n|i hope|let me know|this instruction|explanation:/i;

interface PairRow {
  id: number;
  instruction: string;
  status: string;
  reason: string | null;
  response_text: string;
}
interface VerdictRow {
  filter: string;
  passed: number;
  score: number | null;
  detail_json: string | null;
}

/** The corpus answer a response was (the server may have cut it at a stop string). */
function answerOf<K>(corpus: readonly CorpusAnswer<K>[], response: string): CorpusAnswer<K> {
  const a = corpus.find((x) => x.text === response) ?? corpus.find((x) => response.length > 0 && x.text.startsWith(response));
  if (!a) throw new Error(`not a corpus answer: ${JSON.stringify(response)}`);
  return a;
}

function pairs(db: Db): PairRow[] {
  return db
    .prepare(`SELECT s.id, s.instruction, s.status, s.reason, c.response_text FROM samples s JOIN calls c ON c.id = s.call_id WHERE s.kind = 'pair' ORDER BY s.id`)
    .all() as PairRow[];
}

function verdicts(db: Db, id: number): VerdictRow[] {
  return db.prepare(`SELECT filter, passed, score, detail_json FROM verdicts WHERE sample_id = ? ORDER BY id`).all(id) as VerdictRow[];
}

describe('instruction backtranslation with chat answers', () => {
  const fake = useFakeServer({ examples: corpusExamples({ 'backtranslation/self-augment': SELF_AUGMENT_ANSWERS, 'judge/score': CURATION_ANSWERS }, stageExample) });

  it('chat mode: keeps what a reader keeps, no chatter in any pair, and records what was changed', async () => {
    const path = join(tempDir(), 'chat.db');
    const r = await run(pipeline('backtranslation.yaml', base), path, fake.env());
    expect(r.status).toBe('completed');
    const db = openDb(path, { readonly: true });
    const rows = pairs(db);
    expect(rows.length).toBe(24);
    let withEdits = 0;
    let judgeEdits = 0;
    for (const p of rows) {
      const a = answerOf(SELF_AUGMENT_ANSWERS, p.response_text);
      expect(p.instruction, p.response_text).toBe(a.keep);
      expect(p.instruction).not.toMatch(JUNK);
      const vs = verdicts(db, p.id);
      const own = vs.filter((v) => v.filter === 'chat-format' && !JSON.parse(v.detail_json!).stage);
      if (a.habits.length > 0) {
        withEdits++;
        expect(own, p.response_text).toHaveLength(1);
        const habits = (JSON.parse(own[0]!.detail_json!) as { edits: { habit: string }[] }).edits.map((e) => e.habit);
        expect(habits).toEqual(expect.arrayContaining(a.habits));
      }
      // Each curation answer: its score is the one a reader reads; its edits are on record under its stage.
      for (const iter of [1, 2]) {
        const v = vs.find((x) => x.filter === `judge-iter${iter}`)!;
        const raw = (JSON.parse(v.detail_json!) as { raw: string }).raw;
        const judged = answerOf(CURATION_ANSWERS, raw);
        expect(v.score, raw).toBe(judged.keep);
        const theirs = vs.filter((x) => x.filter === 'chat-format' && JSON.parse(x.detail_json!).stage === `curate-iter${iter}`);
        // A closing remark or a score in points is always undone, so always on record.
        if (judged.habits.includes('closing') || judged.habits.includes('points')) expect(theirs, raw).toHaveLength(1);
        if (judged.habits.length === 0) expect(theirs, raw).toEqual([]);
        judgeEdits += theirs.length;
      }
      if (p.status === 'accepted') expect(vs.find((x) => x.filter === 'judge-iter2')!.score).toBeGreaterThanOrEqual(4);
    }
    expect(withEdits).toBeGreaterThan(0);
    expect(judgeEdits).toBeGreaterThan(0);
    expect(rows.filter((p) => p.status === 'accepted').length).toBeGreaterThan(0);
    db.close();
  });

  it('completion mode: the same answers are read by the reference parsers alone, with no chat-format verdict', async () => {
    const path = join(tempDir(), 'completion.db');
    const r = await run(pipeline('backtranslation.yaml', { ...base, 'teacher.mode': 'completion' }), path, fake.env());
    expect(r.status).toBe('completed');
    const db = openDb(path, { readonly: true });
    const rows = pairs(db);
    expect(rows.length).toBe(24);
    for (const p of rows) {
      expect(p.instruction).toBe(parseBacktranslatedInstruction(p.response_text));
      const vs = verdicts(db, p.id);
      expect(vs.filter((v) => v.filter === 'chat-format')).toEqual([]);
      const v = vs.find((x) => x.filter === 'judge-iter1');
      if (v) expect(v.score).toBe(parseJudgeScore((JSON.parse(v.detail_json!) as { raw: string }).raw).score);
    }
    // The reference alone keeps some chatter the chat normaliser takes out.
    expect(rows.some((p) => JUNK.test(p.instruction))).toBe(true);
    db.close();
  });
  it('a silently cut self-augment prompt rejects its pair with a prompt-intact verdict', async () => {
    const path = join(tempDir(), 'cut.db');
    fake.server.reset();
    fake.server.setFaults({ script: [{ request: 1, kind: 'truncated_prompt' }] });
    const r = await run(pipeline('backtranslation.yaml', { ...base, 'limits.concurrency': 1 }), path, fake.env());
    fake.server.setFaults(null);
    expect(r.status).toBe('completed');
    const db = openDb(path, { readonly: true });
    const flagged = db
      .prepare(`SELECT s.status, s.reason, c.stage FROM samples s JOIN verdicts v ON v.sample_id = s.id JOIN calls c ON c.id = s.call_id WHERE v.filter = 'prompt-intact' AND v.passed = 0`)
      .all() as { status: string; reason: string; stage: string }[];
    db.close();
    expect(flagged).toEqual([{ status: 'rejected', reason: 'prompt-intact', stage: 'self-augment' }]);
  });
  it('answers cut at max_tokens: in chat mode only a pair whose instruction the answer went on past counts as complete', async () => {
    fake.server.reset();
    fake.server.setFaults({ rate: 1, kinds: ['length'] });
    const chat = join(tempDir(), 'len-chat.db');
    const completion = join(tempDir(), 'len-completion.db');
    await run(pipeline('backtranslation.yaml', { ...base, 'params.iterations': 1 }), chat, fake.env());
    await run(pipeline('backtranslation.yaml', { ...base, 'params.iterations': 1, 'teacher.mode': 'completion' }), completion, fake.env());
    fake.server.setFaults(null);
    const complete = (path: string) => {
      const db = openDb(path, { readonly: true });
      const out = db
        .prepare(`SELECT s.instruction, c.response_text, c.finish_reason, v.detail_json FROM samples s JOIN verdicts v ON v.sample_id = s.id AND v.filter = 'response-complete' JOIN calls c ON c.id = s.call_id WHERE s.kind = 'pair' AND v.passed = 1`)
        .all() as { instruction: string; response_text: string; finish_reason: string; detail_json: string | null }[];
      db.close();
      return out;
    };
    // The reference rejects every cut answer.
    expect(complete(completion)).toEqual([]);
    const whole = complete(chat);
    // Some corpus answers explain the instruction after it: cut in half, the instruction is still whole.
    expect(whole.length).toBeGreaterThan(0);
    for (const p of whole) {
      expect(p.finish_reason).toBe('length');
      expect(JSON.parse(p.detail_json!)).toMatchObject({ cut_after: 'instruction' });
      expect(p.instruction).toBe(answerOf(SELF_AUGMENT_ANSWERS, p.response_text).keep);
    }
  });
});
