import { z } from 'zod';
import { stageSampling, type RecipeConfig } from '../../config/common.js';

/** A rounds range: each conversation draws its own number of rounds from it. */
const RoundsSchema = z
  .strictObject({
    min: z.number().int().min(1).max(50),
    max: z.number().int().min(1).max(50),
  })
  .refine((r) => r.min <= r.max, { message: 'rounds.min must not be above rounds.max', path: ['min'] });

/**
 * UltraChat parameters (recipes-more.md "UltraChat"; Ding et al. 2023 section 3). The paper gives
 * the list sizes and round ranges; it publishes neither prompts nor sampling values, so the
 * sampling values here are ours.
 */
export const UltraChatParamsSchema = z.strictObject({
  /** Conversations in flight per wave (one round each per wave). The dataset depends on it, never on concurrency. */
  wave_size: z.number().int().min(1).max(4096).default(8),
  openers: z
    .strictObject({
      /**
       * Where the conversations' opening lines come from:
       * `topics`: Questions about the World (meta-topics -> subtopics -> questions [-> more questions]);
       * `materials`: Assistance on Existing Materials (text pieces -> instructions -> a fixed opener template);
       * `file`: openers given by the user (e.g. Creation and Writing instructions).
       */
      source: z.enum(['topics', 'materials', 'file']).default('topics'),
      /** topics: the meta-topic file (one per line; default 25 topics of our own). */
      topics: z
        .strictObject({
          path: z.string().min(1).default('seeds/ultrachat/topics.txt'),
          /** Use only the first N topics (0: all). */
          limit: z.number().int().nonnegative().default(0),
        })
        .prefault({}),
      /** topics: subtopics asked per meta-topic (the paper: 30-50). */
      subtopics: z.number().int().min(1).max(200).default(30),
      /** topics: questions asked per subtopic (the paper: 10). */
      questions: z.number().int().min(1).max(100).default(10),
      /** topics: further questions asked per question (the paper: 10); 0 turns the step off. */
      expand: z.number().int().min(0).max(100).default(0),
      /**
       * materials: text pieces, as JSONL (one {"text", "url"?, "title"?, "type"?} per line) or as a text
       * file (pieces separated by "---" lines, or else by blank lines).
       */
      materials: z
        .strictObject({
          path: z.string().min(1).default('seeds/ultrachat/materials.jsonl'),
          /** Use only the first N pieces (0: all). */
          limit: z.number().int().nonnegative().default(0),
          /** Pieces longer than this many characters are cut at a paragraph or sentence end before use. */
          max_chars: z.number().int().min(200).max(100_000).default(4000),
        })
        .prefault({}),
      /** materials: instructions asked per piece (the paper: 5). */
      instructions: z.number().int().min(1).max(50).default(5),
      /** file: one opener per line (.txt) or one {"opener"} per line (.jsonl). */
      file: z
        .strictObject({
          path: z.string().min(1).default('seeds/ultrachat/openers.txt'),
          /** Use only the first N openers (0: all). */
          limit: z.number().int().nonnegative().default(0),
        })
        .prefault({}),
    })
    .prefault({}),
  /**
   * Rounds per conversation (one user turn and one answer each), drawn per conversation from its own
   * seeded stream. Default (absent): 3..7 for topics and file (the paper's world questions), 2..4 for
   * materials (the paper's writing and material sectors; set 2..4 for writing openers given as a file).
   * A conversation cut short (role confusion, politeness only, truncation) is kept when it has at least `min`.
   */
  rounds: RoundsSchema.optional(),
  /**
   * Restate the conversation's goal (its opener's first paragraph) in every reminder the user
   * simulator gets, as the paper does for Creation and Writing; meant for writing openers. Off by default.
   */
  goal_reminder: z.boolean().default(false),
  prompts: z
    .strictObject({
      subtopics: z.string().default('prompts/ultrachat/subtopics-v1.txt'),
      questions: z.string().default('prompts/ultrachat/questions-v1.txt'),
      expand: z.string().default('prompts/ultrachat/expand-v1.txt'),
      material_instructions: z.string().default('prompts/ultrachat/material-instructions-v1.txt'),
      material_opener: z.string().default('prompts/ultrachat/material-opener-v1.txt'),
      user_persona: z.string().default('prompts/ultrachat/user-persona-v1.txt'),
      user_reminder: z.string().default('prompts/ultrachat/user-reminder-v1.txt'),
      goal_reminder: z.string().default('prompts/ultrachat/goal-reminder-v1.txt'),
    })
    .prefault({}),
  /** The list-writing calls (subtopics, questions, expansions, material instructions). */
  lists: stageSampling({ temperature: 1, top_p: 1, max_tokens: 2048 }),
  /** The user simulator's turns. */
  user: stageSampling({ temperature: 1, top_p: 1, max_tokens: 300 }),
  /** The assistant's answers, in its own chat context (teacher.system_prompt, if set, is its system message). */
  assistant: stageSampling({ temperature: 0.7, top_p: 1, max_tokens: 1024 }),
});
export type UltraChatParams = z.infer<typeof UltraChatParamsSchema>;
export type UltraChatConfig = RecipeConfig<'ultrachat', UltraChatParams>;

/** The rounds range in force: the configured one, else the paper's range for the source. */
export function roundsOf(p: Pick<UltraChatParams, 'rounds' | 'openers'>): { min: number; max: number } {
  if (p.rounds) return p.rounds;
  return p.openers.source === 'materials' ? { min: 2, max: 4 } : { min: 3, max: 7 };
}

/**
 * Cross-key rules: both roles are chat contexts (a system persona for the simulator, a real
 * conversation for the assistant), so a completion endpoint cannot run it; the common judge rates
 * one instruction and output, not a conversation.
 */
export function checkUltraChatPipeline(cfg: { teacher: { mode: string }; judge?: { enabled: boolean } }, ctx: z.RefinementCtx): void {
  if (cfg.judge?.enabled) {
    ctx.addIssue({
      code: 'custom',
      path: ['judge', 'enabled'],
      message: 'the judge rates one instruction and its output; ultrachat conversations are not judged (remove judge.enabled)',
      input: true,
    });
  }
  if (cfg.teacher.mode !== 'chat') {
    ctx.addIssue({
      code: 'custom',
      path: ['teacher', 'mode'],
      message: 'ultrachat needs teacher.mode "chat": the user simulator and the assistant each answer in their own chat context (a completion endpoint has none)',
      input: cfg.teacher.mode,
    });
  }
}
