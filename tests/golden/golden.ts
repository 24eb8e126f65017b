import { openDb } from '../../src/store/db.js';
import type { TeacherRequest } from '../../src/teacher/types.js';
import { canonicalJson } from '../../src/util/hash.js';

/** One recorded answer: the request as the client sent it, and what the teacher said. */
export interface RecordedAnswer {
  request: TeacherRequest;
  text: string;
  finish_reason: string;
}

export interface Recording {
  case: string;
  answers: RecordedAnswer[];
  dataset: unknown[];
}

/**
 * What identifies a request for replay: everything sent but the model name, and in chat mode the
 * stop strings (chat requests send each stage's chat-safe stops since the recording, which
 * tests/engine/chat-stops.test.ts checks; the prompt and every other parameter still must match).
 * `top_p: 0` with temperature 0 counts as absent: the wire translation (src/teacher/profiles/wire.ts)
 * leaves it out of greedy requests, which the recordings predate.
 */
export function replayKey(r: TeacherRequest): string {
  const content = r.mode === 'chat' ? (r.messages ?? []).map((m) => [m.role, m.content]) : r.prompt ?? '';
  const greedy = r.params.temperature === 0;
  const params = Object.fromEntries(
    Object.entries(r.params).filter(
      ([k, v]) => v !== undefined && v !== null && !(r.mode === 'chat' && k === 'stop') && !(greedy && k === 'top_p' && v === 0),
    ),
  );
  return canonicalJson({ mode: r.mode, content, params });
}

/** Every answered request of a run, in call order. */
export function answersOf(dbPath: string, runName: string): RecordedAnswer[] {
  const db = openDb(dbPath, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT c.request_json, c.response_text, c.finish_reason FROM calls c JOIN runs r ON r.id = c.run_id
          WHERE r.name = ? AND c.status = 'ok' ORDER BY c.id`,
      )
      .all(runName) as { request_json: string; response_text: string; finish_reason: string }[];
    return rows.map((r) => ({ request: JSON.parse(r.request_json) as TeacherRequest, text: r.response_text, finish_reason: r.finish_reason }));
  } finally {
    db.close();
  }
}

/**
 * The complete dataset of a run, comparable across code versions: every sample in stored order with
 * kind, stage, wave, round, texts, messages, status, reason, meta (call ids left out: they number
 * journal rows, not data), each verdict (filter, passed, score) and each parent as (relation,
 * position, the parent's place in this list).
 */
export function goldenDataset(dbPath: string, runName: string): unknown[] {
  const db = openDb(dbPath, { readonly: true });
  try {
    const samples = db
      .prepare(
        `SELECT s.id, s.kind, s.stage, s.wave, s.round, s.instruction, s.input, s.output, s.messages_json, s.status, s.reason, s.meta_json
           FROM samples s JOIN runs r ON r.id = s.run_id WHERE r.name = ? ORDER BY s.id`,
      )
      .all(runName) as Record<string, unknown>[];
    const place = new Map(samples.map((s, i) => [s.id as number, i]));
    const verdicts = db.prepare(`SELECT filter, passed, score FROM verdicts WHERE sample_id = ? ORDER BY id`);
    const parents = db.prepare(`SELECT parent_id, relation, position FROM lineage WHERE child_id = ? ORDER BY relation, position, parent_id`);
    return samples.map((s) => {
      const { id, meta_json, ...rest } = s;
      return {
        ...rest,
        meta: meta_json ? stripCallIds(JSON.parse(meta_json as string)) : null,
        verdicts: (verdicts.all(id) as { filter: string; passed: number; score: number | null }[]).map((v) => [v.filter, v.passed, v.score]),
        parents: (parents.all(id) as { parent_id: number; relation: string; position: number | null }[]).map((p) => [p.relation, p.position, place.get(p.parent_id) ?? null]),
      };
    });
  } finally {
    db.close();
  }
}

function stripCallIds(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripCallIds);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([k]) => !/call_ids?$/.test(k))
        .map(([k, x]) => [k, stripCallIds(x)]),
    );
  }
  return v;
}
