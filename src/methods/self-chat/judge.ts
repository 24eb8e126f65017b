import type { NoveltyPool } from '../../engine/novelty-pool.js';
import { firstFailure } from '../../filters/heuristics.js';
import { languageVerdict } from '../../filters/language.js';
import type { Verdict } from '../../store/samples.js';
import { wordCount } from '../../util/text.js';
import type { SelfChatParams } from './params.js';
import { turnCount } from './parse.js';
import type { Message } from './prompts.js';

/** The first user turn: what the language filter and ROUGE-L look at, and the sample's `instruction`. */
export function firstUserTurn(messages: readonly Message[]): string {
  return messages.find((m) => m.role === 'user')?.content ?? '';
}

/** Checks on the first user turn alone (two-context mode runs them as soon as that turn exists). */
export function firstTurnVerdicts(first: string, p: Pick<SelfChatParams, 'languages'>, pool: NoveltyPool): Verdict[] {
  return [languageVerdict(first, p.languages), pool.verdict(first)];
}

/** Every filter of a finished conversation, in the order that names the rejection reason. */
export function conversationVerdicts(messages: readonly Message[], p: Pick<SelfChatParams, 'languages' | 'min_turns'>, pool: NoveltyPool): Verdict[] {
  const turns = turnCount(messages);
  return [
    ...firstTurnVerdicts(firstUserTurn(messages), p, pool),
    { filter: 'min-turns', passed: turns >= p.min_turns, score: turns, detail: { turns, min: p.min_turns } },
  ];
}

export function verdictReason(verdicts: readonly Verdict[]): string | undefined {
  return firstFailure(verdicts);
}

/**
 * A human turn that closes the conversation: short, no question, and a thank-you or goodbye. Like
 * Baize's dropped last segment, it ends the conversation and is not kept.
 */
export function isClosingTurn(text: string): boolean {
  return !text.includes('?') && wordCount(text) <= 20 && /\b(thanks|thank you|goodbye|bye)\b/i.test(text);
}
