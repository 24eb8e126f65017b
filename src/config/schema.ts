import { z } from 'zod';
import { BudgetSchema, LimitsSchema, PriceSchema, SeedsSchema, TeacherConfigSchema } from './common.js';
import { SelfInstructParamsSchema } from '../methods/self-instruct/params.js';

/** Keys every pipeline shares, whatever its method. */
const common = {
  /** The run's name in the database; running an existing name resumes it. */
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'a name of letters, digits, ".", "_" or "-"'),
  description: z.string().optional(),
  seed: z.number().int().nonnegative().default(42),
  /** How many accepted samples of the method's main kind to reach. */
  target: z.number().int().positive().default(100),
  seeds: SeedsSchema.prefault({}),
  teacher: TeacherConfigSchema.prefault({}),
  /** Price table, USD per million tokens, by model name. */
  prices: z.record(z.string(), PriceSchema).default({}),
  limits: LimitsSchema.prefault({}),
  budget: BudgetSchema.prefault({}),
};

export const PipelineSchema = z.discriminatedUnion('method', [
  z.strictObject({ ...common, method: z.literal('self-instruct'), params: SelfInstructParamsSchema.prefault({}) }),
]);
export type PipelineConfig = z.infer<typeof PipelineSchema>;
export type MethodName = PipelineConfig['method'];
export type ConfigOf<M extends MethodName> = Extract<PipelineConfig, { method: M }>;
