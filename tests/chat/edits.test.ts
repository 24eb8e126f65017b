/** Edits, their clipping, the chat-format verdicts of a list's items, and chained steps. */
import { describe, expect, it } from 'vitest';
import { CHAT_FORMAT_FILTER, chatFormatVerdicts, edit, pipe, type Normalised } from '../../src/chat/edits.js';

describe('edit', () => {
  it('trims what was removed and keeps the item only when given', () => {
    expect(edit('preamble', '  Sure!\n')).toEqual({ habit: 'preamble', removed: 'Sure!' });
    expect(edit('empty-field', 'Input: None', 2)).toEqual({ habit: 'empty-field', removed: 'Input: None', item: 2 });
    expect(edit('empty-field', 'Input: None', 0)).toHaveProperty('item', 0);
  });

  it('clips a long removal to 300 characters, ending with an ellipsis', () => {
    const e = edit('closing', 'x'.repeat(1000));
    expect(e.removed).toHaveLength(300);
    expect(e.removed.endsWith('…')).toBe(true);
    expect(edit('closing', 'y'.repeat(300)).removed).toBe('y'.repeat(300));
  });
});

describe('chatFormatVerdicts', () => {
  const edits = [edit('preamble', 'Sure!'), edit('empty-field', 'Input: N/A', 1), edit('markup', '**Output:**', 2)];

  it("gives each item the answer-wide edits and its own, never another item's", () => {
    expect(chatFormatVerdicts(edits, 1)).toEqual([{ filter: CHAT_FORMAT_FILTER, passed: true, detail: { edits: [{ habit: 'preamble', removed: 'Sure!' }, { habit: 'empty-field', removed: 'Input: N/A' }] } }]);
    expect(chatFormatVerdicts(edits, 0)[0]!.detail).toEqual({ edits: [{ habit: 'preamble', removed: 'Sure!' }] });
    expect(chatFormatVerdicts(edits)[0]!.detail).toEqual({ edits: [{ habit: 'preamble', removed: 'Sure!' }] });
  });

  it('gives no verdict when nothing was changed for the item', () => {
    expect(chatFormatVerdicts([])).toEqual([]);
    expect(chatFormatVerdicts([edit('markup', '**', 3)], 0)).toEqual([]);
  });

  it("names another stage's answer, and never fails a sample", () => {
    const [v] = chatFormatVerdicts([edit('tolerant-reading', 'Yes.')], 4, 'classify');
    expect(v).toEqual({ filter: 'chat-format', passed: true, detail: { stage: 'classify', edits: [{ habit: 'tolerant-reading', removed: 'Yes.' }] } });
  });
});

describe('pipe', () => {
  const upper = (t: string): Normalised => ({ text: t.toUpperCase(), edits: [edit('markup', 'upper')] });
  const trim = (t: string): Normalised => (t.trim() === t ? { text: t, edits: [] } : { text: t.trim(), edits: [edit('layout', 'trim')] });

  it('feeds each step the previous text and adds the edits up in order', () => {
    const r = pipe('  abc ', trim, upper);
    expect(r).toEqual({ text: 'ABC', edits: [edit('layout', 'trim'), edit('markup', 'upper')] });
    expect(pipe('abc', upper, trim).edits.map((e) => e.removed)).toEqual(['upper']);
  });

  it('returns the text as it was with no steps', () => {
    expect(pipe('as is')).toEqual({ text: 'as is', edits: [] });
  });
});
