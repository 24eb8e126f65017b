import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, visit, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './errors.js';

/** Read, parse and validate a config file against `schema`; throws one ConfigError naming file, line and key. */
export function loadConfigFile<T>(schema: z.ZodType<T>, file: string, overrides: Record<string, unknown> = {}): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, undefined, undefined, `cannot read the pipeline file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return parseConfig(schema, text, file, overrides);
}

/** Pure: YAML text to a config validated by `schema`. `overrides` are dotted keys from the command line. */
export function parseConfig<T>(schema: z.ZodType<T>, text: string, file: string, overrides: Record<string, unknown> = {}): T {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = yamlError.linePos?.[0]?.line ?? lines.linePos(yamlError.pos[0]).line;
    throw new ConfigError(file, line, undefined, `invalid YAML: ${yamlError.message.split('\n')[0]}`);
  }
  const raw = toJsGuarded(doc, lines, file);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(file, 1, undefined, 'expected a mapping of pipeline keys (name, method, params, ...)');
  }
  const withOverrides = applyOverrides(raw as Record<string, unknown>, overrides);
  const result = schema.safeParse(withOverrides, { reportInput: true });
  if (!result.success) throw toConfigError(result.error, doc, lines, file, overrides);
  return result.data;
}

function applyOverrides(raw: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  const out = structuredClone(raw);
  for (const [dotted, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const parts = dotted.split('.');
    let node: Record<string, unknown> = out;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      if (!next || typeof next !== 'object') node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]!] = value;
  }
  return out;
}

function toConfigError(
  error: z.ZodError,
  doc: Document,
  lines: LineCounter,
  file: string,
  overrides: Record<string, unknown>,
): ConfigError {
  const issue = error.issues[0]!;
  let path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') path = [...path, ...issue.keys.slice(0, 1)];
  const key = path.join('.');
  // The key, or a key under or above it (`--set teacher={model: 3}`, `--set seeds.path.x=1`), came from the command line.
  const fromCli = Object.entries(overrides).some(([o, v]) => v !== undefined && (o === key || key.startsWith(`${o}.`) || o.startsWith(`${key}.`)));
  return new ConfigError(
    fromCli ? `${file} (command-line option)` : file,
    fromCli ? undefined : lineOf(doc, lines, path),
    key || undefined,
    describeIssue(issue),
  );
}

/** The line of the deepest node of `path` that exists in the document. */
function lineOf(doc: Document, lines: LineCounter, path: string[]): number {
  for (let depth = path.length; depth > 0; depth--) {
    const sub = path.slice(0, depth).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    const parent = depth > 1 ? doc.getIn(sub.slice(0, -1), true) : doc.contents;
    if (isMap(parent)) {
      const pair = parent.items.find((it) => String((it.key as { value?: unknown })?.value) === String(sub[sub.length - 1]));
      const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
      if (range) return lines.linePos(range[0]).line;
    }
    const node = doc.getIn(sub, true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lines.linePos(node.range[0]).line;
  }
  return 1;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown key (not part of this method's configuration)`;
    case 'invalid_union':
      return issue.message;
    default: {
      const received = (issue as { input?: unknown }).input;
      const got = received === undefined ? 'nothing' : JSON.stringify(received);
      if (issue.code === 'invalid_type') return `expected ${issue.expected}, got ${got}`;
      const message = issue.message.replace(/^(Invalid input|Too small|Too big): /, '');
      return `${message}${received !== undefined ? `, got ${got}` : ''}`;
    }
  }
}

/**
 * The document as plain values, with the yaml package's guard against alias bombs ("billion
 * laughs": a few lines whose aliases expand to millions of nodes): one ConfigError naming the file
 * and the line of the first alias, instead of the package's ReferenceError.
 */
function toJsGuarded(doc: Document, lines: LineCounter, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (err) {
    if (!(err instanceof ReferenceError) || !/alias count/i.test(err.message)) throw err;
    let line: number | undefined;
    visit(doc, {
      Alias(_key, node) {
        if (node.range) line = lines.linePos(node.range[0]).line;
        return visit.BREAK;
      },
    });
    throw new ConfigError(file, line, undefined, 'invalid YAML: its aliases expand too much (more than 100 alias uses; an alias bomb?); write the values out instead');
  }
}

/**
 * The line of a key in a pipeline file, for errors found after loading (e.g. a template naming a
 * column the input file does not have). Undefined when the file cannot be read or parsed.
 */
export function keyLine(file: string, path: readonly (string | number)[]): number | undefined {
  try {
    const lines = new LineCounter();
    const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines, prettyErrors: false });
    return doc.errors.length > 0 ? undefined : lineOf(doc, lines, path.map(String));
  } catch {
    return undefined;
  }
}
