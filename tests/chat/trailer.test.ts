/** Closing remarks after content whose own last line may read like one (an output ending "Let me know by Friday."). */
import { describe, expect, it } from 'vitest';
import { dropClosingRemarks } from '../../src/chat/trailer.js';

describe('dropClosingRemarks', () => {
  it('takes a remark to the user off the last line, with or without a blank line before it', () => {
    expect(dropClosingRemarks('Output: 42\nI hope this helps!').text).toBe('Output: 42');
    expect(dropClosingRemarks('Output: 42\n\nLet me know if you need more examples.').text).toBe('Output: 42');
    const r = dropClosingRemarks('Output: 42\nFeel free to ask for more.\nI hope these help!');
    expect(r.text).toBe('Output: 42');
    expect(r.edits).toEqual([{ habit: 'closing', removed: 'Feel free to ask for more.\n\nI hope these help!' }]);
  });

  it("keeps an output's last line that speaks to the output's own reader", () => {
    for (const t of ['Output: Dinner on Friday? Let me know by Wednesday.', 'Output: Preheat the oven to 200C.\nEnjoy your meal!', 'Output: Thanks for the gift.\nHope to see you soon.']) {
      expect(dropClosingRemarks(t)).toEqual({ text: t, edits: [] });
    }
  });

  it('takes whole closing paragraphs after a blank line', () => {
    expect(dropClosingRemarks('Output: Red, blue and yellow.\n\nThese examples cover both cases.').text).toBe('Output: Red, blue and yellow.');
  });

  it('never empties the content', () => {
    expect(dropClosingRemarks('I hope this helps!')).toEqual({ text: 'I hope this helps!', edits: [] });
  });
});

describe('dropClosingRemarks on an output that ends speaking to its own reader', () => {
  // Found by these tests: a last paragraph "Enjoy your meal!" was taken for a closing remark (fixed in trailer.ts).
  it.each(['Output: Preheat the oven to 200C and bake for 20 minutes.\n\nEnjoy your meal!', 'Output: Pack light and start early.\n\nGood luck on your hike!'])('keeps %j whole', (t) => {
    expect(dropClosingRemarks(t)).toEqual({ text: t, edits: [] });
  });

  it('still takes the remarks to the user after such a paragraph', () => {
    const r = dropClosingRemarks('Output: Bake for 20 minutes.\n\nEnjoy your meal!\n\nI hope this recipe helps!');
    expect(r.text).toBe('Output: Bake for 20 minutes.\n\nEnjoy your meal!');
    expect(r.edits.map((e) => e.removed)).toEqual(['I hope this recipe helps!']);
  });
});
