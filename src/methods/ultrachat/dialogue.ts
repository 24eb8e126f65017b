/**
 * One UltraChat conversation between waves, and the pure decisions of a round: what the user
 * simulator sees (its persona, the transcript with roles swapped, the reminder), what becomes of
 * its turn (role confusion and politeness), and the verdicts of a finished conversation.
 */
import { z } from 'zod';
import { firstFailure } from '../../filters/heuristics.js';
import type { Verdict } from '../../store/samples.js';
import type { ChatMessage } from '../../teacher/types.js';
import { roleConfusion, stripPoliteness, type RoleConfusion } from './turn-filters.js';

export interface Message {
  role: 'user' | 'assistant';
  content: string;
}

const MessageSchema = z.strictObject({ role: z.enum(['user', 'assistant']), content: z.string() });
const VerdictSchema = z.strictObject({ filter: z.string(), passed: z.boolean(), score: z.number().nullable().optional(), detail: z.unknown().optional() });

export const LiveSchema = z.strictObject({
  /** The conversation's index in the run (its rounds are drawn from stream n). */
  n: z.number().int().nonnegative(),
  openerId: z.number().int(),
  opener: z.string(),
  /** What the opener sample says of where it came from (source, topic, subtopic, text type...). */
  origin: z.record(z.string(), z.unknown()),
  planned: z.number().int().min(1),
  messages: z.array(MessageSchema),
  /** The call behind each message (null for an opener given in a file), aligned with `messages`. */
  callIds: z.array(z.number().int().nullable()),
  startedWave: z.number().int(),
  /** The calls' chat-format verdicts and answer checks so far. */
  verdicts: z.array(VerdictSchema).optional(),
  /** Polite statements taken out of user turns so far. */
  polite: z.array(z.strictObject({ round: z.number().int(), removed: z.array(z.string()) })).optional(),
});
export type Live = z.infer<typeof LiveSchema>;

/** How a conversation ended; its sample's meta keeps it. */
export type Ending =
  | { why: 'planned-rounds' }
  | { why: 'role-confusion'; round: number; found: RoleConfusion }
  | { why: 'politeness-only'; round: number; text: string }
  | { why: 'truncated-user-turn' | 'truncated-answer'; round: number }
  | { why: 'empty-user-turn' | 'empty-answer' | 'call-failed'; round: number; error?: string };

export function roundsKept(messages: readonly Message[]): number {
  return messages.filter((m) => m.role === 'assistant').length;
}

/**
 * What the user simulator is sent: its persona as the system message, the conversation with roles
 * swapped (its own turns, the opener first, as the assistant's), and the reminder after the latest
 * reply, which keeps it from answering as the assistant would.
 */
export function userView(persona: string, reminder: string, messages: readonly Message[]): ChatMessage[] {
  const swapped = messages.map((m): ChatMessage => ({ role: m.role === 'user' ? 'assistant' : 'user', content: m.content }));
  const last = swapped.at(-1);
  if (last && last.role === 'user') swapped[swapped.length - 1] = { role: 'user', content: `${last.content}\n\n${reminder}` };
  return [{ role: 'system', content: persona }, ...swapped];
}

/** The goal a reminder restates: the opener's first paragraph, on one line, at most 300 characters. */
export function goalOf(opener: string): string {
  const first = opener.trim().split(/\n\s*\n/)[0]!.replace(/\s+/g, ' ').trim();
  return first.length > 300 ? `${first.slice(0, 299)}…` : first;
}

/** A simulated user turn, read: the message to add (politeness taken out), or why the conversation ends before it. */
export type UserTurn = { ok: true; text: string; removed: string[] } | { ok: false; ending: Ending };

export function readUserTurn(text: string, round: number): UserTurn {
  if (text.trim() === '') return { ok: false, ending: { why: 'empty-user-turn', round } };
  const found = roleConfusion(text);
  if (found) return { ok: false, ending: { why: 'role-confusion', round, found } };
  const polite = stripPoliteness(text);
  if (polite.text === '') return { ok: false, ending: { why: 'politeness-only', round, text: text.trim() } };
  return { ok: true, text: polite.text, removed: polite.removed };
}

/**
 * The verdicts of a finished conversation, in the order that names its rejection: the calls' own
 * first, then one per way a conversation can be cut short (failing only when the cut left fewer
 * than `min` rounds), then the rounds kept.
 */
export function conversationVerdicts(c: Live, ending: Ending, min: number): Verdict[] {
  const kept = roundsKept(c.messages);
  const short = kept < min;
  const cut = (why: Ending['why'][]) => why.includes(ending.why);
  const removed = (c.polite ?? []).flatMap((p) => p.removed.map((text) => ({ round: p.round, text })));
  return [
    ...(c.verdicts ?? []),
    {
      filter: 'complete',
      passed: !(short && cut(['truncated-user-turn', 'truncated-answer'])),
      detail: cut(['truncated-user-turn', 'truncated-answer']) ? { finish_reason: 'length', ended: ending.why, round: (ending as { round: number }).round } : null,
    },
    {
      filter: 'role-confusion',
      passed: !(short && ending.why === 'role-confusion'),
      detail: ending.why === 'role-confusion' ? { round: ending.round, signal: ending.found.signal, turn: ending.found.excerpt, kept_rounds: kept } : null,
    },
    {
      filter: 'politeness',
      passed: !(short && ending.why === 'politeness-only'),
      score: removed.length,
      detail: { removed, ...(ending.why === 'politeness-only' ? { ended_on: ending.text, round: ending.round } : {}) },
    },
    { filter: 'min-rounds', passed: !short, score: kept, detail: { kept, min, planned: c.planned } },
  ];
}

export function verdictReason(verdicts: readonly Verdict[]): string | undefined {
  return firstFailure(verdicts);
}
