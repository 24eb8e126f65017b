import { z } from 'zod';
import type { RunContext } from '../../engine/context.js';
import type { NoveltyPool } from '../../engine/novelty-pool.js';
import { chatFormatVerdicts } from '../../chat/edits.js';
import { askEach, type Answer } from '../../engine/stage.js';
import type { Template } from '../../prompts/template.js';
import type { SampleRow, Verdict } from '../../store/samples.js';
import { firstTurnVerdicts, isClosingTurn, verdictReason } from './judge.js';
import type { SelfChatConfig } from './params.js';
import { turnCount } from './parse.js';
import { assistantTurnStage, humanTurnStage, transcriptStage } from './stages.js';

type Ctx = RunContext<SelfChatConfig>;

const MessageSchema = z.strictObject({ role: z.enum(['user', 'assistant']), content: z.string() });
const VerdictSchema = z.strictObject({ filter: z.string(), passed: z.boolean(), score: z.number().nullable().optional(), detail: z.unknown().optional() });
export const ConversationSchema = z.strictObject({
  /** Index of the conversation in the run: topic n mod topics, pass n div topics. */
  n: z.number().int().nonnegative(),
  topicId: z.number().int(),
  topic: z.string(),
  messages: z.array(MessageSchema),
  /** The call that produced each message, aligned with `messages`. */
  callIds: z.array(z.number().int()),
  startedWave: z.number().int(),
  /**
   * Answer-level verdicts of the conversation's calls so far: each normalised chat answer's
   * `chat-format` verdict (naming its stage) and the journal's checks. Absent when there are none,
   * so completion-mode states stay as they were.
   */
  verdicts: z.array(VerdictSchema).optional(),
});
export type Conversation = z.infer<typeof ConversationSchema>;

export interface Finished {
  conv: Conversation;
  /** Why the conversation ended (kept in the sample's meta). */
  ended: string;
  /** The last call of the conversation. */
  callId: number | null;
  extra?: Record<string, unknown>;
}

export interface Templates {
  transcript: Template;
  human: Template;
}

export interface ModeResult {
  finished: Finished[];
  /** Conversations that go on in the next wave. */
  live: Conversation[];
}

/** The conversation with one answer's `chat-format` verdict and checks added (unchanged when it has none). */
export function withAnswerVerdicts(c: Conversation, stage: string, o: Answer<unknown>): Conversation {
  if (!o.ok) return c;
  const added: Verdict[] = [...chatFormatVerdicts(o.edits, undefined, stage), ...o.checks];
  return added.length === 0 ? c : { ...c, verdicts: [...(c.verdicts ?? []), ...added] };
}

export function startConversation(n: number, topics: readonly SampleRow[], wave: number): Conversation {
  const topic = topics[n % topics.length]!;
  return { n, topicId: topic.id, topic: topic.instruction, messages: [], callIds: [], startedWave: wave };
}

/** Transcript mode: one call per conversation writes it whole, so every conversation finishes in its wave. */
export async function transcriptWave(ctx: Ctx, t: Templates, wave: number, live: Conversation[]): Promise<ModeResult> {
  const answers = await askEach(ctx, wave, transcriptStage, live, { template: t.transcript, sampling: ctx.config.params.transcript });
  const finished = live.map((c, i): Finished => {
    const o = answers[i]!;
    if (!o.ok) return { conv: c, ended: 'call-failed', callId: o.callId };
    const parsed = o.value;
    const conv = { ...withAnswerVerdicts(c, transcriptStage.name, o), messages: parsed.messages, callIds: parsed.messages.map(() => o.callId) };
    return {
      conv,
      ended: o.finishReason === 'length' ? 'truncated' : parsed.stoppedAt === null ? 'transcript' : 'malformed-segment',
      callId: o.callId,
      extra: { segments: parsed.segments, stopped_at: parsed.stoppedAt },
    };
  });
  return { finished, live: [] };
}

/** Two-context mode: one round per wave, the human simulator's turn and then the assistant's answer. */
export async function twoContextWave(ctx: Ctx, t: Templates, wave: number, live: Conversation[], pool: NoveltyPool): Promise<ModeResult> {
  const p = ctx.config.params;
  const finished: Finished[] = [];
  const clone = (c: Conversation): Conversation => ({ ...c, messages: [...c.messages], callIds: [...c.callIds] });

  const humans = await askEach(ctx, wave, humanTurnStage, live, { template: t.human, sampling: p.human });
  const asking: Conversation[] = [];
  live.forEach((c0, i) => {
    const o = humans[i]!;
    const c = clone(withAnswerVerdicts(c0, humanTurnStage.name, o));
    if (!o.ok) return finished.push({ conv: c, ended: 'call-failed', callId: o.callId });
    if (o.finishReason === 'length') return finished.push({ conv: c, ended: 'truncated-human-turn', callId: o.callId });
    const text = o.value;
    if (text === '') return finished.push({ conv: c, ended: 'human-done', callId: o.callId });
    if (p.end_on_closing && c.messages.length > 0 && isClosingTurn(text)) {
      return finished.push({ conv: c, ended: 'human-closing', callId: o.callId, extra: { closing: text } });
    }
    c.messages.push({ role: 'user', content: text });
    c.callIds.push(o.callId);
    // Language and ROUGE-L look only at the first user turn: a conversation that fails them stops here.
    if (c.messages.length === 1 && verdictReason(firstTurnVerdicts(text, p, pool))) {
      return finished.push({ conv: c, ended: 'first-turn-rejected', callId: o.callId });
    }
    asking.push(c);
  });

  const answers = await askEach(ctx, wave, assistantTurnStage, asking, { sampling: p.assistant });
  const still: Conversation[] = [];
  asking.forEach((c1, i) => {
    const o = answers[i]!;
    const c = withAnswerVerdicts(c1, assistantTurnStage.name, o);
    const reply = o.ok && o.finishReason !== 'length' ? o.value : '';
    if (reply === '') {
      // The unanswered human turn is not part of the conversation; the meta keeps it.
      const unanswered = c.messages.pop()!.content;
      c.callIds.pop();
      const ended = !o.ok ? 'call-failed' : o.finishReason === 'length' ? 'truncated-assistant-turn' : 'empty-assistant-turn';
      return finished.push({ conv: c, ended, callId: o.callId, extra: { unanswered } });
    }
    c.messages.push({ role: 'assistant', content: reply });
    c.callIds.push(o.callId);
    if (turnCount(c.messages) >= p.max_rounds) finished.push({ conv: c, ended: 'max-rounds', callId: o.callId });
    else still.push(c);
  });
  return { finished, live: still };
}
