import { z } from 'zod';

/** Sampling parameters a recipe sets per stage; names follow the OpenAI API. */
export const SamplingParamsSchema = z.object({
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  max_tokens: z.number().int().positive().optional(),
  stop: z.array(z.string()).max(4).optional(),
  presence_penalty: z.number().min(-2).max(2).optional(),
  frequency_penalty: z.number().min(-2).max(2).optional(),
  /** Sent to the server so that sampling servers (vLLM, the fake server) can reproduce a draw. */
  seed: z.number().int().optional(),
});
export type SamplingParams = z.infer<typeof SamplingParamsSchema>;
