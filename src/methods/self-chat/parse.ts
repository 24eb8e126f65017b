import { AI, HUMAN, type Message } from './prompts.js';

export interface ParsedTranscript {
  messages: Message[];
  /** [Human] segments between the first and the last one. */
  segments: number;
  /** Where post-processing stopped early: the index of the first segment that did not split into one question and one answer. */
  stoppedAt: number | null;
}

/**
 * Baize post-processing (methods.md section 5): split on "[Human]", drop the text before the first
 * and the last segment (the model's closing or a cut-off line); each kept segment must split on "[AI]"
 * into exactly two non-empty parts, the human's message and the assistant's answer, else the
 * conversation ends before it.
 */
export function parseTranscript(text: string): ParsedTranscript {
  const kept = text.split(HUMAN).slice(1, -1);
  const messages: Message[] = [];
  let stoppedAt: number | null = null;
  for (const [i, segment] of kept.entries()) {
    const parts = segment.split(AI);
    const human = clean(parts[0] ?? '');
    const answer = clean(parts[1] ?? '');
    if (parts.length !== 2 || human === '' || answer === '') {
      stoppedAt = i;
      break;
    }
    messages.push({ role: 'user', content: human }, { role: 'assistant', content: answer });
  }
  return { messages, segments: kept.length, stoppedAt };
}

/**
 * The human simulator's answer: the text after a leading "[Human]" (if any), up to any "[AI]" or
 * further "[Human]" (a server that ignores the stop string may go on). Empty means the human is done.
 */
export function parseHumanTurn(text: string): string {
  const start = text.indexOf(HUMAN);
  const body = start >= 0 && text.slice(0, start).trim() === '' ? text.slice(start + HUMAN.length) : text;
  return clean(cutAt(body, [AI, HUMAN]));
}

/** The assistant's answer, without a leading "[AI]" and cut where it starts writing the human's lines. */
export function parseAssistantTurn(text: string): string {
  const body = text.trimStart().startsWith(AI) ? text.trimStart().slice(AI.length) : text;
  return clean(cutAt(body, [HUMAN]));
}

/** The number of human/assistant exchanges of a message list. */
export function turnCount(messages: readonly Message[]): number {
  return messages.filter((m) => m.role === 'assistant').length;
}

function cutAt(text: string, markers: readonly string[]): string {
  let end = text.length;
  for (const m of markers) {
    const i = text.indexOf(m);
    if (i >= 0 && i < end) end = i;
  }
  return text.slice(0, end);
}

/** Trim, and drop a ":" a model may put after a speaker marker ("[Human]: ..."). */
function clean(text: string): string {
  return text.trim().replace(/^:\s*/, '').trim();
}
