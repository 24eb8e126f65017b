import { describe, expect, it } from 'vitest';
import { jsonForm, parseJson, parseRegex, parseText } from '../../src/methods/custom/parse.js';

const schema = { type: 'object', properties: { rationale: { type: 'string' }, score: { type: 'integer', minimum: 1, maximum: 10 } }, required: ['rationale', 'score'] };
const form = jsonForm('rate', schema);

describe('custom stage answers, as chat models write them', () => {
  it('reads a bare JSON object', () => {
    const v = parseJson(form, 'rate', '{"rationale": "Accurate and complete.", "score": 8}', 'stop');
    expect(v).toEqual({ ok: true, fields: { rate: { rationale: 'Accurate and complete.', score: 8 }, rationale: 'Accurate and complete.', score: 8 } });
  });

  it('reads JSON inside a fence after a preamble, and inside prose', () => {
    const fenced = "Sure! Here's my evaluation of the response:\n\n```json\n{\n  \"rationale\": \"The answer covers both steps but skips the edge case.\",\n  \"score\": 6\n}\n```\n\nLet me know if you'd like a more detailed breakdown.";
    expect(parseJson(form, 'rate', fenced, 'stop')).toMatchObject({ ok: true, fields: { score: 6 } });
    const prose = 'My rating: {"rationale": "Clear, correct, well organised.", "score": 9} — overall a strong answer.';
    expect(parseJson(form, 'rate', prose, 'stop')).toMatchObject({ ok: true, fields: { score: 9 } });
  });

  it('rejects a document outside the schema, naming the field', () => {
    const v = parseJson(form, 'rate', '```json\n{"rationale": "Flawless.", "score": 11}\n```', 'stop');
    expect(v.ok).toBe(false);
    expect(!v.ok && v.error).toMatch(/score/);
    const missing = parseJson(form, 'rate', '{"score": 7}', 'stop');
    expect(!missing.ok && missing.error).toMatch(/rationale/);
    const none = parseJson(form, 'rate', 'I would rate this response a 7 out of 10 because it is mostly right.', 'stop');
    expect(!none.ok && none.error).toMatch(/no JSON object/);
  });

  it('says when a JSON answer was cut at max_tokens', () => {
    const v = parseJson(form, 'rate', '{"rationale": "The response is thorough and', 'length');
    expect(!v.ok && v.error).toMatch(/max_tokens/);
  });

  it('cuts regex fields out of markdown answers, and names a missing one', () => {
    const fields = { question: '^\\**Question:?\\**\\s*(.+)$' };
    const md = "Here's a question about the passage:\n\n**Question:** Why did the Romans build aqueducts on a slight downward slope?\n";
    expect(parseRegex('ask', fields, 'im', md)).toMatchObject({ ok: true, fields: { question: 'Why did the Romans build aqueducts on a slight downward slope?' } });
    const plain = 'Question: What does credential stuffing mean?';
    expect(parseRegex('ask', fields, 'im', plain)).toMatchObject({ ok: true, fields: { question: 'What does credential stuffing mean?' } });
    const off = 'What is the main idea of the passage?';
    const v = parseRegex('ask', fields, 'im', off);
    expect(v.ok).toBe(false);
    expect(!v.ok && v.error).toBe('no match for field(s) question');
  });

  it('keeps a text answer as written, and rejects an empty or cut one', () => {
    expect(parseText('answer', '  Water boils at 100 °C at sea level.\n', 'stop')).toEqual({ ok: true, fields: { answer: 'Water boils at 100 °C at sea level.' } });
    expect(parseText('answer', '\n\n', 'stop').ok).toBe(false);
    expect(parseText('answer', 'The three main causes were', 'length').ok).toBe(false);
  });
});
