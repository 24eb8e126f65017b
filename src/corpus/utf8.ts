/**
 * Incremental UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF), fed chunk by chunk, so a file of any size is checked without holding it whole and
 * the first bad byte is reported with its offset and line. Pure.
 */
export class Utf8Validator {
  private need = 0;
  private lo = 0x80;
  private hi = 0xbf;
  private seqStart = 0;
  private seqLine = 1;
  /** Bytes seen so far. */
  offset = 0;
  /** 1-based line of the next byte. */
  line = 1;

  /** Feed the next bytes; returns the first invalid sequence (offset of its first byte, its line) or null. */
  feed(bytes: Uint8Array): { offset: number; line: number } | null {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      const at = this.offset + i;
      if (this.need > 0) {
        if (b < this.lo || b > this.hi) return this.fail(this.seqStart, this.seqLine, i + 1);
        this.need--;
        this.lo = 0x80;
        this.hi = 0xbf;
        continue;
      }
      this.seqStart = at;
      this.seqLine = this.line;
      if (b === 0x0a) this.line++;
      if (b < 0x80) continue;
      if (b >= 0xc2 && b <= 0xdf) this.need = 1;
      else if (b === 0xe0) [this.need, this.lo] = [2, 0xa0];
      else if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) this.need = 2;
      else if (b === 0xed) [this.need, this.hi] = [2, 0x9f];
      else if (b === 0xf0) [this.need, this.lo] = [3, 0x90];
      else if (b >= 0xf1 && b <= 0xf3) this.need = 3;
      else if (b === 0xf4) [this.need, this.hi] = [3, 0x8f];
      else return this.fail(at, this.line, i + 1);
    }
    this.offset += bytes.length;
    return null;
  }

  /** Call at the end of the input: a sequence cut short is invalid too. */
  end(): { offset: number; line: number } | null {
    return this.need > 0 ? { offset: this.seqStart, line: this.seqLine } : null;
  }

  private fail(offset: number, line: number, consumed: number): { offset: number; line: number } {
    this.offset += consumed;
    return { offset, line };
  }
}

/** The offset of the first invalid byte sequence in `bytes`, or -1 when they are valid UTF-8. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const v = new Utf8Validator();
  const bad = v.feed(bytes) ?? v.end();
  return bad ? bad.offset : -1;
}
