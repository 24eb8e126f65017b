/**
 * The user-given inputs of the materials and file sources: text pieces (JSONL) and openers (one per
 * line, or JSONL), parsed line by line; the first bad line throws one error naming the file, the
 * line and the key. Stored once as wave-0 samples so a resumed run keeps what it began with.
 */
import { z } from 'zod';
import type { RunContext } from '../../engine/context.js';
import { jsonLine } from '../../seeds/json-line.js';
import { readLinesSync, SeedFormatError } from '../../seeds/load.js';
import type { SampleRow } from '../../store/samples.js';
import { hashJson } from '../../util/hash.js';
import { resolveAsset } from '../../util/paths.js';
import { textTypeOf } from './text-types.js';

export const MaterialSchema = z.strictObject({
  text: z.string().trim().min(1, 'a non-empty text'),
  url: z.string().optional(),
  title: z.string().optional(),
  /** The text type, when the user knows it (else matched by keyword, else drawn). */
  type: z.string().trim().min(1).optional(),
  id: z.union([z.string(), z.number()]).optional(),
});
export type Material = z.infer<typeof MaterialSchema> & { line: number };

export const OpenerLineSchema = z.strictObject({
  opener: z.string().trim().min(1, 'a non-empty opener'),
  id: z.union([z.string(), z.number()]).optional(),
  /** What the opener is about or what kind of writing it asks for (kept in the meta). */
  type: z.string().optional(),
});
export type OpenerLine = z.infer<typeof OpenerLineSchema> & { line: number };

/** Material pieces from JSONL lines ({"text", "url"?, "title"?, "type"?, "id"?}). */
export function parseMaterialLines(lines: Iterable<{ raw: string; line: number }>, file: string): Material[] {
  const out: Material[] = [];
  for (const { raw, line } of lines) {
    if (raw.trim() === '') continue;
    out.push({ ...jsonLine(MaterialSchema, raw, line, file, '{"text", "url"?, "title"?, "type"?}'), line });
  }
  if (out.length === 0) throw new SeedFormatError(file, undefined, undefined, 'no text pieces found (the file is empty); expected one {"text"} object per line');
  return out;
}

/**
 * Material pieces from a text file: pieces separated by lines of three or more dashes ("---"), or,
 * in a file with no such line, each block of lines between blank lines. The line is the piece's first.
 */
export function parseMaterialText(lines: Iterable<{ raw: string; line: number }>, file: string): Material[] {
  const all = [...lines];
  const ruled = all.some((l) => /^\s*-{3,}\s*$/.test(l.raw));
  const out: Material[] = [];
  let block: { raw: string; line: number }[] = [];
  const flush = () => {
    const text = block.map((l) => l.raw).join('\n').trim();
    if (text !== '') out.push({ text, line: block.find((l) => l.raw.trim() !== '')!.line });
    block = [];
  };
  for (const l of all) {
    if (l.raw.includes('\uFFFD')) throw new SeedFormatError(file, l.line, undefined, 'the line is not valid UTF-8; expected text pieces in UTF-8');
    if (ruled ? /^\s*-{3,}\s*$/.test(l.raw) : l.raw.trim() === '') flush();
    else block.push(l);
  }
  flush();
  if (out.length === 0) throw new SeedFormatError(file, undefined, undefined, 'no text pieces found (the file is empty)');
  return out;
}

/** Openers from a .jsonl file ({"opener"} per line) or a text file (one opener per line). */
export function parseOpenerLines(lines: Iterable<{ raw: string; line: number }>, file: string, jsonl: boolean): OpenerLine[] {
  const out: OpenerLine[] = [];
  for (const { raw, line } of lines) {
    if (raw.trim() === '') continue;
    if (jsonl) out.push({ ...jsonLine(OpenerLineSchema, raw, line, file, '{"opener", "type"?, "id"?}'), line });
    else {
      if (raw.includes('\uFFFD')) throw new SeedFormatError(file, line, undefined, 'the line is not valid UTF-8; expected one opener per line in UTF-8');
      out.push({ opener: raw.trim(), line });
    }
  }
  if (out.length === 0) throw new SeedFormatError(file, undefined, undefined, 'no openers found (the file is empty); expected one opener per line');
  return out;
}

/** A piece cut to at most `max` characters, at a paragraph or sentence end when there is one in the second half. */
export function cutPiece(text: string, max: number): string {
  const t = text.trim();
  if (t.length <= max) return t;
  const head = t.slice(0, max);
  const para = head.lastIndexOf('\n\n');
  if (para >= max / 2) return head.slice(0, para).trim();
  const sentence = Math.max(head.lastIndexOf('. '), head.lastIndexOf('! '), head.lastIndexOf('? '));
  if (sentence >= max / 2) return head.slice(0, sentence + 1).trim();
  return head.trim();
}

function once(ctx: RunContext, kind: string, write: () => number): SampleRow[] {
  const { store, run } = ctx;
  const existing = store.samples.list(run.id, kind, 'accepted');
  if (existing.length > 0 || store.waves.last(run.id)) return existing;
  store.transaction(() => {
    const n = write();
    store.waves.markDone(run.id, 0, 'seed', { [kind]: n });
  });
  return store.samples.list(run.id, kind, 'accepted');
}

/** The run's material pieces (kind "material", wave 0), each with its text type. */
export function ensureMaterialSamples(ctx: RunContext, src: { path: string; limit: number; max_chars: number }): SampleRow[] {
  return once(ctx, 'material', () => {
    const lines = readLinesSync(resolveAsset(src.path, ctx.root), src.path, 1024 * 1024, 'text pieces');
    const all = /\.jsonl$/i.test(src.path) ? parseMaterialLines(lines, src.path) : parseMaterialText(lines, src.path);
    const pieces = src.limit > 0 ? all.slice(0, src.limit) : all;
    pieces.forEach((m, i) => {
      const text = cutPiece(m.text, src.max_chars);
      const type = textTypeOf(ctx.config.seed, i, m);
      ctx.store.samples.insert({
        runId: ctx.run.id,
        kind: 'material',
        stage: 'seed',
        wave: 0,
        instruction: text,
        meta: { source: src.path, line: m.line, text_type: type.name, text_type_how: type.how, ...(m.url ? { url: m.url } : {}), ...(m.title ? { title: m.title } : {}), ...(m.id !== undefined ? { id: m.id } : {}), ...(text.length < m.text.length ? { cut_from: m.text.length } : {}) },
        status: 'accepted',
        contentHash: hashJson(['material', text]),
      });
    });
    return pieces.length;
  });
}

/** The run's openers given in a file (kind "opener", wave 0). */
export function ensureFileOpeners(ctx: RunContext, src: { path: string; limit: number }): SampleRow[] {
  return once(ctx, 'opener', () => {
    const jsonl = /\.jsonl$/i.test(src.path);
    const all = parseOpenerLines(readLinesSync(resolveAsset(src.path, ctx.root), src.path, 256 * 1024, 'openers'), src.path, jsonl);
    const openers = src.limit > 0 ? all.slice(0, src.limit) : all;
    for (const o of openers) {
      ctx.store.samples.insert({
        runId: ctx.run.id,
        kind: 'opener',
        stage: 'seed',
        wave: 0,
        instruction: o.opener,
        meta: { source: 'file', file: src.path, line: o.line, ...(o.type ? { type: o.type } : {}), ...(o.id !== undefined ? { id: o.id } : {}) },
        status: 'accepted',
        contentHash: hashJson(['opener', o.opener]),
      });
    }
    return openers.length;
  });
}
