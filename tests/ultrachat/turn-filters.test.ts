import { describe, expect, it } from 'vitest';
import { isPoliteSentence, roleConfusion, stripPoliteness } from '../../src/methods/ultrachat/turn-filters.js';

describe('role confusion', () => {
  it('finds the assistant voice in a simulated user turn', () => {
    expect(roleConfusion('As an AI language model, I do not have personal experience with gardening, but here are some tips.')?.signal).toBe('as-an-ai');
    expect(roleConfusion("I'm happy to help! Basil needs at least six hours of sun a day.")?.signal).toBe('happy-to-help');
    expect(roleConfusion("Sure! Here's a quick summary of what we discussed:\n\n- Water when the soil is dry\n- Pinch off the flowers")?.signal).toBe('offer');
    expect(roleConfusion('Certainly, let me explain how compound interest works in more detail.')?.signal).toBe('offer');
    expect(roleConfusion("You're welcome! If you have any more questions, feel free to ask.")?.signal).toBe('you-are-welcome');
    expect(roleConfusion('Here are some more details about the topic:\nThe Roman roads were built in layers.')?.signal).toBe('here-is');
    expect(roleConfusion('That covers the basics. Is there anything else I can help you with today?')?.signal).toBe('how-can-i-help');
  });

  it('finds a long structured answer that asks nothing', () => {
    const answer = [
      '**Key points about compost**',
      '',
      '1. Balance greens (kitchen scraps, grass clippings) with browns (dry leaves, cardboard) at roughly one to three by volume.',
      '2. Keep the heap as moist as a wrung-out sponge, and turn it every week or two so air reaches the middle of the pile.',
      '3. Avoid meat, dairy and oily food, which attract rats and smell as they rot; chop large pieces so they break down faster.',
      '4. A finished heap is dark, crumbly and smells of earth; it usually takes three to six months in warm weather.',
    ].join('\n');
    expect(roleConfusion(answer)?.signal).toBe('long-answer');
  });

  it('leaves real user turns alone, even long or listed ones that ask', () => {
    expect(roleConfusion('How often should I turn the compost heap in winter?')).toBeNull();
    expect(roleConfusion('Sure, but what if I only have a balcony? Would a worm bin work instead?')).toBeNull();
    expect(roleConfusion('I tried that and my bread still came out dense. Could the flour be the problem, or the temperature in my kitchen?')).toBeNull();
    const listed = 'I have three options:\n1. A savings account at 3%\n2. Index funds\n3. Paying off my car loan early\nWhich one makes the most sense for someone in their twenties with no emergency fund yet, and why would you rank them that way?';
    expect(roleConfusion(listed)).toBeNull();
    // A writing user shares their own draft.
    expect(roleConfusion("Here's my draft of the opening line:\nThe lamp had burned for ninety years. Can you make it more ominous?")).toBeNull();
  });
});

describe('politeness', () => {
  it('takes thanks and praise off the start and end of a turn that asks something', () => {
    expect(stripPoliteness('Thank you so much, that was really helpful! Can you tell me more about how tides form?')).toEqual({
      text: 'Can you tell me more about how tides form?',
      removed: ['Thank you so much, that was really helpful!'],
    });
    expect(stripPoliteness('Great explanation! Wow. What about spring tides? Thanks again!')).toEqual({
      text: 'What about spring tides?',
      removed: ['Great explanation!', 'Wow.', 'Thanks again!'],
    });
  });

  it('keeps a polite turn whole when the thanks carry the request', () => {
    expect(stripPoliteness('Thanks, now could you explain neap tides?')).toEqual({ text: 'Thanks, now could you explain neap tides?', removed: [] });
    expect(stripPoliteness('That makes sense, but why does the moon matter more than the sun?').removed).toEqual([]);
  });

  it('keeps polite words in the middle and leaves plain turns untouched', () => {
    const text = 'Why do tides differ between coasts? That is really interesting. Is it the shape of the seabed?';
    expect(stripPoliteness(text)).toEqual({ text, removed: [] });
    expect(stripPoliteness('Tell me about great white sharks.')).toEqual({ text: 'Tell me about great white sharks.', removed: [] });
  });

  it('empties a turn that is only politeness', () => {
    expect(stripPoliteness('Thank you so much, that was really helpful!').text).toBe('');
    expect(stripPoliteness('Great, thanks! That is all I needed.').text).toBe('');
    expect(stripPoliteness('**Thanks a lot, I appreciate it!**').text).toBe('');
  });

  it('tells polite sentences from requests', () => {
    expect(isPoliteSentence('This is incredibly informative.')).toBe(true);
    expect(isPoliteSentence('Perfect!')).toBe(true);
    expect(isPoliteSentence('Thanks, what else should I know?')).toBe(false);
    expect(isPoliteSentence('Please give me a recipe, thanks.')).toBe(false);
    expect(isPoliteSentence('Great white sharks live in cold water.')).toBe(false);
  });
});
