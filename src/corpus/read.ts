/**
 * Streaming line reader for corpus files: raw byte chunks are cut at "\n", each line is checked
 * as UTF-8 and decoded on its own, and its byte offset and line number are kept, so passages can
 * point back into the file. A file is never read whole: memory holds one chunk and one line, and
 * a line longer than `maxLineBytes` is either cut into pieces (at a space when one is near, always
 * at a character boundary) or refused, as the caller chooses.
 */
import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { firstInvalidUtf8, Utf8Validator } from './utf8.js';

export interface SourceLine {
  /** The line without "\n" (a trailing "\r" is kept; the segmenter trims it). */
  text: string;
  /** Byte offset of the line's first byte in the file. */
  offset: number;
  /** 1-based line number. */
  line: number;
  /** Bytes of the line, without its terminator. */
  bytes: number;
  /** True for the second and later pieces of a line cut because it was too long. */
  continued: boolean;
}

export class InvalidUtf8Error extends Error {
  override name = 'InvalidUtf8Error';
  constructor(readonly file: string, readonly line: number, readonly offset: number) {
    super(`${file}:${line}: not valid UTF-8 (first bad byte at offset ${offset})`);
  }
}

export class LineTooLongError extends Error {
  override name = 'LineTooLongError';
  constructor(readonly file: string, readonly line: number, readonly maxBytes: number) {
    super(`${file}:${line}: line longer than ${maxBytes} bytes`);
  }
}

export interface ReadLinesOptions {
  maxLineBytes: number;
  /** `split`: cut an overlong line into pieces; `error`: throw LineTooLongError. */
  onLongLine: 'split' | 'error';
  chunkBytes?: number;
  /** Counts bytes as they are read from disk (to show that reading stopped early). */
  onBytes?: (n: number) => void;
}

const BOM = [0xef, 0xbb, 0xbf];

/** The lines of a file, decoded and checked, in order. Stops reading when the consumer stops. */
export async function* readLines(file: string, opts: ReadLinesOptions): AsyncGenerator<SourceLine> {
  const stream = createReadStream(file, { highWaterMark: opts.chunkBytes ?? 64 * 1024 });
  let parts: Buffer[] = [];
  let partsLen = 0;
  let lineStart = 0;
  let lineNo = 1;
  let continued = false;
  let fileOffset = 0;
  let first = true;

  const emit = (bytes: Buffer, cont: boolean): SourceLine => {
    if (!isUtf8(bytes)) throw new InvalidUtf8Error(file, lineNo, lineStart + firstInvalidUtf8(bytes));
    return { text: bytes.toString('utf8'), offset: lineStart, line: lineNo, bytes: bytes.length, continued: cont };
  };

  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      opts.onBytes?.(chunk.length);
      let buf = chunk;
      if (first) {
        first = false;
        if (buf.length >= 3 && BOM.every((b, i) => buf[i] === b)) {
          buf = buf.subarray(3);
          fileOffset = 3;
          lineStart = 3;
        }
      }
      let from = 0;
      for (let nl = buf.indexOf(0x0a, from); nl >= 0; nl = buf.indexOf(0x0a, from)) {
        const piece = buf.subarray(from, nl);
        const bytes = partsLen > 0 ? Buffer.concat([...parts, piece]) : piece;
        if (bytes.length > opts.maxLineBytes && opts.onLongLine === 'error') throw new LineTooLongError(file, lineNo, opts.maxLineBytes);
        yield emit(bytes, continued);
        parts = [];
        partsLen = 0;
        continued = false;
        lineNo++;
        lineStart = fileOffset + nl + 1;
        from = nl + 1;
      }
      const rest = buf.subarray(from);
      if (rest.length > 0) {
        parts.push(rest);
        partsLen += rest.length;
      }
      fileOffset += buf.length;
      while (partsLen > opts.maxLineBytes) {
        if (opts.onLongLine === 'error') throw new LineTooLongError(file, lineNo, opts.maxLineBytes);
        const all = Buffer.concat(parts);
        const cut = cutPoint(all, opts.maxLineBytes);
        yield emit(all.subarray(0, cut), continued);
        continued = true;
        lineStart += cut;
        parts = [all.subarray(cut)];
        partsLen = all.length - cut;
      }
    }
    if (partsLen > 0) yield emit(Buffer.concat(parts), continued);
  } finally {
    stream.destroy();
  }
}

/**
 * Where to cut an overlong line of `bytes` so the first piece has at most `max` bytes: before the
 * last space or tab in the last quarter of the window, else at the last character boundary.
 */
function cutPoint(bytes: Buffer, max: number): number {
  const floor = Math.floor(max * 0.75);
  for (let i = max; i > floor; i--) if (bytes[i] === 0x20 || bytes[i] === 0x09) return i;
  let i = max;
  while (i > 0 && (bytes[i]! & 0xc0) === 0x80) i--;
  return i > 0 ? i : max;
}

/** Check a whole file as UTF-8, chunk by chunk; the first bad sequence, or null. */
export async function findInvalidUtf8(file: string, chunkBytes = 64 * 1024): Promise<{ offset: number; line: number } | null> {
  const v = new Utf8Validator();
  const stream = createReadStream(file, { highWaterMark: chunkBytes });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const bad = v.feed(chunk);
      if (bad) return bad;
    }
    return v.end();
  } finally {
    stream.destroy();
  }
}
