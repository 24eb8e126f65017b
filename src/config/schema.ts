import { z } from 'zod';
import { BudgetSchema, LimitsSchema, PriceSchema, SeedsSchema, TeacherConfigSchema } from './common.js';
import { SelfInstructParamsSchema } from '../methods/self-instruct/params.js';
import { AlpacaParamsSchema } from '../methods/alpaca/params.js';
import { SelfChatParamsSchema, checkSelfChatPipeline } from '../methods/self-chat/params.js';
import { EvolInstructParamsSchema } from '../methods/evol-instruct/params.js';
import { BacktranslationParamsSchema } from '../methods/backtranslation/params.js';
import { JudgeConfigSchema } from '../engine/judge-stage.js';

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
  /** The LLM judge stage applied to a method's accepted samples (off by default; see README). */
  judge: JudgeConfigSchema,
};

export const PipelineSchema = z.discriminatedUnion('method', [
  z.strictObject({ ...common, method: z.literal('self-instruct'), params: SelfInstructParamsSchema.prefault({}) }),
  z.strictObject({ ...common, method: z.literal('alpaca'), params: AlpacaParamsSchema.prefault({}) }),
  z.strictObject({ ...common, method: z.literal('self-chat'), params: SelfChatParamsSchema.prefault({}) }).superRefine(checkSelfChatPipeline),
  z.strictObject({ ...common, method: z.literal('evol-instruct'), params: EvolInstructParamsSchema.prefault({}) }),
  z.strictObject({ ...common, method: z.literal('backtranslation'), params: BacktranslationParamsSchema.prefault({}) }),
]);
export type PipelineConfig = z.infer<typeof PipelineSchema>;
export type MethodName = PipelineConfig['method'];
export type ConfigOf<M extends MethodName> = Extract<PipelineConfig, { method: M }>;
