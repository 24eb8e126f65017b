import { describe, expect, it } from 'vitest';
import { wentOnPast } from '../../src/methods/backtranslation/chat-complete.js';

describe('a chat answer cut after its instruction', () => {
  it('is whole when the answer went on past it after a blank line or into a next block', () => {
    expect(wentOnPast('Sure! Here is one:\n\n"How do I X?"\n\nThis instruction fits bec', 'How do I X?')).toBe(true);
    expect(wentOnPast('How do I X?\nResponse:\nTo do X, you', 'How do I X?')).toBe(true);
    expect(wentOnPast('**Instruction:** How do I X?\n\nExplanation: the resp', 'How do I X?')).toBe(true);
  });

  it('is not whole when the cut may be inside it', () => {
    expect(wentOnPast('Sure! Here is one:\n\nHow do I X', 'How do I X')).toBe(false);
    expect(wentOnPast('How do I X?\nand then', 'How do I X?')).toBe(false);
    expect(wentOnPast('How do I X?\n\n', 'How do I X?')).toBe(false);
    expect(wentOnPast('anything', '')).toBe(false);
  });
});
