// The shared helper behind every output file (src/util/atomic-file.ts): short writes continued,
// failures named by the target, temporaries removed, earlier files untouched until commit.
import * as realFs from 'node:fs';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../support/tmp.js';

/** How many bytes the mocked writeSync accepts per call (undefined: all of them, as the real one). */
let writeCap: number | undefined;
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const writeSync = ((fd: number, buf: Uint8Array, off?: number, len?: number) => {
    const start = off ?? 0;
    const n = len ?? buf.length - start;
    return fs.writeSync(fd, buf, start, writeCap === undefined ? n : Math.min(n, writeCap));
  }) as typeof fs.writeSync;
  return { ...fs, default: { ...fs, writeSync }, writeSync };
});
const { AtomicOutputs, FileWriteError, writeFileAtomic, writeFully } = await import('../../src/util/atomic-file.js');

afterEach(() => {
  writeCap = undefined;
});

describe('writeFully and CheckedFile', () => {
  it('a short write goes on where it stopped: the file is whole', () => {
    const dir = tempDir();
    writeCap = 7; // every write call takes at most 7 bytes
    const text = 'ünïcode and more text than seven bytes\n'.repeat(500);
    writeFileAtomic(join(dir, 'out.txt'), text);
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe(text);
    expect(readdirSync(dir)).toEqual(['out.txt']);
  });

  it('a write that makes no progress is ENOSPC, named by the target; the temporary is removed, the earlier file kept', () => {
    const dir = tempDir();
    const target = join(dir, 'out.txt');
    writeFileSync(target, 'earlier');
    writeCap = 0;
    let err: unknown;
    try {
      writeFileAtomic(target, 'new content');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FileWriteError);
    expect((err as Error).message).toBe(`cannot write ${target}: no space left on device (ENOSPC); nothing was written there`);
    expect(readdirSync(dir)).toEqual(['out.txt']);
    expect(readFileSync(target, 'utf8')).toBe('earlier');
  });

  it('/dev/full: the real ENOSPC of a write surfaces', () => {
    const fd = realFs.openSync('/dev/full', 'w');
    try {
      expect(() => writeFully(fd, Buffer.from('x'))).toThrow(expect.objectContaining({ code: 'ENOSPC' }));
    } finally {
      realFs.closeSync(fd);
    }
  });
});

describe('AtomicOutputs', () => {
  it('nothing appears under a target before commit; abort leaves no temporary', () => {
    const dir = tempDir();
    const o = new AtomicOutputs();
    o.file(join(dir, 'a.txt')).write('a');
    const d = o.dir(join(dir, 'folder'));
    o.fileIn(d, 'data/x.bin').write(new Uint8Array([1, 2, 3]));
    expect(existsSync(join(dir, 'a.txt'))).toBe(false);
    expect(existsSync(join(dir, 'folder'))).toBe(false);
    o.abort();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('commit puts files and folders in place, replacing an earlier folder whole', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'folder'));
    writeFileSync(join(dir, 'folder', 'old.txt'), 'old');
    const o = new AtomicOutputs();
    o.file(join(dir, 'sub', 'a.txt')).write('a');
    const d = o.dir(join(dir, 'folder'));
    o.fileIn(d, 'data/x.txt').write('x');
    expect(o.commit().map((p) => p.slice(dir.length + 1))).toEqual(['sub/a.txt', 'folder']);
    expect(readFileSync(join(dir, 'sub', 'a.txt'), 'utf8')).toBe('a');
    expect(readdirSync(join(dir, 'folder'))).toEqual(['data']);
    expect(readFileSync(join(dir, 'folder', 'data', 'x.txt'), 'utf8')).toBe('x');
    expect(readdirSync(dir).sort()).toEqual(['folder', 'sub']);
  });
});
