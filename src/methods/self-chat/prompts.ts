import type { StageSampling, TeacherConfig } from '../../config/common.js';
import { render, type Template } from '../../prompts/template.js';
import type { ChatMessage, TeacherRequest } from '../../teacher/types.js';

export const HUMAN = '[Human]';
export const AI = '[AI]';

/** A conversation message as stored: the user (the simulated human) or the assistant. */
export interface Message {
  role: 'user' | 'assistant';
  content: string;
}

/** The primed opening of the transcript template; the human simulator sees it before the conversation. */
export const OPENING: readonly Message[] = [
  { role: 'user', content: 'Hello!' },
  { role: 'assistant', content: 'Hi! How can I help you?' },
];

/** Messages as transcript lines: "[Human] ..." and "[AI] ...". */
export function renderTranscript(messages: readonly Message[]): string {
  return messages.map((m) => `${m.role === 'user' ? HUMAN : AI} ${m.content}`).join('\n');
}

/** Baize v1: one prompt per topic asking for the whole transcript. */
export function transcriptPrompt(t: Template, topic: string): string {
  return render(t, { topic });
}

/** Baize v2, human side: the topic and the conversation so far (after the primed opening). */
export function humanTurnPrompt(t: Template, topic: string, messages: readonly Message[]): string {
  return render(t, { topic, transcript: renderTranscript([...OPENING, ...messages]) });
}

/** Baize v2, assistant side: a real chat context holding only the conversation (and the configured system prompt). */
export function assistantRequest(
  teacher: Pick<TeacherConfig, 'system_prompt'>,
  model: string,
  messages: readonly Message[],
  sampling: StageSampling,
): TeacherRequest {
  const params = Object.fromEntries(Object.entries(sampling).filter(([, v]) => v !== undefined)) as StageSampling;
  const chat: ChatMessage[] = [...(teacher.system_prompt ? [{ role: 'system' as const, content: teacher.system_prompt }] : []), ...messages];
  return { mode: 'chat', model, messages: chat, params };
}
