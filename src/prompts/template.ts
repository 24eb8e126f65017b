import { readFileSync } from 'node:fs';
import { resolveAsset } from '../util/paths.js';

/** A prompt template: text with {{name}} placeholders, loaded from prompts/. */
export interface Template {
  path: string;
  text: string;
  placeholders: string[];
}

const PLACEHOLDER = /\{\{([a-z_][a-z0-9_]*)\}\}/gi;

export class TemplateError extends Error {
  override name = 'TemplateError';
}

/** Pure: parse a template's text (one trailing newline is dropped, so files can end in one). */
export function parseTemplate(path: string, raw: string): Template {
  const text = raw.endsWith('\n') ? raw.slice(0, -1) : raw;
  const placeholders = [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
  return { path, text, placeholders };
}

export function loadTemplate(path: string, root = process.cwd()): Template {
  const full = resolveAsset(path, root);
  let raw: string;
  try {
    raw = readFileSync(full, 'utf8');
  } catch (err) {
    throw new TemplateError(`${path}: cannot read prompt template (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  return parseTemplate(path, raw);
}

/**
 * Fill placeholders in one pass. Values are data (DESIGN invariant 7): a value containing
 * "{{x}}" is inserted as it is and never expanded.
 */
export function render(t: Template, values: Record<string, string | number>): string {
  for (const name of t.placeholders) {
    if (!(name in values)) throw new TemplateError(`${t.path}: no value for placeholder {{${name}}}`);
  }
  return t.text.replace(PLACEHOLDER, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** Check at config time that a template exists and has exactly the placeholders the code fills. */
export function requirePlaceholders(t: Template, names: string[]): void {
  const missing = names.filter((n) => !t.placeholders.includes(n));
  const extra = t.placeholders.filter((n) => !names.includes(n));
  if (missing.length || extra.length) {
    throw new TemplateError(
      `${t.path}: expected placeholders ${names.map((n) => `{{${n}}}`).join(', ')}` +
        (missing.length ? `; missing ${missing.join(', ')}` : '') +
        (extra.length ? `; unknown ${extra.join(', ')}` : ''),
    );
  }
}
