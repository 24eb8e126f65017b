/**
 * Segmentation of unlabelled text into self-contained passages (methods.md section 4: the
 * reimplementation keeps segments of 1,000 to 2,200 characters). Pure and incremental: lines go
 * in one at a time, passages come out as soon as they are complete, so a file of any size is cut
 * while holding at most about one passage and one line.
 *
 * Rules:
 * - A document (a file, or one JSONL record) and a thematic-break line (`---`, `***`, `___`) are
 *   hard boundaries: a passage never spans one.
 * - Paragraphs are separated by blank lines. Whole paragraphs are packed into a passage while it
 *   stays within `maxChars`; a passage is closed at a paragraph break once it has `minChars`.
 * - A paragraph that does not fit is cut at sentence ends (then at spaces, then anywhere for a run
 *   of text with no space) only where needed: to fill a passage still under `minChars`, or because
 *   the paragraph alone is longer than `maxChars`.
 * - What is left under `minChars` at a hard boundary comes out with status `short`, so the caller
 *   can record it; every other passage has status `ok` and a length within the bounds.
 * Text is normalised: lines trimmed, one blank line between paragraphs, one space between
 * sentences that were cut apart and rejoined. Each passage carries the span [start, end) of the
 * source it came from, in the unit of the caller's `measure` (bytes of a file, characters of a string).
 */

export interface SegmentOptions {
  minChars: number;
  maxChars: number;
}

export interface Segment {
  text: string;
  /** Source span, in the caller's unit. */
  start: number;
  end: number;
  /** 1-based line of the source where the passage starts. */
  line: number;
  status: 'ok' | 'short';
}

/** A piece of text with its source span and the separator that joins it to what precedes it. */
interface Atom {
  text: string;
  start: number;
  end: number;
  line: number;
  sep: '' | ' ' | '\n' | '\n\n';
}

interface ParaLine {
  text: string;
  start: number;
  line: number;
  /** How the line joins the previous one of its paragraph: a newline, or for the pieces of an overlong line a space or nothing. */
  join: '' | ' ' | '\n';
}

