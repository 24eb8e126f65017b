/**
 * Reading a user stage's answer into fields. Pure. A text stage's field is the answer itself; a
 * JSON stage's answer is read as JSON (whole, inside a code fence, or the first object in prose)
 * and validated against the declared schema; a regex stage's fields are each regex's first group.
 * A failure keeps the reason, and becomes the row's rejection (`output-format`).
 */
import { z } from 'zod';
import { readStructured, type StructuredForm } from '../../engine/structured.js';
import type { FinishReason } from '../../teacher/types.js';
import type { Fields } from './render.js';

export type StageValue = { ok: true; fields: Fields } | { ok: false; error: string; fields: Fields };

export function parseText(name: string, text: string, finish: FinishReason): StageValue {
  const t = text.trim();
  if (t === '') return { ok: false, error: 'empty answer', fields: { [name]: t } };
  if (finish === 'length') return { ok: false, error: 'the answer was cut at max_tokens (finish_reason "length")', fields: { [name]: t } };
  return { ok: true, fields: { [name]: t } };
}

/** The form the engine's structured-output machinery reads a JSON stage's answer with. */
export function jsonForm(name: string, schema: Record<string, unknown>): StructuredForm<unknown, StageValue, Record<string, unknown>> {
  return {
    name: name.replace(/[^A-Za-z0-9_-]/g, '_'),
    schema: z.fromJSONSchema(schema as never) as z.ZodType<Record<string, unknown>>,
    toValue: (doc) => ({ ok: true, fields: { [name]: doc, ...doc } }),
    fromValue: (v) => (v.fields[name] as Record<string, unknown>) ?? {},
  };
}

export function parseJson(form: StructuredForm<unknown, StageValue, Record<string, unknown>>, name: string, text: string, finish: FinishReason): StageValue {
  const read = readStructured(form, text);
  if (!read.ok) {
    const cut = finish === 'length' ? ' (the answer was cut at max_tokens)' : '';
    return { ok: false, error: `${read.error}${cut}`, fields: { [name]: text.trim() } };
  }
  return form.toValue(read.doc, undefined, finish);
}

export function parseRegex(name: string, fields: Record<string, string>, flags: string, text: string): StageValue {
  const out: Fields = { [name]: text.trim() };
  const missing: string[] = [];
  for (const [field, source] of Object.entries(fields)) {
    const m = new RegExp(source, flags.replace('g', '')).exec(text);
    const value = m ? (m[1] ?? m[0]).trim() : '';
    if (value === '') missing.push(field);
    out[field] = value;
  }
  return missing.length > 0 ? { ok: false, error: `no match for field(s) ${missing.join(', ')}`, fields: out } : { ok: true, fields: out };
}
