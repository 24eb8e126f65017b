import { describe, expect, it } from 'vitest';
import { Segmenter, segmentText, sentencePieces, isThematicBreak } from '../../src/corpus/segment.js';
import { stepRng } from '../../src/engine/rng.js';

const B = { minChars: 1000, maxChars: 2200 };

/** A paragraph of about `n` characters made of sentences, distinct per tag. */
function para(n: number, tag: string): string {
  const out: string[] = [];
  let i = 0;
  while (out.join(' ').length < n - 40) out.push(`Sentence ${i++} of part ${tag} says something plain.`);
  return out.join(' ');
}

const words = (s: string) => s.split(/\s+/).filter(Boolean);

describe('segmentation', () => {
  it('packs whole paragraphs and closes a passage at a paragraph break once it is long enough', () => {
    const paras = ['a', 'b', 'c', 'd', 'e'].map((t) => para(800, t));
    const segs = segmentText(paras.join('\n\n'), B);
    expect(segs.map((s) => s.status)).toEqual(['ok', 'ok', 'short']);
    expect(segs[0]!.text).toBe(`${paras[0]}\n\n${paras[1]}`);
    expect(segs[1]!.text).toBe(`${paras[2]}\n\n${paras[3]}`);
    expect(segs[2]!.text).toBe(paras[4]);
  });

  it('fills a short passage with sentences of a paragraph that does not fit whole', () => {
    const a = para(300, 'a');
    const b = para(2000, 'b');
    const segs = segmentText(`${a}\n\n${b}`, B);
    expect(segs[0]!.status).toBe('ok');
    expect(segs[0]!.text.startsWith(`${a}\n\n`)).toBe(true);
    expect(segs[0]!.text.length).toBeGreaterThan(2000);
    expect(segs[0]!.text.length).toBeLessThanOrEqual(2200);
    expect(segs[0]!.text).toMatch(/\.$/);
    expect(words(segs.map((s) => s.text).join(' '))).toEqual(words(`${a} ${b}`));
  });

  it('never spans a thematic break or a document boundary', () => {
    expect(isThematicBreak('---')).toBe(true);
    expect(isThematicBreak(' * * *')).toBe(true);
    expect(isThematicBreak('--')).toBe(false);
    expect(isThematicBreak('--- not a rule')).toBe(false);
    const a = para(600, 'a');
    const b = para(600, 'b');
    const segs = segmentText(`${a}\n\n---\n${b}`, B);
    expect(segs.map((s) => [s.status, s.text])).toEqual([
      ['short', a],
      ['short', b],
    ]);
    const s = new Segmenter(B);
    expect(s.line(a, 0, 1)).toEqual([]);
    expect(s.boundary().map((x) => x.text)).toEqual([a]);
    expect(s.line(b, 0, 1)).toEqual([]);
    expect(s.boundary().map((x) => x.text)).toEqual([b]);
  });

  it('keeps the source span of each passage and normalises whitespace and line ends', () => {
    const a = para(700, 'a');
    const b = para(700, 'b');
    const src = `\r\n   ${a}  \r\n\r\n\r\n${b}\r\n`;
    const [seg] = segmentText(src, B);
    expect(seg!.text).toBe(`${a}\n\n${b}`);
    expect(src.slice(seg!.start, seg!.end)).toBe(`${a}  \r\n\r\n\r\n${b}`);
    expect(seg!.line).toBe(2);
  });

  it('cuts a long paragraph at sentence ends, each passage within the bounds, losing nothing', () => {
    const text = para(9000, 'x');
    const segs = segmentText(text, B);
    expect(segs.length).toBeGreaterThan(3);
    for (const s of segs) {
      expect(s.text.length).toBeLessThanOrEqual(2200);
      expect(text.slice(s.start, s.end)).toBe(s.text);
    }
    for (const s of segs.slice(0, -1)) expect(s.status).toBe('ok');
    expect(words(segs.map((s) => s.text).join(' '))).toEqual(words(text));
  });

  it('cuts a sentence with no end at spaces, and text with no space at all anywhere but inside a character', () => {
    const noStop = Array.from({ length: 900 }, (_, i) => `word${i}`).join(' ');
    for (const p of sentencePieces(noStop, 2200)) expect(p.to - p.from).toBeLessThanOrEqual(2200);
    expect(words(segmentText(noStop, B).map((s) => s.text).join(' '))).toEqual(words(noStop));

    const emoji = '😀'.repeat(3000); // 6,000 UTF-16 units, no space
    const segs = segmentText(emoji, B);
    expect(segs.map((s) => s.text).join('')).toBe(emoji);
    for (const s of segs) {
      expect(s.text.length).toBeLessThanOrEqual(2200);
      expect(s.text.codePointAt(0)).toBe(0x1f600);
      expect(s.text.charCodeAt(s.text.length - 1)).toBe(0xde00);
    }
  });

  it('joins the pieces of an overlong line without adding or losing characters', () => {
    const line = para(3000, 'y');
    const s = new Segmenter(B);
    const out = [...s.line(line.slice(0, 1500), 0, 1), ...s.line(line.slice(1500), 1500, 1, true), ...s.boundary()];
    expect(words(out.map((x) => x.text).join(' '))).toEqual(words(line));
    for (const x of out) expect(line.slice(x.start, x.end)).toBe(x.text);
  });

  it('on random documents: every ok passage is within the bounds and the words come out in order', () => {
    const rng = stepRng(7, 'segment-property');
    for (let doc = 0; doc < 30; doc++) {
      const paragraphs = Array.from({ length: rng.int(1, 12) }, (_, p) =>
        Array.from({ length: rng.int(1, 4) }, (_, l) => para(rng.int(50, 3000), `${doc}-${p}-${l}`)).join('\n'),
      );
      const text = paragraphs.join(rng.int(0, 1) ? '\n\n' : '\n\n\n');
      const segs = segmentText(text, B);
      for (const s of segs) {
        expect(s.text.length).toBeLessThanOrEqual(2200);
        if (s.status === 'ok') expect(s.text.length).toBeGreaterThanOrEqual(1000);
        else expect(s.text.length).toBeLessThan(1000);
        expect(words(text.slice(s.start, s.end))).toEqual(words(s.text));
      }
      expect(words(segs.map((s) => s.text).join(' '))).toEqual(words(text));
    }
  });

  it('refuses impossible bounds', () => {
    expect(() => new Segmenter({ minChars: 3000, maxChars: 2200 })).toThrow(/minChars <= maxChars/);
  });
});
