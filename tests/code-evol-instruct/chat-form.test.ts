import { describe, expect, it } from 'vitest';
import { normaliseEvolution } from '../../src/methods/evol-instruct/chat-form.js';
import { DEFAULT_MARKER_PHRASES, markerLeakVerdict } from '../../src/filters/evol-elimination.js';
import { CODE_EVOL_ANSWERS } from '../realistic/code-evol-answers.js';

/** The Evol-Instruct chat normaliser on code evolutions: chatter goes, the question and its code stay. */
describe('code evolutions read in chat mode', () => {
  for (const a of CODE_EVOL_ANSWERS) {
    it(`keeps the question and its code (${a.style})`, () => {
      const { text } = normaliseEvolution(a.raw);
      expect(text).toBe(a.question);
      expect(markerLeakVerdict(text, [...DEFAULT_MARKER_PHRASES]).passed).toBe(true);
    });
  }
  it('records what it removed', () => {
    const messy = CODE_EVOL_ANSWERS.find((a) => a.style === 'preamble and bold label')!;
    expect(normaliseEvolution(messy.raw).edits.map((e) => e.habit)).toEqual(['preamble', 'frame-label']);
  });
});
