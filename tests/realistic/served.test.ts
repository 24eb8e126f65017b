/**
 * Self-Instruct and Alpaca run end to end in chat mode through the real client against the fake
 * server, every stage answered with realistic corpus answers (stop strings and max_tokens applied
 * by the server, as a real one does): the accepted dataset is what a careful reader keeps from
 * them, with no chatter or markup, and samples carry the `chat-format` verdicts of what was changed.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stageExample } from '../../src/methods/registry.js';
import { openDb } from '../../src/store/db.js';
import { pythonCapitalize } from '../../src/util/text.js';
import { useFakeServer } from '../support/fake-server.js';
import { pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';
import { ALPACA_ANSWERS, CLASSIFY_ANSWERS } from './classify-and-alpaca.js';
import { corpusExamples, type CorpusAnswer } from './corpus.js';
import { CLASSIFICATION_INSTANCES, GENERATION_INSTANCES } from './instance-answers.js';
import { INSTRUCTION_LISTS } from './self-instruct-lists.js';

/** The server cannot say an answer was cut, so answers written as cut off are left out. */
const whole = <T extends CorpusAnswer>(c: readonly T[]): T[] => c.filter((a) => a.finish !== 'length');

const JUNK = /\*\*|^#{1,6}\s|^(?:sure|certainly|here are|i hope|let me know if|feel free|note:|task:|input:|output:)|\n\s*\n\s*(?:i hope|let me know|feel free)|^(?:none|n\/a)$/im;

interface Row {
  kind: string;
  instruction: string;
  input: string | null;
  output: string | null;
  verdicts: string;
}

function accepted(db: string): Row[] {
  const h = openDb(db, { readonly: true });
  try {
    return h
      .prepare(
        `SELECT s.kind, s.instruction, s.input, s.output,
           (SELECT json_group_array(json_object('filter', v.filter, 'detail', json(v.detail_json))) FROM verdicts v WHERE v.sample_id = s.id) AS verdicts
         FROM samples s WHERE s.status = 'accepted' AND s.kind != 'seed' ORDER BY s.id`,
      )
      .all() as Row[];
  } finally {
    h.close();
  }
}

const chatFormat = (r: Row): { filter: string; detail: { edits: { habit: string }[] } }[] =>
  (JSON.parse(r.verdicts) as { filter: string; detail: { edits: { habit: string }[] } }[]).filter((v) => v.filter === 'chat-format');

describe('served end to end: Self-Instruct in chat mode on realistic answers', () => {
  const fake = useFakeServer({
    examples: corpusExamples(
      {
        'self-instruct/generate-instructions': whole(INSTRUCTION_LISTS),
        'self-instruct/classify': CLASSIFY_ANSWERS,
        'self-instruct/instances-output-first': whole(CLASSIFICATION_INSTANCES),
        'self-instruct/instances-input-first': whole(GENERATION_INSTANCES),
      },
      stageExample,
    ),
  });

  it('accepts only what a reader keeps, with chat-format verdicts on the samples it normalised', async () => {
    const db = join(tempDir(), 'si.db');
    const r = await run(pipeline('self-instruct.yaml', { target: 8, 'params.wave_size': 4, 'limits.concurrency': 2, 'teacher.provider': 'openai', 'teacher.mode': 'chat', name: 'served' }), db, fake.env());
    expect(r.status).toBe('completed');
    const rows = accepted(db);
    const instructions = rows.filter((x) => x.kind === 'instruction');
    const instances = rows.filter((x) => x.kind === 'instance');
    expect(instructions.length).toBeGreaterThanOrEqual(8);
    expect(instances.length).toBeGreaterThan(0);

    // Every accepted instruction is one a reader keeps from some answer; every instance a pair a reader keeps.
    const tasks = new Set(INSTRUCTION_LISTS.flatMap((a) => a.keep.map(pythonCapitalize)));
    expect(instructions.map((x) => x.instruction).filter((t) => !tasks.has(t))).toEqual([]);
    const pairs = new Set([...CLASSIFICATION_INSTANCES, ...GENERATION_INSTANCES].flatMap((a) => a.keep.map((p) => JSON.stringify([p.input, p.output]))));
    expect(instances.map((x) => [x.input ?? '', x.output ?? '']).filter((p) => !pairs.has(JSON.stringify(p)))).toEqual([]);
    expect(rows.flatMap((x) => [x.instruction, x.input ?? '', x.output ?? '']).filter((f) => JUNK.test(f))).toEqual([]);

    // What the normalisers changed is on the samples: a preamble on some instruction, markup on some instance.
    const habits = (xs: Row[]) => new Set(xs.flatMap((x) => chatFormat(x).flatMap((v) => v.detail.edits.map((e) => e.habit))));
    expect(instructions.some((x) => chatFormat(x).length > 0)).toBe(true);
    expect(instances.some((x) => chatFormat(x).length > 0)).toBe(true);
    expect([...habits(rows)].length).toBeGreaterThanOrEqual(2);
  });

  it('accepts junk from the same answers with the normaliser off (the checks above can fail)', async () => {
    const db = join(tempDir(), 'off.db');
    const cfg = { target: 8, 'params.wave_size': 4, 'limits.concurrency': 2, 'teacher.provider': 'openai', 'teacher.mode': 'chat', 'teacher.chat.normalise': false, name: 'off' };
    await run(pipeline('self-instruct.yaml', cfg), db, fake.env());
    const rows = accepted(db);
    expect(rows.flatMap((x) => [x.instruction, x.input ?? '', x.output ?? '']).filter((f) => JUNK.test(f)).length).toBeGreaterThan(0);
    expect(rows.filter((x) => chatFormat(x).length > 0)).toEqual([]);
  });
});

describe('served end to end: Alpaca in chat mode on realistic answers', () => {
  const fake = useFakeServer({ examples: corpusExamples({ 'alpaca/generate-tasks': whole(ALPACA_ANSWERS) }, stageExample) });

  it('accepts only the tasks a reader keeps, with no chatter or markup, and chat-format verdicts', async () => {
    const db = join(tempDir(), 'al.db');
    const r = await run(pipeline('alpaca.yaml', { target: 10, 'params.wave_size': 4, 'limits.concurrency': 2, 'teacher.provider': 'openai', 'teacher.mode': 'chat', name: 'served' }), db, fake.env());
    expect(r.status).toBe('completed');
    const rows = accepted(db).filter((x) => x.kind === 'alpaca');
    expect(rows.length).toBeGreaterThanOrEqual(10);
    const keep = new Set(ALPACA_ANSWERS.flatMap((a) => a.keep));
    expect(rows.map((x) => x.instruction).filter((t) => !keep.has(t))).toEqual([]);
    expect(rows.flatMap((x) => [x.instruction, x.input ?? '', x.output ?? '']).filter((f) => JUNK.test(f))).toEqual([]);
    expect(rows.some((x) => chatFormat(x).length > 0)).toBe(true);
  });
});
