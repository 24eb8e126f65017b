import type { FinishReason } from '../../teacher/types.js';

/**
 * The evolved instruction in a teacher's answer: the answer itself, trimmed. Nothing is removed
 * from it, so marker phrases a model copied stay visible to elimination rule 4.
 */
export function parseEvolution(text: string): string {
  return text.trim();
}

/** An evolution or answer cut at max_tokens is incomplete. */
export function completeAnswer(finish: FinishReason): boolean {
  return finish !== 'length';
}
