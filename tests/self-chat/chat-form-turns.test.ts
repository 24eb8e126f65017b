import { describe, expect, it } from 'vitest';
import { dropRestatedTranscript, normaliseAssistantTurn, normaliseHumanTurn } from '../../src/methods/self-chat/chat-form-turns.js';
import { parseAssistantTurn, parseHumanTurn } from '../../src/methods/self-chat/parse.js';
import type { Message } from '../../src/methods/self-chat/prompts.js';

const soFar: Message[] = [
  { role: 'user', content: 'Which tent should I buy for a first camping trip?' },
  { role: 'assistant', content: 'A three-season dome tent for two people is light, cheap and easy to pitch.' },
];
const human = (text: string, messages: readonly Message[] = soFar): string => parseHumanTurn(normaliseHumanTurn(text, { messages }).text);

describe('normaliseHumanTurn', () => {
  it('reads the message out of openers, labels, markup and quotes', () => {
    const q = 'Do I need a footprint under it?';
    for (const text of [
      `Sure! Here's the human's next message:\n\n[Human] ${q}`,
      `Human: ${q}`,
      `**[Human]**: ${q}\n**`,
      `**User:** "${q}"`,
      `[Human] *${q}*`,
      `Next message: ${q}`,
      `[Human] ${q}\n\n*(waits for the assistant's answer)*`,
    ]) {
      expect(human(text), text).toBe(q);
    }
  });

  it('keeps a goodbye, and a message that only starts like an opener, as they are', () => {
    const q2 = 'Can I pitch it on sand?';
    const bye = 'Thanks, that is all I needed. Goodbye!';
    expect(normaliseHumanTurn(`[Human] ${bye}`, { messages: soFar }).edits).toEqual([]);
    expect(human(`[Human] ${bye}`)).toBe(bye);
    const list = 'Here is a list of what I own: a sleeping bag and a stove. What else do I need?';
    expect(human(list)).toBe(list);
    const second = 'How long can it stay in the fridge?\n\nThat would make a great conversation starter at work, by the way.';
    expect(human(`[Human] ${second}`)).toBe(second);
    expect(human(`[Human] ${q2}\n\nLet me know if you'd like me to continue the conversation!`)).toBe(q2);
    const quoted = '[Human] "Leave no trace" is a rule I keep hearing. What does it mean in practice?';
    expect(human(quoted)).toBe('"Leave no trace" is a rule I keep hearing. What does it mean in practice?');
  });

  it('skips the conversation written out again and starts at the new message', () => {
    const text = `[Human] Hello!\n[AI] Hi! How can I help you?\n[Human] ${soFar[0]!.content}\n[AI] ${soFar[1]!.content}\n[Human] How heavy is such a tent?`;
    const n = normaliseHumanTurn(text, { messages: soFar });
    expect(parseHumanTurn(n.text)).toBe('How heavy is such a tent?');
    expect(n.edits.map((e) => e.habit)).toEqual(['restated-task']);
  });

  it('reads a restated opening cut off by the stop as no new message, never as "Hello!"', () => {
    const n = dropRestatedTranscript('[Human] Hello!\n', []);
    expect(n.text).toBe('');
    expect(n.edits.map((e) => e.habit)).toEqual(['restated-opening']);
    expect(human('[Human] Hello!\n', [])).toBe('');
    // A greeting that asks something is a message.
    expect(human('[Human] Hi! Which tent should I buy for a first camping trip?', [])).toBe('Hi! Which tent should I buy for a first camping trip?');
  });
});

describe('normaliseAssistantTurn', () => {
  const reply = 'Around two kilograms for a two-person dome tent.';
  it.each(['AI: ', '**Assistant:** ', 'Assistant: ', '**[AI]**: ', '**AI:**\n\n'])('takes %j off the start', (label) => {
    const n = normaliseAssistantTurn(`${label}${reply}`);
    expect(parseAssistantTurn(n.text)).toBe(reply);
    expect(n.edits.map((e) => e.habit)).toEqual(['speaker-label']);
  });

  it('leaves the reference markers, markdown and labels later in the reply alone', () => {
    for (const text of [`[AI] ${reply}`, `[AI]: ${reply}`, `**Weight:** ${reply}`, `AI-made fabrics are rare.\nAI: not a label`]) {
      expect(normaliseAssistantTurn(text), text).toEqual({ text, edits: [] });
    }
  });
});

describe('a question asked again', () => {
  it('stays a message when it is the whole answer (the reference keeps it; a human may ask again)', () => {
    const again = `[Human] ${soFar[0]!.content}`;
    expect(normaliseHumanTurn(again, { messages: soFar })).toEqual({ text: again, edits: [] });
  });
});
