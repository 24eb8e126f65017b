/**
 * The checks a custom pipeline's shape gets with the rest of the config, before any file is read
 * or any call made: which field each template, filter and output names, and whether a stage that
 * writes it comes earlier. Names no stage writes are taken as input columns and checked once the
 * inputs are read (inputs.ts). Pure.
 */
import { z } from 'zod';
import type { CustomParams, CustomStage } from './params.js';
import { placeholdersOf } from './render.js';

/** The fields a stage writes: its name (the answer's text, or the JSON document), and its JSON properties or regex fields. */
export function fieldsWritten(stage: Pick<CustomStage, 'name' | 'output'>): string[] {
  const out = stage.output;
  if (out.type === 'json') return [stage.name, ...Object.keys(propertiesOf(out.schema))];
  if (out.type === 'regex') return [stage.name, ...Object.keys(out.fields)];
  return [stage.name];
}

/** The fields the system message adds to the row. */
export const SYSTEM_FIELD = 'system';

export function propertiesOf(schema: Record<string, unknown>): Record<string, unknown> {
  const p = schema['properties'];
  return p && typeof p === 'object' && !Array.isArray(p) ? (p as Record<string, unknown>) : {};
}

/** Every name a pipeline reads, with the config path that reads it and the stage index it is read at (stages.length: the output mapping). */
export interface FieldUse {
  name: string;
  path: (string | number)[];
  at: number;
}

export function fieldUses(p: Pick<CustomParams, 'stages' | 'output'>): FieldUse[] {
  const uses: FieldUse[] = [];
  p.stages.forEach((s, i) => {
    if (s.template) for (const name of placeholdersOf(s.template)) uses.push({ name, path: ['stages', i, 'template'], at: i });
    if (s.system && typeof s.system === 'object' && 'field' in s.system) uses.push({ name: s.system.field, path: ['stages', i, 'system', 'field'], at: i });
    s.filters.forEach((f, j) => {
      // A stage's filters see its own fields too.
      const names = f.type === 'judge' ? [f.instruction, f.output, ...(f.input ? [f.input] : [])] : [f.field];
      for (const name of names) uses.push({ name, path: ['stages', i, 'filters', j, f.type === 'judge' ? 'output' : 'field'], at: i + 0.5 });
      if (f.type === 'rouge' && f.inputs_field) uses.push({ name: f.inputs_field, path: ['stages', i, 'filters', j, 'inputs_field'], at: -1 });
    });
  });
  const end = p.stages.length;
  for (const key of ['instruction', 'input', 'output'] as const) {
    const t = p.output[key];
    if (t !== undefined) for (const name of placeholdersOf(t)) uses.push({ name, path: ['output', key], at: end });
  }
  p.output.messages?.forEach((m, k) => {
    for (const name of placeholdersOf(m.content)) uses.push({ name, path: ['output', 'messages', k, 'content'], at: end });
  });
  for (const [col, name] of Object.entries(p.output.columns)) uses.push({ name, path: ['output', 'columns', col], at: end });
  return uses;
}

/** Where each stage-written field comes from: the index of the stage that writes it. */
export function writers(stages: readonly Pick<CustomStage, 'name' | 'output' | 'system'>[]): Map<string, number> {
  const by = new Map<string, number>();
  stages.forEach((s, i) => {
    for (const f of fieldsWritten(s)) if (!by.has(f)) by.set(f, i);
    if (s.system !== undefined && !by.has(SYSTEM_FIELD)) by.set(SYSTEM_FIELD, i - 0.25);
  });
  return by;
}

/** With the whole config: each stage's teacher is one of the pipeline's named `teachers`. */
export function checkStageTeachers(config: { teachers: Record<string, unknown>; params: Pick<CustomParams, 'stages'> }, ctx: z.RefinementCtx): void {
  config.params.stages.forEach((s, i) => {
    if (s.teacher !== undefined && !(s.teacher in config.teachers)) {
      const known = Object.keys(config.teachers).join(', ') || 'none defined';
      ctx.addIssue({ code: 'custom', path: ['params', 'stages', i, 'teacher'], message: `no teacher named "${s.teacher}" in teachers (${known})` });
    }
  });
}

export function checkPipelineShape(p: CustomParams, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const seen = new Map<string, number>();
  p.stages.forEach((s, i) => {
    for (const f of fieldsWritten(s)) {
      const other = seen.get(f);
      if (other !== undefined) issue(['stages', i, 'name'], `field "${f}" is already written by stage "${p.stages[other]!.name}"; every field needs one writer`);
      seen.set(f, i);
    }
    if (s.output.type === 'json') checkJsonSchema(s.output.schema, ['stages', i, 'output', 'schema'], issue);
    if (s.output.type === 'regex') {
      for (const [name, source] of Object.entries(s.output.fields)) checkRegex(source, s.output.flags, ['stages', i, 'output', 'fields', name], issue);
    }
    s.filters.forEach((f, j) => {
      if (f.type === 'regex') {
        if (f.must_match === undefined && f.must_not_match === undefined) issue(['stages', i, 'filters', j], 'a regex filter needs must_match or must_not_match');
        for (const k of ['must_match', 'must_not_match'] as const) if (f[k] !== undefined) checkRegex(f[k]!, f.flags, ['stages', i, 'filters', j, k], issue);
      }
      if (f.type === 'range' && f.min === undefined && f.max === undefined) issue(['stages', i, 'filters', j], 'a range filter needs min or max');
    });
  });
  const rouge = p.stages.flatMap((s, i) => s.filters.map((f, j) => ({ f, path: ['stages', i, 'filters', j] as (string | number)[] }))).filter((x) => x.f.type === 'rouge');
  if (rouge.length > 1) issue(rouge[1]!.path, 'a pipeline has at most one rouge filter (one novelty pool)');
  const by = writers(p.stages);
  for (const use of fieldUses(p)) {
    const w = by.get(use.name);
    if (w === undefined || use.at < 0) continue; // an input column: checked against the file once it is read
    if (w >= use.at) {
      const writer = p.stages[Math.ceil(w)]!.name;
      issue(use.path, `{{${use.name}}} is written by stage "${writer}", which does not come before this point (stages run in order and read only earlier stages' fields: a cycle or a forward reference)`);
    }
  }
}

function checkJsonSchema(schema: Record<string, unknown>, path: (string | number)[], issue: (path: (string | number)[], m: string) => void): void {
  if (schema['type'] !== 'object') return issue(path, 'expected a JSON Schema of type "object" (its properties become the row\'s fields)');
  try {
    z.fromJSONSchema(schema as never);
  } catch (err) {
    issue(path, `not a valid JSON Schema: ${(err as Error).message}`);
  }
}

function checkRegex(source: string, flags: string, path: (string | number)[], issue: (path: (string | number)[], m: string) => void): void {
  try {
    new RegExp(source, flags);
  } catch (err) {
    issue(path, `not a valid regular expression: ${(err as Error).message}`);
  }
}
