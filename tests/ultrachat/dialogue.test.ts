import { describe, expect, it } from 'vitest';
import { normaliseUserTurn } from '../../src/methods/ultrachat/chat-form.js';
import { conversationVerdicts, readUserTurn, userView, type Live } from '../../src/methods/ultrachat/dialogue.js';
import { verdictReason } from '../../src/methods/ultrachat/dialogue.js';

const conv = (rounds: number, extra: Partial<Live> = {}): Live => ({
  n: 0,
  openerId: 1,
  opener: 'Why is the sea salty?',
  origin: {},
  planned: 5,
  messages: Array.from({ length: rounds }, (_, i) => [
    { role: 'user' as const, content: i === 0 ? 'Why is the sea salty?' : `Follow-up ${i}?` },
    { role: 'assistant' as const, content: `Answer ${i}.` },
  ]).flat(),
  callIds: Array.from({ length: rounds * 2 }, (_, i) => i + 1),
  startedWave: 1,
  ...extra,
});

describe('the user simulator view', () => {
  it('puts the persona first, swaps the roles and appends the reminder to the latest reply', () => {
    const view = userView('PERSONA', 'REMINDER', conv(2).messages);
    expect(view).toEqual([
      { role: 'system', content: 'PERSONA' },
      { role: 'assistant', content: 'Why is the sea salty?' },
      { role: 'user', content: 'Answer 0.' },
      { role: 'assistant', content: 'Follow-up 1?' },
      { role: 'user', content: 'Answer 1.\n\nREMINDER' },
    ]);
  });
});

describe('reading a simulated user turn', () => {
  it('keeps a follow-up, with politeness taken out', () => {
    expect(readUserTurn('Thanks, that was really helpful! So where does the salt come from originally?', 2)).toEqual({
      ok: true,
      text: 'So where does the salt come from originally?',
      removed: ['Thanks, that was really helpful!'],
    });
  });

  it('ends the conversation on role confusion, on politeness only, and on an empty turn', () => {
    const confused = readUserTurn("Sure! Here's a detailed explanation of why the sea is salty:\n\n1. Rivers carry minerals.", 3);
    expect(confused).toMatchObject({ ok: false, ending: { why: 'role-confusion', round: 3, found: { signal: 'offer' } } });
    expect(readUserTurn('Thank you so much, that was really helpful!', 2)).toEqual({ ok: false, ending: { why: 'politeness-only', round: 2, text: 'Thank you so much, that was really helpful!' } });
    expect(readUserTurn('   ', 2)).toEqual({ ok: false, ending: { why: 'empty-user-turn', round: 2 } });
  });
});

describe('conversation verdicts', () => {
  it('accepts a conversation that ran its planned rounds, recording removed politeness', () => {
    const v = conversationVerdicts(conv(5, { polite: [{ round: 3, removed: ['Great explanation!'] }] }), { why: 'planned-rounds' }, 3);
    expect(verdictReason(v)).toBeUndefined();
    expect(v.find((x) => x.filter === 'politeness')).toEqual({ filter: 'politeness', passed: true, score: 1, detail: { removed: [{ round: 3, text: 'Great explanation!' }] } });
  });

  it('keeps a conversation cut by role confusion when it has the minimum rounds, and rejects it below', () => {
    const found = { signal: 'as-an-ai', excerpt: 'As an AI language model...' };
    const kept = conversationVerdicts(conv(3), { why: 'role-confusion', round: 4, found }, 3);
    expect(verdictReason(kept)).toBeUndefined();
    expect(kept.find((x) => x.filter === 'role-confusion')).toMatchObject({ passed: true, detail: { round: 4, signal: 'as-an-ai', kept_rounds: 3 } });
    expect(verdictReason(conversationVerdicts(conv(1), { why: 'role-confusion', round: 2, found }, 3))).toBe('role-confusion');
  });

  it('names politeness, truncation or the rounds as the reason of a short conversation', () => {
    expect(verdictReason(conversationVerdicts(conv(2), { why: 'politeness-only', round: 3, text: 'Thanks!' }, 3))).toBe('politeness');
    expect(verdictReason(conversationVerdicts(conv(1), { why: 'truncated-answer', round: 2 }, 3))).toBe('complete');
    expect(verdictReason(conversationVerdicts(conv(0), { why: 'empty-answer', round: 1 }, 2))).toBe('min-rounds');
  });

  it('puts the calls’ own verdicts first', () => {
    const v = conversationVerdicts(conv(3, { verdicts: [{ filter: 'chat-format', passed: true, detail: { stage: 'user-turn', edits: [] } }] }), { why: 'planned-rounds' }, 3);
    expect(v[0]!.filter).toBe('chat-format');
  });
});

describe('chat-mode normalising of a user turn', () => {
  it('takes off a speaker or frame label and quotes around the message', () => {
    expect(normaliseUserTurn('User: How deep is the Mariana Trench?').text).toBe('How deep is the Mariana Trench?');
    expect(normaliseUserTurn('**Human:** How deep is the Mariana Trench?').text).toBe('How deep is the Mariana Trench?');
    expect(normaliseUserTurn('My next message: How deep is the Mariana Trench?').text).toBe('How deep is the Mariana Trench?');
    const quoted = normaliseUserTurn('"How deep is the Mariana Trench, and has anyone been to the bottom?"');
    expect(quoted.text).toBe('How deep is the Mariana Trench, and has anyone been to the bottom?');
    expect(quoted.edits.map((e) => e.habit)).toEqual(['wrapping']);
  });

  it('leaves the words of an assistant-like answer for the role-confusion filter', () => {
    const text = "Sure! Here's what I know about the trench: it is about 11 km deep.";
    expect(normaliseUserTurn(text)).toEqual({ text, edits: [] });
  });
});
