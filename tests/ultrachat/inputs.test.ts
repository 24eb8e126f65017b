import { describe, expect, it } from 'vitest';
import { cutPiece, parseMaterialLines, parseMaterialText, parseOpenerLines } from '../../src/methods/ultrachat/inputs.js';
import { matchTextType, textTypeOf, TEXT_TYPES } from '../../src/methods/ultrachat/text-types.js';

const lines = (text: string) => text.split('\n').map((raw, i) => ({ raw, line: i + 1 }));

describe('ultrachat inputs', () => {
  it('reads openers one per line or as JSONL, naming a bad line and its key', () => {
    expect(parseOpenerLines(lines('Write a poem about rain.\n\nDraft an email to my landlord.'), 'o.txt', false).map((o) => [o.opener, o.line])).toEqual([
      ['Write a poem about rain.', 1],
      ['Draft an email to my landlord.', 3],
    ]);
    expect(parseOpenerLines(lines('{"opener": "Write a poem about rain.", "type": "poem"}'), 'o.jsonl', true)[0]).toMatchObject({ opener: 'Write a poem about rain.', type: 'poem' });
    expect(() => parseOpenerLines(lines('{"opener": "fine"}\n{"opener": "  "}'), 'o.jsonl', true)).toThrow('o.jsonl:2: key "opener": a non-empty opener');
    expect(() => parseOpenerLines(lines('{"opener": "fine"}\n{"prompt": "x"}'), 'o.jsonl', true)).toThrow(/o\.jsonl:2: key "(prompt|opener)"/);
    expect(() => parseOpenerLines(lines('{"opener": "fine"}\nnot json'), 'o.jsonl', true)).toThrow(/o\.jsonl:2: not valid JSON/);
    expect(() => parseOpenerLines(lines('\n\n'), 'o.txt', false)).toThrow(/o\.txt: no openers found/);
  });

  it('reads material pieces, naming a bad line and its key', () => {
    const m = parseMaterialLines(lines('{"text": "A piece.", "url": "https://x.org/news/a"}'), 'm.jsonl');
    expect(m[0]).toMatchObject({ text: 'A piece.', url: 'https://x.org/news/a', line: 1 });
    expect(() => parseMaterialLines(lines('{"text": "ok"}\n{"text": 3}'), 'm.jsonl')).toThrow(/m\.jsonl:2: key "text"/);
    expect(() => parseMaterialLines(lines('{"text": "ok"}\n{"text": "ok", "body": "x"}'), 'm.jsonl')).toThrow(/m\.jsonl:2: key "body": unexpected key/);
  });

  it('reads material pieces from a text file: between "---" lines, or else between blank lines', () => {
    const ruled = 'First piece, paragraph one.\n\nFirst piece, paragraph two.\n---\n\nSecond piece.\n';
    expect(parseMaterialText(lines(ruled), 'm.txt')).toEqual([
      { text: 'First piece, paragraph one.\n\nFirst piece, paragraph two.', line: 1 },
      { text: 'Second piece.', line: 6 },
    ]);
    expect(parseMaterialText(lines('One.\nStill one.\n\n\nTwo.'), 'm.txt').map((m) => [m.text, m.line])).toEqual([
      ['One.\nStill one.', 1],
      ['Two.', 5],
    ]);
    expect(() => parseMaterialText(lines('\n---\n'), 'm.txt')).toThrow(/m\.txt: no text pieces found/);
  });

  it('cuts a long piece at a paragraph or sentence end', () => {
    const para = `${'a'.repeat(300)}.\n\n${'b'.repeat(300)}.`;
    expect(cutPiece(para, 400)).toBe(`${'a'.repeat(300)}.`);
    expect(cutPiece('First sentence here. Second sentence is longer than the rest of it.', 30)).toBe('First sentence here.');
    expect(cutPiece('short', 400)).toBe('short');
  });

  it('has 20 text types, matched by URL, title or opening words, else drawn per piece', () => {
    expect(TEXT_TYPES).toHaveLength(20);
    expect(new Set(TEXT_TYPES.map((t) => t.name)).size).toBe(20);
    expect(matchTextType({ url: 'https://example.org/recipes/rye', text: 'x' })?.name).toBe('recipe');
    expect(matchTextType({ title: 'Hiring: a gardener', text: 'x' })?.name).toBe('job posting');
    expect(matchTextType({ text: 'LONDON, England (Reuters) -- The minister said...' })?.name).toBe('news article');
    expect(matchTextType({ text: 'Zzz qqq.' })).toBeNull();
    const drawn = textTypeOf(42, 3, { text: 'Zzz qqq.' });
    expect(drawn.how).toBe('drawn');
    expect(textTypeOf(42, 3, { text: 'Zzz qqq.' })).toEqual(drawn);
    expect(textTypeOf(42, 3, { text: 'x', type: 'poem' })).toEqual({ name: 'poem', how: 'given' });
  });
});
