/**
 * Structured outputs for a stage whose answer has structure (a list, instances, Alpaca triples, a
 * judge's score): a JSON Schema sent with the request where the server can enforce it, and the
 * answer read as JSON, validated, and turned into the stage's parsed value. A server that ignores
 * the schema (JSON inside prose or a code fence, or plain text) is still read: the JSON is
 * extracted when it is there, and otherwise the answer goes to the stage's text parser.
 */
import { z } from 'zod';
import type { FinishReason } from '../teacher/types.js';
import { edit, type Edit } from '../chat/edits.js';

export interface StructuredForm<In, Out, Doc = unknown> {
  /** The schema's name as sent (`json_schema.name`): letters, digits, "_" and "-". */
  readonly name: string;
  /** The document the answer must be; its JSON Schema is what the server enforces. */
  readonly schema: z.ZodType<Doc>;
  /** The stage's parsed value from a valid document, as its text parser would have made it. */
  toValue(doc: Doc, input: In, finish: FinishReason): Out;
  /** A document holding a parsed value (the inverse, for servers and tests that write schema-valid answers). */
  fromValue(value: Out): Doc;
}

export type AnyStructuredForm = StructuredForm<any, any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The JSON Schema sent to the server: draft 2020-12 as zod writes it, without the `$schema` marker some servers refuse. */
export function jsonSchemaOf(form: AnyStructuredForm): Record<string, unknown> {
  const { $schema: _s, ...schema } = z.toJSONSchema(form.schema) as Record<string, unknown>;
  return schema;
}

export type StructuredRead<Doc> = { ok: true; doc: Doc; edits: Edit[] } | { ok: false; error: string };

/**
 * Read an answer as the form's document: the whole text as JSON, else the JSON inside a code fence
 * or the first balanced object in the text (recorded as an edit), then validated.
 */
export function readStructured<Doc>(form: StructuredForm<unknown, unknown, Doc>, text: string): StructuredRead<Doc> {
  const found = extractJson(text);
  if (!found) return { ok: false, error: 'no JSON object in the answer' };
  const checked = form.schema.safeParse(found.value);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const at = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    return { ok: false, error: `the JSON does not match the schema "${form.name}": ${at}: ${issue.message}` };
  }
  return { ok: true, doc: checked.data, edits: found.around.trim() === '' ? [] : [edit('wrapping', found.around)] };
}

/** The JSON value in a text, and the text around it that was not part of it. */
function extractJson(text: string): { value: unknown; around: string } | undefined {
  const whole = tryParse(text.trim());
  if (whole !== undefined) return { value: whole, around: '' };
  const fence = /```(?:json)?\s*\n([\s\S]*?)\n\s*```/i.exec(text);
  if (fence) {
    const v = tryParse(fence[1]!);
    if (v !== undefined) return { value: v, around: text.slice(0, fence.index) + text.slice(fence.index + fence[0].length) };
  }
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  const end = balancedEnd(text, start);
  if (end < 0) return undefined;
  const v = tryParse(text.slice(start, end + 1));
  return v === undefined ? undefined : { value: v, around: text.slice(0, start) + text.slice(end + 1) };
}

function tryParse(s: string): unknown {
  if (!s.startsWith('{') && !s.startsWith('[')) return undefined;
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return undefined;
  }
}

/** Index of the brace closing the object that opens at `start`, strings and escapes respected; -1 if none. */
function balancedEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}
