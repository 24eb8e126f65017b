import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/engine/stage.js';
import type { Live } from '../../src/methods/ultrachat/dialogue.js';
import { afterAnswer, afterUserTurn, startConversation } from '../../src/methods/ultrachat/round.js';
import type { FinishReason } from '../../src/teacher/types.js';

const opener = { id: 4, text: 'How do lighthouses work?', callId: 2, meta: { topic: 'Engineering', subtopic: 'Lighthouses' } };
const ok = (value: string, finishReason: FinishReason = 'stop', callId = 9): Answer<string> => ({ ok: true, callId, text: value, finishReason, value, edits: [], checks: [] });

function oneRound(): Live {
  const c = startConversation(opener, 0, 1, 42, { min: 3, max: 7 });
  const s = afterAnswer(c, ok('A lamp and a lens.'), 'assistant-turn');
  if (!('live' in s)) throw new Error('expected a live conversation');
  return s.live;
}

describe('a round of an ultrachat conversation', () => {
  it('starts from the opener with its rounds drawn from its own stream', () => {
    const c = startConversation(opener, 5, 3, 42, { min: 3, max: 7 });
    expect(c).toMatchObject({ n: 5, openerId: 4, opener: 'How do lighthouses work?', origin: opener.meta, messages: [{ role: 'user', content: opener.text }], callIds: [2], startedWave: 3 });
    expect(startConversation(opener, 5, 9, 42, { min: 3, max: 7 }).planned).toBe(c.planned);
    const draws = new Set(Array.from({ length: 40 }, (_, n) => startConversation(opener, n, 1, 42, { min: 3, max: 7 }).planned));
    expect([...draws].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('adds a user turn without its politeness, and records what was taken out', () => {
    const s = afterUserTurn(oneRound(), ok('Thanks, that was really helpful! Why are most lighthouse lenses shaped in rings?'), 'user-turn');
    expect('live' in s && s.live.messages.at(-1)).toEqual({ role: 'user', content: 'Why are most lighthouse lenses shaped in rings?' });
    expect('live' in s && s.live.polite).toEqual([{ round: 2, removed: ['Thanks, that was really helpful!'] }]);
  });

  it('ends before a truncated or role-confused user turn, leaving the conversation as it was', () => {
    const c = oneRound();
    expect(afterUserTurn(c, ok('Why are the lenses', 'length'), 'user-turn')).toMatchObject({ finished: { ending: { why: 'truncated-user-turn', round: 2 }, conv: { messages: c.messages } } });
    expect(afterUserTurn(c, ok("I'd be happy to explain more about Fresnel lenses."), 'user-turn')).toMatchObject({ finished: { ending: { why: 'role-confusion', round: 2 } } });
    expect(c.messages).toHaveLength(2); // the input is not changed
  });

  it('drops the unanswered user turn when the answer is cut or empty, and finishes at the planned rounds', () => {
    const c = oneRound();
    const asked = afterUserTurn(c, ok('Why rings?'), 'user-turn');
    if (!('live' in asked)) throw new Error('expected live');
    expect(afterAnswer(asked.live, ok('Because the', 'length'), 'assistant-turn')).toMatchObject({ finished: { ending: { why: 'truncated-answer', round: 2 }, conv: { messages: c.messages } } });
    expect(afterAnswer(asked.live, ok('   '.trim()), 'assistant-turn')).toMatchObject({ finished: { ending: { why: 'empty-answer' } } });
    const last = afterAnswer({ ...asked.live, planned: 2 }, ok('Rings bend the light into one beam.'), 'assistant-turn');
    expect(last).toMatchObject({ finished: { ending: { why: 'planned-rounds' }, callId: 9 } });
    expect('finished' in last && last.finished.conv.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
  });

  it("keeps each call's chat-format edits as verdicts naming the stage", () => {
    const o: Answer<string> = { ...ok('Why rings?'), edits: [{ habit: 'speaker-label', removed: 'User:' }] } as Answer<string>;
    const s = afterUserTurn(oneRound(), o, 'user-turn');
    expect('live' in s && s.live.verdicts).toEqual([{ filter: 'chat-format', passed: true, detail: { stage: 'user-turn', edits: [{ habit: 'speaker-label', removed: 'User:' }] } }]);
  });
});
