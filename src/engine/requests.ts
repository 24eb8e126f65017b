import type { StageSampling, TeacherConfig } from '../config/common.js';
import type { ChatMessage, TeacherRequest } from '../teacher/types.js';

/**
 * What a stage's prompt builder returns: a rendered prompt (sent as the user message in chat mode,
 * raw in completion mode, with an optional per-request system message), or whole chat messages.
 */
export type Prompt = string | { prompt: string; system?: string } | { messages: ChatMessage[] };

/** Wrap a rendered prompt as the configured mode asks: a user message, or a raw completion prompt. */
export function buildRequest(teacher: Pick<TeacherConfig, 'mode' | 'system_prompt'>, model: string, prompt: Prompt, sampling: StageSampling): TeacherRequest {
  const params = Object.fromEntries(Object.entries(sampling).filter(([, v]) => v !== undefined)) as StageSampling;
  if (typeof prompt === 'object' && 'messages' in prompt) {
    // Whole conversations: the configured system prompt goes first unless the stage set its own.
    const own = prompt.messages.some((m) => m.role === 'system');
    const messages = !own && teacher.system_prompt ? [{ role: 'system' as const, content: teacher.system_prompt }, ...prompt.messages] : prompt.messages;
    return { mode: 'chat', model, messages, params };
  }
  const text = typeof prompt === 'string' ? prompt : prompt.prompt;
  const system = typeof prompt === 'string' ? teacher.system_prompt : prompt.system ?? teacher.system_prompt;
  if (teacher.mode === 'completion') return { mode: 'completion', model, prompt: text, params };
  const messages = system
    ? [{ role: 'system' as const, content: system }, { role: 'user' as const, content: text }]
    : [{ role: 'user' as const, content: text }];
  return { mode: 'chat', model, messages, params };
}
