/**
 * Zod schemas for the two seed-task line formats the loader accepts:
 *
 * - the Distillery format (our own pools under `seeds/`), one flat record per task;
 * - the Self-Instruct `seed_tasks.jsonl` format (yizhongw/self-instruct), so users can
 *   bring the original 175 tasks unchanged.
 *
 * Every schema message is written as "expected ..." so the loader can turn the first
 * issue into `file:line: key "<key>": expected ...`.
 */
import { z } from 'zod';

/** A seed task after loading, whatever format it came from. */
export interface SeedTask {
  id: string;
  instruction: string;
  instances: { input: string; output: string }[];
  isClassification: boolean;
  category?: string;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (key is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.trim() === '' ? 'an empty string' : 'a string';
  return `a ${typeof value}`;
}

/** A string with at least one non-whitespace character. */
function nonEmptyString() {
  const expected = 'expected a non-empty string';
  return z
    .string({ error: (iss) => `${expected}, got ${describeValue(iss.input)}` })
    .refine((s) => s.trim().length > 0, { error: `${expected}, got an empty string` });
}

/** Any string, empty allowed (e.g. an instance input). */
function anyString() {
  return z.string({ error: (iss) => `expected a string (may be empty), got ${describeValue(iss.input)}` });
}

function bool() {
  return z.boolean({ error: (iss) => `expected true or false, got ${describeValue(iss.input)}` });
}

/** Category labels are short kebab-case words: "writing", "qa", "data-extraction". */
const CATEGORY_RE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** One line of a Distillery seed pool (seeds/tasks.jsonl). Unknown keys are rejected. */
export const DistillerySeedLineSchema = z.strictObject(
  {
    id: nonEmptyString(),
    category: nonEmptyString().refine((s) => CATEGORY_RE.test(s), {
      error: 'expected a short kebab-case label such as "writing" or "data-extraction"',
    }),
    instruction: nonEmptyString(),
    input: anyString(),
    output: nonEmptyString(),
    is_classification: bool(),
  },
  { error: (iss) => (iss.code === 'unrecognized_keys' ? 'unexpected key' : undefined) },
);
export type DistillerySeedLine = z.infer<typeof DistillerySeedLineSchema>;

/** One instance of a Self-Instruct seed task. */
export const SelfInstructInstanceSchema = z.object(
  {
    input: anyString(),
    output: nonEmptyString(),
  },
  { error: (iss) => `expected an object {"input": string, "output": string}, got ${describeValue(iss.input)}` },
);

/** One line of the Self-Instruct `seed_tasks.jsonl`. Extra keys are tolerated. */
export const SelfInstructSeedLineSchema = z.object({
  id: nonEmptyString(),
  name: anyString(),
  instruction: nonEmptyString(),
  instances: z
    .array(SelfInstructInstanceSchema, {
      error: (iss) => `expected a non-empty array of {"input", "output"} objects, got ${describeValue(iss.input)}`,
    })
    .min(1, { error: 'expected a non-empty array of {"input", "output"} objects, got an empty array' }),
  is_classification: bool(),
});
export type SelfInstructSeedLine = z.infer<typeof SelfInstructSeedLineSchema>;

/** The normalised shape, for callers that want to validate a SeedTask built elsewhere. */
export const SeedTaskSchema = z.object({
  id: nonEmptyString(),
  instruction: nonEmptyString(),
  instances: z.array(z.object({ input: anyString(), output: anyString() })).min(1),
  isClassification: bool(),
  category: z.string().optional(),
});

export type SeedLineFormat = 'distillery' | 'self-instruct';

/**
 * Which format a parsed JSON object is written in. A line with `instances` (or a
 * `name` and no `category`) is Self-Instruct; anything else is checked as Distillery.
 */
export function detectSeedLineFormat(obj: Record<string, unknown>): SeedLineFormat {
  if ('instances' in obj) return 'self-instruct';
  if ('name' in obj && !('category' in obj)) return 'self-instruct';
  return 'distillery';
}

export function fromDistilleryLine(line: DistillerySeedLine): SeedTask {
  return {
    id: line.id,
    instruction: line.instruction,
    instances: [{ input: line.input, output: line.output }],
    isClassification: line.is_classification,
    category: line.category,
  };
}

export function fromSelfInstructLine(line: SelfInstructSeedLine): SeedTask {
  return {
    id: line.id,
    instruction: line.instruction,
    instances: line.instances.map((i) => ({ input: i.input, output: i.output })),
    isClassification: line.is_classification,
  };
}