const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
/** The end of a sentence: terminal punctuation, closing quotes or brackets, then whitespace. */
const SENTENCE_END = /[.!?…]+["'”’»)\]]*(?=\s)/g;

export function isThematicBreak(line: string): boolean {
  return THEMATIC_BREAK.test(line);
}

export class Segmenter {
  private para: ParaLine[] = [];
  private paraChars = 0;
  /** The current paragraph was too long to pack whole and is being fed sentence by sentence. */
  private streaming = false;
  private cur: Atom[] = [];
  private curChars = 0;
  private out: Segment[] = [];

  constructor(
    private readonly opts: SegmentOptions,
    private readonly measure: (s: string) => number = (s) => s.length,
  ) {
    if (!(opts.minChars >= 0 && opts.maxChars >= 1 && opts.minChars <= opts.maxChars)) {
      throw new RangeError(`segment bounds: expected 0 <= minChars <= maxChars, got ${opts.minChars} and ${opts.maxChars}`);
    }
  }

  /**
   * One line of the source, without its line terminator. `offset` is where the line starts;
   * `continued` says the line is the rest of the previous one (a reader cut an overlong line).
   */
  line(raw: string, offset: number, lineNo: number, continued = false): Segment[] {
    const lead = /^\s*/.exec(raw)![0];
    const text = raw.slice(lead.length).replace(/\s+$/, '');
    if (text === '') {
      if (!continued) this.endParagraph();
      return this.take();
    }
    if (!continued && isThematicBreak(raw.trimEnd())) {
      this.boundaryInternal();
      return this.take();
    }
    const open = this.para.length > 0 || this.streaming;
    const join: ParaLine['join'] = !open ? '\n' : continued ? (lead ? ' ' : '') : '\n';
    const pl: ParaLine = { text, start: offset + (lead ? this.measure(lead) : 0), line: lineNo, join };
    if (this.streaming) {
      this.feedLine(pl, false);
    } else {
      this.paraChars += (this.para.length > 0 ? join.length : 0) + text.length;
      this.para.push(pl);
      if (this.paraChars > this.opts.maxChars) {
        this.streaming = true;
        const lines = this.para;
        this.para = [];
        this.paraChars = 0;
        lines.forEach((l, i) => this.feedLine(l, i === 0));
      }
    }
    return this.take();
  }

  /** A hard boundary: the end of a document or section. */
  boundary(): Segment[] {
    this.boundaryInternal();
    return this.take();
  }

  private boundaryInternal(): void {
    this.endParagraph();
    if (this.cur.length > 0) this.emit();
  }

  private take(): Segment[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  private endParagraph(): void {
    if (this.streaming) {
      this.streaming = false;
      return;
    }
    if (this.para.length === 0) return;
    const lines = this.para;
    const chars = this.paraChars;
    this.para = [];
    this.paraChars = 0;
    const { maxChars, minChars } = this.opts;
    const whole = (): Atom => ({
      text: lines.map((l, i) => (i === 0 ? '' : l.join) + l.text).join(''),
      start: lines[0]!.start,
      end: lineEnd(lines[lines.length - 1]!, this.measure),
      line: lines[0]!.line,
      sep: '\n\n',
    });
    if (this.cur.length === 0) {
      this.cur = [whole()];
      this.curChars = chars;
    } else if (this.curChars + 2 + chars <= maxChars) {
      this.cur.push(whole());
      this.curChars += 2 + chars;
    } else if (this.curChars >= minChars) {
      this.emit();
      this.cur = [whole()];
      this.curChars = chars;
    } else {
      // The passage is still short and the paragraph does not fit whole: fill with its sentences.
      lines.forEach((l, i) => this.feedLine(l, i === 0));
    }
  }

  /** Cut a line into sentence atoms (no longer than maxChars) and pack them. */
  private feedLine(l: ParaLine, firstOfParagraph: boolean): void {
    let pos = 0;
    let measured = 0;
    const at = (index: number): number => {
      measured += this.measure(l.text.slice(pos, index));
      pos = index;
      return l.start + measured;
    };
    let first = true;
    for (const piece of sentencePieces(l.text, this.opts.maxChars)) {
      const start = at(piece.from);
      const end = at(piece.to);
      const sep: Atom['sep'] = first ? (firstOfParagraph ? '\n\n' : l.join) : piece.joinedBySpace ? ' ' : '';
      this.feedAtom({ text: l.text.slice(piece.from, piece.to), start, end, line: l.line, sep });
      first = false;
    }
  }

  private feedAtom(a: Atom): void {
    if (this.cur.length === 0) {
      this.cur = [a];
      this.curChars = a.text.length;
    } else if (this.curChars + a.sep.length + a.text.length <= this.opts.maxChars) {
      this.cur.push(a);
      this.curChars += a.sep.length + a.text.length;
    } else {
      this.emit();
      this.cur = [a];
      this.curChars = a.text.length;
    }
  }

  private emit(): void {
    const atoms = this.cur;
    const text = atoms.map((a, i) => (i === 0 ? '' : a.sep) + a.text).join('');
    this.out.push({
      text,
      start: atoms[0]!.start,
      end: atoms[atoms.length - 1]!.end,
      line: atoms[0]!.line,
      status: text.length >= this.opts.minChars ? 'ok' : 'short',
    });
    this.cur = [];
    this.curChars = 0;
  }
}

function lineEnd(l: ParaLine, measure: (s: string) => number): number {
  return l.start + measure(l.text);
}

interface Piece {
  from: number;
  to: number;
  /** True when whitespace separated this piece from the previous one in the source. */
  joinedBySpace: boolean;
}

/**
 * A line's sentences as index ranges (whitespace around them left out); a sentence longer than
 * `max` is cut at the last space that keeps it within `max`, or at `max` itself when there is none
 * (never inside a surrogate pair).
 */
export function sentencePieces(text: string, max: number): Piece[] {
  const ranges: [number, number][] = [];
  let from = skipSpace(text, 0);
  for (const m of text.matchAll(SENTENCE_END)) {
    const to = m.index + m[0].length;
    if (to > from) ranges.push([from, to]);
    from = skipSpace(text, to);
  }
  const rest = text.slice(from).trimEnd();
  if (rest !== '') ranges.push([from, from + rest.length]);

  const pieces: Piece[] = [];
  const push = (f: number, t: number) => {
    const prev = pieces[pieces.length - 1];
    pieces.push({ from: f, to: t, joinedBySpace: prev !== undefined && f > prev.to });
  };
  for (const [start, to] of ranges) {
    let f = start;
    while (to - f > max) {
      const space = text.lastIndexOf(' ', f + max);
      if (space > f) {
        push(f, f + text.slice(f, space).trimEnd().length);
        f = skipSpace(text, space);
      } else {
        let cut = f + max;
        if (isHighSurrogate(text.charCodeAt(cut - 1))) cut--;
        push(f, cut);
        f = cut;
      }
    }
    if (to > f) push(f, to);
  }
  return pieces;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text.charAt(i))) i++;
  return i;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Segment a whole string (one document), positions in characters. Convenience for tests and JSONL records. */
export function segmentText(text: string, opts: SegmentOptions, firstLine = 1): Segment[] {
  const s = new Segmenter(opts);
  const out: Segment[] = [];
  let offset = 0;
  let lineNo = firstLine;
  for (const line of text.split('\n')) {
    out.push(...s.line(line, offset, lineNo));
    offset += line.length + 1;
    lineNo++;
  }
  out.push(...s.boundary());
  return out;
}
