/**
 * Reading Unnatural Instructions answers (pure). A core example is three labelled fields, each
 * running to the next label; an "Example N" line (the model going on to another example) or a
 * second label of a field already read ends it. The paper drops a generation missing any field;
 * an input of "None" or "N/A" counts as missing (an instance needs material to work on).
 */
import type { Triplet } from './prompts.js';

export type CoreAnswer = ({ ok: true } & Triplet) | { ok: false; reason: 'missing-field'; missing: (keyof Triplet)[] };

const FIELD = /^[ \t]*(instruction|input|constraints?)[ \t]*:[ \t]?(.*)$/i;
const EXAMPLE_LINE = /^[ \t]*example[ \t]+\d+[ \t]*:?[ \t]*$/i;
const NO_VALUE = /^(?:none|n\/a|na|nil|null|-+|\(none\)|no input|empty)\.?$/i;

function fieldOf(label: string): keyof Triplet {
  const l = label.toLowerCase();
  return l === 'instruction' ? 'instruction' : l === 'input' ? 'input' : 'constraints';
}

export function parseCore(text: string): CoreAnswer {
  const found: Partial<Record<keyof Triplet, string[]>> = {};
  let current: keyof Triplet | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // An echoed header of the open example comes before any field; any later one starts the next example.
    if (EXAMPLE_LINE.test(line)) {
      if (current === undefined) continue;
      break;
    }
    const m = FIELD.exec(line);
    if (m) {
      const field = fieldOf(m[1]!);
      if (found[field]) break; // a field again: the model went on to another example without a header
      found[field] = [m[2]!];
      current = field;
      continue;
    }
    if (current) found[current]!.push(line);
  }
  const value = (f: keyof Triplet) => (found[f] ?? []).join('\n').trim();
  const triplet: Triplet = { instruction: value('instruction'), input: value('input'), constraints: value('constraints') };
  const missing = (Object.keys(triplet) as (keyof Triplet)[]).filter((k) => triplet[k] === '' || NO_VALUE.test(triplet[k]));
  if (missing.length > 0) return { ok: false, reason: 'missing-field', missing };
  return { ok: true, ...triplet };
}

/** An output: the text as written, trimmed (a leading "Output:" the model repeated taken off). */
export function parseOutput(text: string): string {
  return text.replace(/^\s*output[ \t]*:[ \t]*/i, '').trim();
}

export type Reformulation = { ok: true; text: string } | { ok: false; reason: 'empty' };

/** A reformulation: its first paragraph, with a repeated "Restated:" label and wrapping quotes taken off. */
export function parseReformulation(text: string): Reformulation {
  const first = text.trim().split(/\n[ \t]*\n/)[0] ?? '';
  let t = first.replace(/^\s*restated[ \t]*:[ \t]*/i, '').trim();
  const quoted = /^(["\u201c])([\s\S]*)(["\u201d])$/.exec(t);
  if (quoted && !quoted[2]!.includes('"') && !/[\u201c\u201d]/.test(quoted[2]!)) t = quoted[2]!.trim();
  return t === '' ? { ok: false, reason: 'empty' } : { ok: true, text: t };
}
