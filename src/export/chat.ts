import { ExportError, type ChatMessage } from './types.js';

const ROLES = new Set(['system', 'user', 'assistant']);

/** The user turn of a single-turn sample: the instruction, then a blank line and the input when there is one. */
export function userTurn(instruction: string, input: string): string {
  return input.trim() === '' ? instruction : `${instruction}\n\n${input}`;
}

/** A single-turn sample as chat: [system], user, assistant. */
export function singleTurnMessages(instruction: string, input: string, output: string, system?: string): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (system) messages.push({ role: 'system', content: system });
  messages.push({ role: 'user', content: userTurn(instruction, input) }, { role: 'assistant', content: output });
  return messages;
}

/**
 * A stored conversation (`messages_json`) checked and turned into chat messages; the system prompt
 * is put first only when the conversation has none of its own.
 */
export function conversationMessages(messagesJson: string, sampleId: number, system?: string): ChatMessage[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(messagesJson);
  } catch {
    throw new ExportError(`sample ${sampleId}: messages_json is not valid JSON`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0) throw new ExportError(`sample ${sampleId}: messages_json is not a non-empty list of messages`);
  const messages = parsed.map((m, i): ChatMessage => {
    const msg = m as { role?: unknown; content?: unknown } | null;
    if (!msg || typeof msg !== 'object' || typeof msg.role !== 'string' || !ROLES.has(msg.role) || typeof msg.content !== 'string') {
      throw new ExportError(`sample ${sampleId}: message ${i} is not {role: system|user|assistant, content: string}`);
    }
    return { role: msg.role as ChatMessage['role'], content: msg.content };
  });
  if (system && messages[0]?.role !== 'system') messages.unshift({ role: 'system', content: system });
  return messages;
}

/** User and assistant turns, the system message left out. */
export function turns(messages: readonly ChatMessage[]): ChatMessage[] {
  return messages.filter((m) => m.role !== 'system');
}

/** More than one exchange: cannot be written as one instruction and one output. */
export function isMultiTurn(messages: readonly ChatMessage[]): boolean {
  return turns(messages).length > 2;
}

/** ShareGPT's speaker names. */
export function shareGptFrom(role: ChatMessage['role']): 'system' | 'human' | 'gpt' {
  return role === 'user' ? 'human' : role === 'assistant' ? 'gpt' : 'system';
}
