/**
 * The user's code corpus (I/O at the edge): files, folders (every file under them, sorted), or JSONL
 * files whose lines each hold one document under a field. A bad line names file, line and key.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../config/errors.js';
import { jsonlObjects } from '../../config/jsonl.js';
import { resolveAsset } from '../../util/paths.js';

export interface CodeDocument {
  /** Where it came from: `path` or `path:line` for a JSONL line. */
  source: string;
  text: string;
}

function filesUnder(full: string): string[] {
  if (!statSync(full).isDirectory()) return [full];
  return readdirSync(full).sort().flatMap((n) => (n.startsWith('.') ? [] : filesUnder(join(full, n))));
}

export function loadCorpus(paths: readonly string[], field: string, root: string): CodeDocument[] {
  const docs: CodeDocument[] = [];
  for (const p of paths) {
    const full = resolveAsset(p, root);
    let files: string[];
    try {
      files = filesUnder(full);
    } catch (err) {
      throw new ConfigError(p, undefined, 'params.corpus', `a readable file or folder (${(err as NodeJS.ErrnoException).code ?? err})`);
    }
    for (const f of files) {
      const name = relative(root, f) || f;
      const text = readFileSync(f, 'utf8');
      if (!f.endsWith('.jsonl')) {
        if (text.trim() !== '') docs.push({ source: name, text });
        continue;
      }
      for (const { line, value } of jsonlObjects(text, name)) {
        const doc = z.object({ [field]: z.string().min(1) }).safeParse(value);
        if (!doc.success) throw new ConfigError(name, line, field, 'a non-empty string');
        docs.push({ source: `${name}:${line}`, text: doc.data[field] as string });
      }
    }
  }
  return docs;
}

/** Benchmark entries to decontaminate against: JSONL string fields, or a text file's blank-line-separated blocks. */
export function loadBenchmarks(paths: readonly string[], root: string): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const full = resolveAsset(p, root);
    let text: string;
    try {
      text = readFileSync(full, 'utf8');
    } catch (err) {
      throw new ConfigError(p, undefined, 'params.decontaminate', `a readable file (${(err as NodeJS.ErrnoException).code ?? err})`);
    }
    if (!full.endsWith('.jsonl')) {
      out.push(...text.split(/\n[ \t]*\n/).map((b) => b.trim()).filter(Boolean));
      continue;
    }
    for (const { value } of jsonlObjects(text, p)) {
      for (const v of Object.values(value)) if (typeof v === 'string' && v.trim() !== '') out.push(v);
    }
  }
  return out;
}
