/**
 * How the sim answers a user's stage, from what the stage declares: text of plausible length about
 * the prompt's subject; a JSON object valid against the schema the prompt carries; or, for regex
 * fields, one `Name: text` line per field (so a regex like `^Question:\s*(.+)$` finds it). Pure.
 */
import type { Rng } from '../../teacher/sim/rng.js';
import { capFirst, subjectOf } from '../../teacher/sim/text.js';
import { makeProse } from '../../teacher/sim/writers.js';
import type { ExampleWriter, PromptView } from '../../teacher/types.js';
import { SCHEMA_MARKER } from './prompt.js';

/** What the answer is about: the first sentence of the prompt's longest line (its data, more often than its instructions). */
function subject(view: PromptView): string {
  const prompt = view.last.split(SCHEMA_MARKER)[0]!;
  const line = prompt.split('\n').reduce((a, b) => (b.trim().length > a.trim().length ? b : a), '');
  return subjectOf(line.slice(0, 300)) || 'the topic';
}

/** A prompt that asks for a question ("Ask one question...", "Write a question...") gets one; any other gets prose. */
const ASKS_FOR_QUESTION = /\b(ask|write|pose|generate)\b[^.\n]{0,40}\bquestions?\b/i;

export const simText: ExampleWriter = (view, rng) => {
  const about = subject(view);
  if (!ASKS_FOR_QUESTION.test(view.last.split(SCHEMA_MARKER)[0]!)) return capFirst(makeProse(rng, about, 20, 80));
  const opener = rng.pick(['How does', 'Why does', 'What makes', 'In what way does', 'What happens when']);
  const close = rng.pick(['matter in practice', 'work', 'change over time', 'affect everyday life', 'differ from what most people expect']);
  return `${opener} ${about.replace(/[.?!]+$/, '')} ${close}?`;
};

/** The schema a JSON stage's prompt ends with (prompt.ts writes it), if any. */
export function schemaInPrompt(text: string): Record<string, unknown> | undefined {
  const at = text.lastIndexOf(SCHEMA_MARKER);
  if (at < 0) return undefined;
  const fence = /```json\n([\s\S]*?)\n```/.exec(text.slice(at));
  try {
    return fence ? (JSON.parse(fence[1]!) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export const simJson: ExampleWriter = (view, rng) => {
  const schema = schemaInPrompt(view.last) ?? { type: 'object', properties: { text: { type: 'string' } } };
  return JSON.stringify(valueFor(schema, rng, subject(view), 0), null, 2);
};

/** A value valid against the common JSON Schema keywords (type, enum, const, properties, items, bounds). */
export function valueFor(schema: Record<string, unknown>, rng: Rng, about: string, depth: number): unknown {
  if (Array.isArray(schema['enum'])) return rng.pick(schema['enum'] as unknown[]);
  if ('const' in schema) return schema['const'];
  const options = (schema['anyOf'] ?? schema['oneOf']) as Record<string, unknown>[] | undefined;
  if (Array.isArray(options) && options.length > 0) return valueFor(options[0]!, rng, about, depth);
  const type = Array.isArray(schema['type']) ? (schema['type'] as string[]).find((t) => t !== 'null') : (schema['type'] as string | undefined);
  const num = (k: string) => (typeof schema[k] === 'number' ? (schema[k] as number) : undefined);
  switch (type) {
    case 'integer': {
      const lo = num('minimum') ?? (num('exclusiveMinimum') ?? 0) + 1;
      const hi = num('maximum') ?? (num('exclusiveMaximum') !== undefined ? num('exclusiveMaximum')! - 1 : lo + 9);
      return rng.int(Math.ceil(lo), Math.floor(hi));
    }
    case 'number': {
      const lo = num('minimum') ?? 0;
      const hi = num('maximum') ?? lo + 10;
      return Math.round((lo + rng.float() * (hi - lo)) * 100) / 100;
    }
    case 'boolean':
      return rng.chance(0.5);
    case 'array': {
      const items = (schema['items'] as Record<string, unknown> | undefined) ?? { type: 'string' };
      const n = rng.int(num('minItems') ?? 1, Math.max(num('minItems') ?? 1, Math.min(num('maxItems') ?? 4, 6)));
      return Array.from({ length: n }, () => valueFor(items, rng, about, depth + 1));
    }
    case 'object': {
      const props = (schema['properties'] as Record<string, Record<string, unknown>> | undefined) ?? {};
      return Object.fromEntries(Object.entries(props).map(([k, s]) => [k, valueFor(s, rng, k === 'text' ? about : `${about}`, depth + 1)]));
    }
    case 'null':
      return null;
    default: {
      const min = num('minLength') ?? 0;
      const max = num('maxLength');
      let s = capFirst(makeProse(rng, about, depth === 0 ? 30 : 8, depth === 0 ? 120 : 40));
      while (s.length < min) s = `${s} ${s}`;
      return max !== undefined ? s.slice(0, max) : s;
    }
  }
}

/** One `Name: text` line per regex field (field `question_text` is written "Question text"). */
export function simRegex(fields: readonly string[]): ExampleWriter {
  return (view, rng) =>
    fields.map((f) => `${capFirst(f.replace(/_/g, ' '))}: ${capFirst(makeProse(rng, subject(view), 8, 40))}`).join('\n');
}
