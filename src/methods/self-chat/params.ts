import { z } from 'zod';
import { stageSampling, type RecipeConfig } from '../../config/common.js';
import { notAbove } from '../../config/refine.js';

/** ISO 639-1 codes as eld reports them. */
const LanguageCode = z.string().regex(/^[a-z]{2,3}$/, 'an ISO 639-1 language code such as "en"');

/**
 * Self-chat parameters (methods.md section 5, Baize). Baize sent the API's default sampling
 * parameters; the max_tokens values are ours.
 */
export const SelfChatParamsSchema = z.strictObject({
  /**
   * `transcript`: one call per topic writes the whole conversation (Baize v1).
   * `two-context`: a human simulator and the assistant, each in its own context, alternate (Baize v2).
   */
  mode: z.enum(['transcript', 'two-context']).default('transcript'),
  /** Conversations in flight per wave. The dataset depends on it, never on concurrency. */
  wave_size: z.number().int().min(1).max(4096).default(8),
  topics: z
    .strictObject({
      /** One topic per line; a .jsonl file is read as seed tasks and their instructions become the topics. */
      path: z.string().min(1).default('seeds/topics.txt'),
      /** Use only the first N topics (0: all). */
      limit: z.number().int().nonnegative().default(0),
    })
    .prefault({}),
  /** How many conversations each topic may start (each later one is a fresh draw of the same prompt). */
  passes: z.number().int().min(1).max(100).default(1),
  /** two-context mode: human/assistant rounds per conversation at most. */
  max_rounds: z.number().int().min(1).max(50).default(5),
  /** two-context mode: a short thank-you or goodbye from the human (no question) ends the conversation and is not kept. */
  end_on_closing: z.boolean().default(true),
  /** Reject conversations with fewer human/assistant exchanges than this. */
  min_turns: z.number().int().min(1).default(2),
  /** Keep a conversation only if its first user turn is in one of these languages (or not reliably detected); [] turns the filter off. */
  languages: z.array(LanguageCode).default(['en']),
  /** Reject when the first user turn has ROUGE-L F above this against an accepted conversation's. */
  rouge_threshold: z.number().min(0).max(1).default(0.7),
  prompts: z
    .strictObject({
      transcript: z.string().default('prompts/self-chat/transcript-v1.txt'),
      human_turn: z.string().default('prompts/self-chat/human-turn-v1.txt'),
    })
    .prefault({}),
  /** transcript mode: the single call per topic. */
  transcript: stageSampling({ temperature: 1, top_p: 1, max_tokens: 2048 }),
  /** two-context mode: the human simulator (stops before the assistant's line). */
  human: stageSampling({ temperature: 1, top_p: 1, max_tokens: 256, stop: ['[AI]'] }),
  /** two-context mode: the assistant, answering in its own chat context. */
  assistant: stageSampling({ temperature: 1, top_p: 1, max_tokens: 1024 }),
})
  // two-context conversations end after max_rounds exchanges: fewer than min_turns rejects every one.
  .superRefine(notAbove('min_turns', 'max_rounds', 2, (p) => p.mode === 'two-context'));
export type SelfChatParams = z.infer<typeof SelfChatParamsSchema>;
/** A pipeline config of this recipe: the common keys with its method and params. */
export type SelfChatConfig = RecipeConfig<'self-chat', SelfChatParams>;

/**
 * Cross-key rules, checked with the rest of the config: the assistant of two-context mode needs a chat
 * endpoint, and the common judge (one instruction and output) does not apply to conversations.
 */
export function checkSelfChatPipeline(cfg: { teacher: { mode: string }; params: { mode: string }; judge?: { enabled: boolean } }, ctx: z.RefinementCtx): void {
  if (cfg.judge?.enabled) {
    ctx.addIssue({
      code: 'custom',
      path: ['judge', 'enabled'],
      message: 'the judge rates one instruction and its output; self-chat conversations are not judged (remove judge.enabled)',
      input: true,
    });
  }
  if (cfg.params.mode === 'two-context' && cfg.teacher.mode !== 'chat') {
    ctx.addIssue({
      code: 'custom',
      path: ['params', 'mode'],
      message: 'two-context needs teacher.mode "chat" (the assistant answers in its own chat context; use mode "transcript" with completion endpoints)',
      input: cfg.teacher.mode,
    });
  }
}
