/**
 * The fixed demo sets of core generation: one JSON object per line, grouped by `set` in file
 * order. Read once when a run starts and stored as `demo` samples, so a resumed run prompts with
 * the demos it began with and every core example links to the three it was shown.
 */
import { z } from 'zod';
import type { RunContext } from '../../engine/context.js';
import { jsonLine } from '../../seeds/json-line.js';
import { readLinesSync, SeedFormatError } from '../../seeds/load.js';
import type { SampleRow } from '../../store/samples.js';
import { hashJson } from '../../util/hash.js';
import { resolveAsset } from '../../util/paths.js';

const nonEmpty = (what: string) => z.string().trim().min(1, `a non-empty ${what}`);

export const DemoSchema = z.strictObject({
  set: z.union([z.number().int(), z.string().min(1)]),
  instruction: nonEmpty('instruction'),
  input: nonEmpty('input'),
  constraints: nonEmpty('constraints'),
});
export type Demo = z.infer<typeof DemoSchema> & { line: number };

/** Parse demo lines; the first bad line throws one error naming the file, the line and the key. */
export function parseDemoLines(lines: Iterable<{ raw: string; line: number }>, file: string, perPrompt: number): Demo[] {
  const out: Demo[] = [];
  for (const { raw, line } of lines) {
    if (raw.trim() === '') continue;
    out.push({ ...jsonLine(DemoSchema, raw, line, file, '{"set", "instruction", "input", "constraints"}'), line });
  }
  if (out.length === 0) throw new SeedFormatError(file, undefined, undefined, 'no demos found (the file is empty); expected one JSON object per line');
  for (const [set, members] of groupSets(out)) {
    if (members.length < perPrompt) {
      throw new SeedFormatError(file, members[0]!.line, 'set', `set ${JSON.stringify(set)} has ${members.length} demos; each set needs at least params.demos.per_prompt (${perPrompt})`);
    }
  }
  return out;
}

export function loadDemos(path: string, root: string, perPrompt: number): Demo[] {
  return parseDemoLines(readLinesSync(resolveAsset(path, root), path), path, perPrompt);
}

/** Demos grouped by their set, sets in the order they first appear. */
export function groupSets<T extends { set: number | string }>(demos: readonly T[]): Map<number | string, T[]> {
  const sets = new Map<number | string, T[]>();
  for (const d of demos) sets.set(d.set, [...(sets.get(d.set) ?? []), d]);
  return sets;
}

/** A stored demo: its text fields and the set it belongs to. */
export interface DemoRow {
  id: number;
  set: number | string;
  instruction: string;
  input: string;
  constraints: string;
}

const DemoMetaSchema = z.looseObject({ set: z.union([z.number(), z.string()]), constraints: z.string() });

export function demoRow(s: SampleRow): DemoRow {
  const meta = DemoMetaSchema.parse(JSON.parse(s.meta_json ?? '{}'));
  return { id: s.id, set: meta.set, instruction: s.instruction, input: s.input, constraints: meta.constraints };
}

/** The run's demos (kind "demo", wave 0), stored the first time the run starts. */
export function ensureDemoSamples(ctx: RunContext, source: { path: string; per_prompt: number }): DemoRow[] {
  const { store, run } = ctx;
  const existing = store.samples.list(run.id, 'demo', 'accepted');
  if (existing.length > 0 || store.waves.last(run.id)) return existing.sort((a, b) => a.id - b.id).map(demoRow);
  const demos = loadDemos(source.path, ctx.root, source.per_prompt);
  store.transaction(() => {
    for (const d of demos) {
      store.samples.insert({
        runId: run.id, kind: 'demo', stage: 'seed', wave: 0, instruction: d.instruction, input: d.input,
        meta: { source: source.path, line: d.line, set: d.set, constraints: d.constraints },
        status: 'accepted', contentHash: hashJson([d.instruction, d.input, d.constraints]),
      });
    }
    store.waves.markDone(run.id, 0, 'seed', { demos: demos.length });
  });
  return store.samples.list(run.id, 'demo', 'accepted').sort((a, b) => a.id - b.id).map(demoRow);
}
