/**
 * The per-field filters of a user stage, each a verdict named `<type>:<field>` so a rejection says
 * which rule and which field. Pure, except that `duplicate` is given the set of texts seen so far.
 * ROUGE-L novelty and the judge are the engine's (recipe.ts calls them).
 */
import { languageVerdict } from '../../filters/language.js';
import type { Verdict } from '../../store/samples.js';
import { wordCount } from '../../util/text.js';
import type { CustomFilter } from './params.js';
import { fieldText, type Fields } from './render.js';

export type LocalFilter = Exclude<CustomFilter, { type: 'judge' } | { type: 'rouge' }>;

export function filterName(f: CustomFilter, stage: string): string {
  return f.type === 'judge' ? `judge:${stage}` : `${f.type}:${f.field}`;
}

/** How `duplicate` compares texts: case and runs of whitespace aside. */
export function duplicateKey(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

export function localVerdict(f: LocalFilter, fields: Fields, seen: ReadonlySet<string> | undefined): Verdict {
  const filter = `${f.type}:${f.field}`;
  const value = fields[f.field];
  const text = fieldText(value);
  switch (f.type) {
    case 'words': {
      const n = wordCount(text);
      return { filter, passed: n >= f.min && (f.max === undefined || n <= f.max), score: n, detail: { words: n, min: f.min, max: f.max ?? null } };
    }
    case 'chars': {
      const n = [...text].length;
      return { filter, passed: n >= f.min && (f.max === undefined || n <= f.max), score: n, detail: { chars: n, min: f.min, max: f.max ?? null } };
    }
    case 'blocklist': {
      const hit = f.words.filter((w) => new RegExp(`(^|\\W)${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\W|$)`, 'i').test(text));
      return { filter, passed: hit.length === 0, detail: hit.length ? { words: hit } : undefined };
    }
    case 'language': {
      const v = languageVerdict(text, f.allowed);
      return { ...v, filter };
    }
    case 'regex': {
      const must = f.must_match === undefined || new RegExp(f.must_match, f.flags).test(text);
      const mustNot = f.must_not_match !== undefined && new RegExp(f.must_not_match, f.flags).test(text);
      return { filter, passed: must && !mustNot, detail: { must_match: f.must_match ?? null, must_not_match: f.must_not_match ?? null, matched: !must ? 'must_match failed' : mustNot ? 'must_not_match matched' : null } };
    }
    case 'duplicate': {
      const dup = seen?.has(duplicateKey(text)) ?? false;
      return { filter, passed: !dup };
    }
    case 'range': {
      const n = typeof value === 'number' ? value : Number(text.trim());
      const ok = Number.isFinite(n) && text.trim() !== '' && (f.min === undefined || n >= f.min) && (f.max === undefined || n <= f.max);
      return { filter, passed: ok, score: Number.isFinite(n) ? n : null, detail: { value: Number.isFinite(n) ? n : text.slice(0, 80), min: f.min ?? null, max: f.max ?? null } };
    }
  }
}
