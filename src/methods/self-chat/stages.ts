import { defineStage } from '../../engine/stage.js';
import { generic } from '../../teacher/sim/stages/generic.js';
import { selfChatHumanTurn, selfChatTranscript } from '../../teacher/sim/stages/self-chat.js';
import { parseAssistantTurn, parseHumanTurn, parseTranscript, type ParsedTranscript } from './parse.js';
import { normaliseTranscript } from './chat-form.js';
import { normaliseAssistantTurn, normaliseHumanTurn } from './chat-form-turns.js';
import { humanTurnPrompt, transcriptPrompt, type Message } from './prompts.js';

/** Baize v1: one call per topic writes the whole conversation. */
export const transcriptStage = defineStage<{ topic: string }, ParsedTranscript>({
  recipe: 'self-chat',
  name: 'transcript',
  placeholders: ['topic'],
  prompt: ({ topic }, template) => transcriptPrompt(template!, topic),
  parse: (text) => parseTranscript(text),
  normalise: (text) => normaliseTranscript(text),
  example: selfChatTranscript.write,
  usable: (t) => t.messages.length > 0,
});

/** Baize v2, human side: the topic and the transcript so far; the answer is the next user turn ('' when done). */
export const humanTurnStage = defineStage<{ topic: string; messages: readonly Message[] }, string>({
  recipe: 'self-chat',
  name: 'human-turn',
  placeholders: ['topic', 'transcript'],
  prompt: ({ topic, messages }, template) => humanTurnPrompt(template!, topic, messages),
  parse: (text) => parseHumanTurn(text),
  normalise: (text, input) => normaliseHumanTurn(text, input),
  example: selfChatHumanTurn.write,
  usable: (turn) => turn !== '',
});

/**
 * The assistant of a two-role conversation, declared for `recipe`: a chat context of only the
 * conversation (buildRequest adds the configured system prompt). Baize v2 and UltraChat use it.
 */
export function assistantTurnFor(recipe: string) {
  return defineStage<{ messages: readonly Message[] }, string>({
    recipe,
    name: 'assistant-turn',
    placeholders: [],
    prompt: ({ messages }) => ({ messages: [...messages] }),
    parse: (text) => parseAssistantTurn(text),
    normalise: (text) => normaliseAssistantTurn(text),
    example: generic.write,
    usable: (reply) => reply !== '',
  });
}

/** Baize v2, assistant side. */
export const assistantTurnStage = assistantTurnFor('self-chat');

export const selfChatStages = [transcriptStage, humanTurnStage, assistantTurnStage] as const;
