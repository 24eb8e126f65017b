/**
 * Structured outputs end to end (issue 14 item 3), through the real openai client: a fake server that
 * honours response_format answers each structured stage with a schema-valid JSON document; one that
 * ignores it answers with text. Both runs complete, and only the second records `not-json` edits.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allStages } from '../../src/methods/registry.js';
import { openDb } from '../../src/store/db.js';
import { useFakeServer } from '../support/fake-server.js';
import { pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';

const stages = new Map(allStages().map((s) => [s.id, s]));

/** A schema-valid document holding what the stage's text parser reads in its example answer. */
function documentFor(stageId: string | undefined, _schema: unknown, text: string): string {
  const stage = stageId ? stages.get(stageId) : undefined;
  if (!stage?.structured) return JSON.stringify({ text });
  // Alpaca's parser numbers chunks on from its demos (three in the shipped pipeline).
  return JSON.stringify(stage.structured.fromValue(stage.parse(text, 'stop', { demos: [{}, {}, {}] })));
}

const config = (name: string) =>
  pipeline('self-instruct.yaml', { name, target: 8, 'params.wave_size': 4, 'teacher.provider': 'openai', 'teacher.server': 'vllm', 'teacher.structured_outputs': true, 'judge.enabled': true });

function notJsonSamples(db: string): number {
  const h = openDb(db, { readonly: true });
  try {
    return (h.prepare(`SELECT COUNT(DISTINCT sample_id) AS n FROM verdicts WHERE filter = 'chat-format' AND detail_json LIKE '%not-json%'`).get() as { n: number }).n;
  } finally {
    h.close();
  }
}

function formats(db: string): (string | null)[] {
  const h = openDb(db, { readonly: true });
  try {
    return (h.prepare(`SELECT stage, request_json FROM calls ORDER BY id`).all() as { stage: string; request_json: string }[]).map(
      (r) => (JSON.parse(r.request_json) as { responseFormat?: { name: string } }).responseFormat?.name ?? null,
    );
  } finally {
    h.close();
  }
}

describe('structured outputs, server honours the schema', () => {
  const fake = useFakeServer({ honourResponseFormat: true, structured: documentFor, rules: 'vllm' });
  it('completes with every structured stage answered as JSON, and nothing read as text', async () => {
    const db = join(tempDir(), 's.db');
    const r = await run(config('honoured'), db, fake.env());
    expect(r.status, r.detail).toBe('completed');
    const names = new Set(formats(db));
    expect(names).toContain('new_instructions');
    expect(names).toContain('judge_score');
    expect([...names].some((n) => n === 'task_instances' || n === 'classification_instances')).toBe(true);
    // The classification stage has no structured form: sent without one.
    expect(names).toContain(null);
    expect(notJsonSamples(db)).toBe(0);
  });
});

describe('structured outputs, server ignores the schema', () => {
  const fake = useFakeServer({ honourResponseFormat: false, rules: 'vllm' });
  it('still completes: the text parsers read the answers, and each such sample says so', async () => {
    const db = join(tempDir(), 'i.db');
    const r = await run(config('ignored'), db, fake.env());
    expect(r.status, r.detail).toBe('completed');
    expect(notJsonSamples(db)).toBeGreaterThan(0);
  });
});
