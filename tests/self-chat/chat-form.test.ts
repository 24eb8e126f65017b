import { describe, expect, it } from 'vitest';
import { dropRestatedOpening, dropTranscriptClosing, dropTurnRules, isTranscriptRemark, normaliseTranscript, unfenceTranscript } from '../../src/methods/self-chat/chat-form.js';
import { isBareGreeting, isGreetingOffer } from '../../src/methods/self-chat/opening.js';
import { parseTranscript } from '../../src/methods/self-chat/parse.js';

const body = '[Human] Why do cats purr?\n[AI] Mostly to signal contentment, but also to soothe themselves.\n[Human] Thanks!';

describe('restated opening', () => {
  it('recognises greetings and offers to help, not real questions', () => {
    for (const g of ['Hello!', 'Hi there.', 'Hey!', 'Good morning!', '**Hello!**']) expect(isBareGreeting(g), g).toBe(true);
    for (const g of ['Hello! Can you help me with my taxes?', 'Hi, I need a recipe.', 'Help!']) expect(isBareGreeting(g), g).toBe(false);
    for (const o of ['Hi! How can I help you?', 'Hello! How may I assist you today?', 'Hi there! What would you like to know about tea?', 'How can I help?']) expect(isGreetingOffer(o), o).toBe(true);
    expect(isGreetingOffer('Hi! Cats purr to signal contentment, and they also purr when stressed, which researchers still study.')).toBe(false);
  });

  it('drops the primed exchange written again, and only that', () => {
    const r = dropRestatedOpening(`[Human] Hello!\n[AI] Hi! How can I help you?\n${body}`);
    expect(r.text).toBe(body);
    expect(r.edits).toEqual([{ habit: 'restated-opening', removed: '[Human] Hello!\n[AI] Hi! How can I help you?' }]);
    expect(dropRestatedOpening(body)).toEqual({ text: body, edits: [] });
    const greetingWithQuestion = '[Human] Hello! Why do dogs pant?\n[AI] To cool down.\n[Human] Thanks!';
    expect(dropRestatedOpening(greetingWithQuestion).edits).toEqual([]);
  });

  it('drops a restated [AI] line alone', () => {
    expect(dropRestatedOpening(`[AI] Hi! How can I help you?\n${body}`).text).toBe(body);
  });
});

describe('transcript closing', () => {
  it('tells remarks about the transcript from a speaker\'s words', () => {
    expect(isTranscriptRemark('I hope this conversation helps!')).toBe(true);
    expect(isTranscriptRemark('(End of conversation)')).toBe(true);
    expect(isTranscriptRemark('This dialogue shows a beginner learning.')).toBe(true);
    expect(isTranscriptRemark('Feel free to ask if you have more questions!')).toBe(false);
    expect(isTranscriptRemark('Our conversation about tea was lovely, she said.')).toBe(false);
  });

  it('drops remarks, rules and a stray fence after the last turn, keeping the turns\' own code', () => {
    const r = dropTranscriptClosing(`${body}\n\n---\n\nI hope this conversation is useful! Let me know if you want another.\n`);
    expect(r.text).toBe(body);
    expect(r.edits.map((e) => e.habit)).toEqual(['closing', 'markup']);
    const code = '[Human] How do I list files?\n[AI] Use:\n```\nls -la\n```';
    expect(dropTranscriptClosing(code)).toEqual({ text: code, edits: [] });
    expect(dropTranscriptClosing(`${body}\n\nFeel free to ask more questions!`).edits).toEqual([]);
    expect(dropTranscriptClosing(`${body}\n*End of conversation*`)).toEqual({ text: body, edits: [{ habit: 'closing', removed: '*End of conversation*' }] });
  });

  it('takes a fence around the transcript off', () => {
    const r = unfenceTranscript(`Here it is:\n\`\`\`text\n${body}\n\`\`\``);
    expect(r.text).toBe(`Here it is:\n${body}`);
    expect(r.edits[0]!.habit).toBe('wrapping');
  });
});

describe('normaliseTranscript', () => {
  it('reads a messy transcript as the reference reads a clean one', () => {
    const messy = `Sure! Here's a conversation about cats:\n\n**Human:** Hello!\n**AI:** Hi! How can I help you?\n**Human:** Why do cats purr?\n**AI:** Mostly to signal contentment, but also to soothe themselves.\n**Human:** Thanks!\n\nI hope this conversation helps!`;
    const n = normaliseTranscript(messy);
    expect(parseTranscript(n.text)).toEqual(parseTranscript(body));
    expect(n.edits.map((e) => e.habit)).toEqual(['speaker-label', 'preamble', 'restated-opening', 'closing']);
  });

  it('changes nothing in a clean transcript', () => {
    expect(normaliseTranscript(`\n${body}\n`)).toEqual({ text: `\n${body}\n`, edits: [] });
  });
});

describe('rules between turns', () => {
  it('drops a rule or "**" line ending a turn, and keeps rules and tables inside an answer', () => {
    const r = dropTurnRules('[Human] Why?\n\n---\n\n[AI] Because.\n**\n[Human] Ok.');
    expect(parseTranscript(r.text).messages.map((m) => m.content)).toEqual(['Why?', 'Because.']);
    expect(r.edits[0]!.habit).toBe('markup');
    const inside = '[Human] Compare them?\n[AI] | a | b |\n|---|---|\n| 1 | 2 |\n\n---\n\nIn short, a.\n[Human] Thanks.';
    expect(dropTurnRules(inside)).toEqual({ text: inside, edits: [] });
  });
});
