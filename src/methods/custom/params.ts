import { z } from 'zod';
import { stageSampling, type RecipeConfig } from '../../config/common.js';
import { checkPipelineShape } from './check.js';

/** A name a template can use as {{name}}: the template syntax's own rule. */
const FIELD = z.string().regex(/^[a-z_][a-z0-9_]*$/i, 'a field name of letters, digits and "_" (not starting with a digit)');

/** Where the rows come from: one file (or a Hugging Face-layout folder), or another run's accepted samples. */
export const CustomInputsSchema = z
  .strictObject({
    /** A .json (array of objects), .jsonl, .csv or .parquet file, or a folder holding such files (data/*.parquet ...). */
    path: z.string().min(1).optional(),
    /** `auto` reads the extension. */
    format: z.enum(['auto', 'json', 'jsonl', 'csv', 'parquet']).default('auto'),
    /** Another run of the same database whose accepted samples are the rows (fields instruction, input, output, and their meta). */
    from_run: z.string().min(1).optional(),
    /** Which kind of that run's samples; default: the main kind of its method. */
    from_kind: z.string().min(1).optional(),
    /** Rename columns: template name → column in the file (dots reach into nested objects, e.g. `instances.0.input`). Unmapped columns keep their names. */
    columns: z.record(FIELD, z.string().min(1)).default({}),
    /** Which rows: all of them (default), `first: N`, a seeded `sample: N`, or `range: [from, to)`. */
    first: z.number().int().positive().optional(),
    sample: z.number().int().positive().optional(),
    range: z.tuple([z.number().int().nonnegative(), z.number().int().positive()]).optional(),
  })
  .refine((i) => (i.path ? 1 : 0) + (i.from_run ? 1 : 0) === 1, { message: 'set exactly one of params.inputs.path or params.inputs.from_run' })
  .refine((i) => [i.first, i.sample, i.range].filter((x) => x !== undefined).length <= 1, { message: 'choose at most one of first, sample, range' })
  .refine((i) => !i.range || i.range[0] < i.range[1], { message: 'range is [from, to) with from < to' });

/** A system message: fixed text, a row's column, or one drawn per row from a weighted list (Orca's table of system messages). */
export const SystemSchema = z.union([
  z.string(),
  z.strictObject({ field: FIELD }),
  z.strictObject({ choose: z.array(z.strictObject({ text: z.string(), weight: z.number().positive().default(1) })).min(1) }),
]);

export const OutputSchema = z.discriminatedUnion('type', [
  /** The answer's text is the stage's field. */
  z.strictObject({ type: z.literal('text') }),
  /** A JSON object validated against `schema` (JSON Schema); each top-level property becomes a field. */
  z.strictObject({
    type: z.literal('json'),
    schema: z.record(z.string(), z.unknown()),
    /** Send the schema as `response_format` (chat mode); otherwise it is only asked for in the prompt. Default: teacher.structured_outputs. */
    response_format: z.boolean().optional(),
  }),
  /** Named fields cut out of the text, each by a regex whose first group (or whole match) is the value. */
  z.strictObject({ type: z.literal('regex'), fields: z.record(FIELD, z.string().min(1)), flags: z.string().regex(/^[imsu]*$/).default('im') }),
]);

const field = { field: FIELD };
export const FilterSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('words'), ...field, min: z.number().int().nonnegative().default(0), max: z.number().int().positive().optional() }),
  z.strictObject({ type: z.literal('chars'), ...field, min: z.number().int().nonnegative().default(0), max: z.number().int().positive().optional() }),
  z.strictObject({ type: z.literal('blocklist'), ...field, words: z.array(z.string().min(1)).min(1) }),
  /** ROUGE-L against every accepted row's field so far (and the inputs' `inputs_field`, if given); rejected at or above `threshold`. */
  z.strictObject({ type: z.literal('rouge'), ...field, threshold: z.number().gt(0).max(1).default(0.7), inputs_field: FIELD.optional() }),
  z.strictObject({ type: z.literal('language'), ...field, allowed: z.array(z.string().min(2)).min(1).default(['en']) }),
  z.strictObject({ type: z.literal('regex'), ...field, must_match: z.string().optional(), must_not_match: z.string().optional(), flags: z.string().regex(/^[imsu]*$/).default('i') }),
  /** The same text (case and whitespace aside) as an accepted row's. */
  z.strictObject({ type: z.literal('duplicate'), ...field }),
  /** A number in a field (e.g. a judge stage's score) within [min, max]. */
  z.strictObject({ type: z.literal('range'), ...field, min: z.number().optional(), max: z.number().optional() }),
  /** The LLM judge (a 1-5 rubric, prompts/judge/): the rubric's {{instruction}} and {{output}} are these fields. */
  z.strictObject({
    type: z.literal('judge'),
    instruction: FIELD,
    output: FIELD,
    input: FIELD.optional(),
    prompt: z.string().min(1).default('prompts/judge/quality-v1.txt'),
    min_score: z.number().min(1).max(5).default(4),
    sampling: stageSampling({ temperature: 0, top_p: 1, max_tokens: 512 }),
  }),
]);
export type CustomFilter = z.infer<typeof FilterSchema>;

export const CustomStageSchema = z
  .strictObject({
    /** The stage's name: the journal's stage, and the field its text output is stored under. */
    name: FIELD,
    /** The user prompt, inline, with {{placeholders}} naming input columns and earlier stages' fields. */
    template: z.string().min(1).optional(),
    /** Or the prompt in a file (relative to the pipeline's folder). */
    template_file: z.string().min(1).optional(),
    system: SystemSchema.optional(),
    sampling: stageSampling({ temperature: 0.7, top_p: 1, max_tokens: 1024 }),
    /** Answers per row: each is a row of its own from here on. */
    n: z.number().int().min(1).max(64).default(1),
    /** A name from the pipeline's `teachers`; default: the pipeline's `teacher`. */
    teacher: z.string().min(1).optional(),
    output: OutputSchema.prefault({ type: 'text' }),
    filters: z.array(FilterSchema).default([]),
  })
  .refine((s) => (s.template ? 1 : 0) + (s.template_file ? 1 : 0) === 1, { message: 'set exactly one of template or template_file' });
export type CustomStage = z.infer<typeof CustomStageSchema>;

/** A message of the exported conversation; `content` is a template over the row's fields. */
const MessageSchema = z.strictObject({ role: z.enum(['system', 'user', 'assistant']), content: z.string() });

/** How a finished row becomes a dataset row: templates over its fields. */
export const CustomOutputSchema = z
  .strictObject({
    instruction: z.string().optional(),
    input: z.string().optional(),
    output: z.string().optional(),
    messages: z.array(MessageSchema).min(1).optional(),
    /** Extra columns export carries: column name → field. */
    columns: z.record(FIELD, FIELD).default({}),
  })
  .refine((o) => o.messages !== undefined || (o.instruction !== undefined && o.output !== undefined), {
    message: 'give instruction and output (templates over the row\'s fields), or messages',
  });

export const CustomParamsSchema = z
  .strictObject({
    inputs: CustomInputsSchema,
    /** Input rows per wave: each wave runs every stage over its rows and is stored as one transaction. */
    wave_size: z.number().int().min(1).max(4096).default(32),
    stages: z.array(CustomStageSchema).min(1),
    output: CustomOutputSchema,
  })
  .superRefine(checkPipelineShape);
export type CustomParams = z.infer<typeof CustomParamsSchema>;
export type CustomConfig = RecipeConfig<'custom', CustomParams>;
