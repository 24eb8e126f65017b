import { z } from 'zod';
import type { RunContext } from '../../engine/context.js';
import { jsonLine } from '../../seeds/json-line.js';
import { readLinesSync, SeedFormatError } from '../../seeds/load.js';
import type { SampleRow } from '../../store/samples.js';
import { hashJson } from '../../util/hash.js';
import { resolveAsset } from '../../util/paths.js';
import { COLLECTIONS } from './system-messages.js';

/** One FLAN-style query line: the instruction, an optional input, optional options (a multiple-choice query), the collection it stands for. */
export const QuerySchema = z.strictObject({
  instruction: z.string().trim().min(1, 'a non-empty instruction'),
  input: z.string().default(''),
  options: z.array(z.string().trim().min(1, 'non-empty options')).min(2, 'at least 2 options').optional(),
  collection: z.enum(COLLECTIONS as [string, ...string[]]).optional(),
  id: z.union([z.string(), z.number()]).optional(),
});
export type Query = z.infer<typeof QuerySchema> & { line: number };

/** Parse query lines (JSONL); the first bad line throws one error naming the file, the line and the key. */
export function parseQueryLines(lines: Iterable<{ raw: string; line: number }>, file: string): Query[] {
  const out: Query[] = [];
  for (const { raw, line } of lines) {
    if (raw.trim() === '') continue;
    out.push({ ...jsonLine(QuerySchema, raw, line, file, '{"instruction", "input"?, "options"?, "collection"?}'), line });
  }
  if (out.length === 0) throw new SeedFormatError(file, undefined, undefined, 'no queries found (the file is empty); expected one JSON object per line');
  return out;
}

export function loadQueries(path: string, root: string): Query[] {
  return parseQueryLines(readLinesSync(resolveAsset(path, root), path), path);
}

/** What a stored query sample keeps in its meta. */
export const QueryMetaSchema = z.looseObject({
  options: z.array(z.string()).optional(),
  collection: z.string().optional(),
  line: z.number().int(),
});

/**
 * The run's queries as samples (kind "query", wave 0), read once when the run starts so that a
 * resumed run keeps the queries it began with; each answer links to its query.
 */
export function ensureQuerySamples(ctx: RunContext, source: { path: string; limit: number }): SampleRow[] {
  const { store, run } = ctx;
  const existing = store.samples.list(run.id, 'query', 'accepted');
  if (existing.length > 0 || store.waves.last(run.id)) return existing;
  const all = loadQueries(source.path, ctx.root);
  const queries = source.limit > 0 ? all.slice(0, source.limit) : all;
  store.transaction(() => {
    for (const q of queries) {
      store.samples.insert({
        runId: run.id,
        kind: 'query',
        stage: 'seed',
        wave: 0,
        instruction: q.instruction,
        input: q.input,
        meta: { source: source.path, line: q.line, ...(q.options ? { options: q.options } : {}), ...(q.collection ? { collection: q.collection } : {}), ...(q.id !== undefined ? { id: q.id } : {}) },
        status: 'accepted',
        contentHash: hashJson([q.instruction, q.input, q.options ?? null]),
      });
    }
    store.waves.markDone(run.id, 0, 'seed', { queries: queries.length });
  });
  return store.samples.list(run.id, 'query', 'accepted');
}
