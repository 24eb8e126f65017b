/**
 * Evol-Instruct's answers served from a corpus of chat answers with refusals in it
 * (tests/realistic/evol-answer-corpus.ts): in chat mode a refusal is never an accepted output
 * (rule 2 takes those with "sorry", the refusal reading the rest); in completion mode the reference
 * rules alone decide, and a refusal without "sorry" is kept, as the paper's rules keep it.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stageExample } from '../../src/methods/registry.js';
import { answer } from '../../src/methods/evol-instruct/stages.js';
import { openDb } from '../../src/store/db.js';
import { useFakeServer } from '../support/fake-server.js';
import { pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';
import { corpusExamples } from '../realistic/corpus.js';
import { EVOL_ANSWERS } from '../realistic/evol-answer-corpus.js';

const REFUSALS = new Set(EVOL_ANSWERS.filter((a) => !a.keep).map((a) => a.text.trim()));
const base = { 'params.inputs.limit': 30, 'params.rounds': 1, target: 1000, 'limits.concurrency': 4, 'teacher.provider': 'openai' };

function outputs(file: string, name: string) {
  const db = openDb(file, { readonly: true });
  const rows = db
    .prepare(`SELECT s.status, s.reason, s.output FROM samples s JOIN runs r ON r.id = s.run_id WHERE r.name = ? AND s.kind = 'evolved'`)
    .all(name) as { status: string; reason: string | null; output: string }[];
  db.close();
  return rows;
}

describe('Evol-Instruct answers that refuse', () => {
  const fake = useFakeServer({ examples: corpusExamples({ [answer.id]: EVOL_ANSWERS }, stageExample) });

  it('chat mode: no refusal is an accepted output; each is rejected as sorry-short or refusal', async () => {
    const file = join(tempDir(), 'chat.db');
    expect((await run(pipeline('evol-instruct.yaml', { ...base, name: 'chat' }), file, fake.env())).status).toBe('completed');
    const rows = outputs(file, 'chat');
    const answered = rows.filter((r) => r.output !== '' && r.output !== null);
    expect(answered.some((r) => REFUSALS.has(r.output.trim()))).toBe(true);
    for (const r of answered.filter((r) => REFUSALS.has(r.output.trim()))) expect(['sorry-short', 'refusal']).toContain(r.reason);
    expect(answered.some((r) => r.reason === 'refusal')).toBe(true);
    expect(rows.filter((r) => r.status === 'accepted' && REFUSALS.has(r.output.trim()))).toEqual([]);
  });

  it('completion mode: the reference rules alone, which keep a refusal without "sorry"', async () => {
    const file = join(tempDir(), 'completion.db');
    expect((await run(pipeline('evol-instruct.yaml', { ...base, name: 'cm', 'teacher.mode': 'completion' }), file, fake.env())).status).toBe('completed');
    const rows = outputs(file, 'cm');
    expect(rows.some((r) => r.reason === 'refusal')).toBe(false);
    expect(rows.some((r) => r.status === 'accepted' && REFUSALS.has(r.output.trim()))).toBe(true);
  });
});
