import { describe, expect, it } from 'vitest';
import { jsonSchemaOf, readStructured } from '../../src/engine/structured.js';
import { judgeScoreForm } from '../../src/engine/judge-structured.js';
import { alpacaTasksForm } from '../../src/methods/alpaca/structured.js';
import { instructionListForm } from '../../src/methods/self-instruct/structured.js';

/**
 * Reading structured answers the way servers return them: enforced JSON as it is, and, from a
 * server that ignores response_format, JSON inside a fence or after a sentence, or no JSON at all.
 */
describe('reading a structured answer', () => {
  it('reads an enforced document as it is, with nothing recorded', () => {
    const r = readStructured(instructionListForm, '{"instructions": ["Name three rivers in Africa.", "Sort these numbers: 4, 1, 3."]}');
    expect(r).toEqual({ ok: true, doc: { instructions: ['Name three rivers in Africa.', 'Sort these numbers: 4, 1, 3.'] }, edits: [] });
  });

  it('finds the JSON in a code fence after a chat preamble, and records the prose it left out', () => {
    const text = 'Sure! Here is the evaluation in the requested format:\n\n```json\n{\n  "rationale": "Accurate and concise.",\n  "score": 4\n}\n```\n\nLet me know if you need anything else.';
    const r = readStructured(judgeScoreForm, text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc).toEqual({ rationale: 'Accurate and concise.', score: 4 });
    expect(r.edits).toHaveLength(1);
    expect(r.edits[0]!.habit).toBe('wrapping');
    expect(r.edits[0]!.removed).toContain('Here is the evaluation');
  });

  it('finds a bare object inside prose, braces in strings respected', () => {
    const text = 'The tasks: {"tasks": [{"instruction": "Format {name} as a title.", "input": "ada lovelace", "output": "Ada Lovelace"}]} (one task).';
    const r = readStructured(alpacaTasksForm, text);
    expect(r.ok && r.doc.tasks[0]!.instruction).toBe('Format {name} as a title.');
  });

  it('says where a document breaks the schema', () => {
    const r = readStructured(judgeScoreForm, '{"rationale": "Great.", "score": 7}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/judge_score.*score/);
    const extra = readStructured(judgeScoreForm, '{"rationale": "Great.", "score": 4, "confidence": "high"}');
    expect(extra.ok).toBe(false);
  });

  it('reports a plain-text answer as no JSON', () => {
    const r = readStructured(judgeScoreForm, 'The answer is accurate and well organised.\n\nScore: 4');
    expect(r).toEqual({ ok: false, error: 'no JSON object in the answer' });
  });

  it('sends a JSON Schema servers accept: no $schema marker, closed objects, required fields', () => {
    const schema = jsonSchemaOf(alpacaTasksForm);
    expect(schema.$schema).toBeUndefined();
    expect(schema).toMatchObject({ type: 'object', required: ['tasks'], additionalProperties: false });
    const task = (schema.properties as { tasks: { items: Record<string, unknown> } }).tasks.items;
    expect(task).toMatchObject({ required: ['instruction', 'input', 'output'], additionalProperties: false });
  });
});
