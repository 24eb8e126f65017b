/** Templates over a row's fields: the project's {{placeholder}} syntax, values inserted as data (never expanded). Pure. */
import { parseTemplate, render, type Template } from '../../prompts/template.js';

/** A row as stages see it: input columns and earlier stages' fields. */
export type Fields = Record<string, unknown>;

export function placeholdersOf(text: string): string[] {
  return parseTemplate('(inline)', text).placeholders;
}

/** A field's value as template text: strings as they are, numbers and booleans written out, anything else as JSON. */
export function fieldText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function renderFields(template: Template, fields: Fields): string {
  const values: Record<string, string> = {};
  for (const name of template.placeholders) values[name] = fieldText(fields[name]);
  return render(template, values);
}

export function inlineTemplate(path: string, text: string): Template {
  return parseTemplate(path, text);
}
