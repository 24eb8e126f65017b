import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Files that are complete or absent. Every output is written under a temporary name beside its
 * target, each write is checked (a short write is continued, an error stops everything), the file
 * is flushed to disk (fsync) and only then renamed over the target. A full disk, a read-only
 * folder or Ctrl-C leaves the target as it was (an earlier file there untouched) and removes the
 * temporary; only a SIGKILL or a power cut can leave a `.NAME.PID.N.tmp` file behind.
 */

/** A file could not be written (disk full, read-only, no permission...): exit code 1, one line. */
export class FileWriteError extends Error {
  override name = 'FileWriteError';
  constructor(
    readonly path: string,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'input/output error',
  EFBIG: 'file too large',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  EEXIST: 'a file is in the way',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'file name too long',
};

/** `cannot write PATH: no space left on device (ENOSPC)`; the target is named, never the temporary. */
export function writeError(path: string, err: unknown): FileWriteError {
  if (err instanceof FileWriteError) return err;
  const code = (err as NodeJS.ErrnoException)?.code;
  const reason = (code && REASONS[code]) ?? (err as Error)?.message ?? String(err);
  return new FileWriteError(path, code, `cannot write ${path}: ${reason}${code ? ` (${code})` : ''}; nothing was written there`);
}

/** writeSync until every byte is on its way: a short write goes on from where it stopped. */
export function writeFully(fd: number, data: Uint8Array): void {
  let off = 0;
  while (off < data.length) {
    const n = writeSync(fd, data, off, data.length - off);
    if (n <= 0) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }); // a write that makes no progress
    off += n;
  }
}

/** fsync a folder, so that a rename or a new entry in it survives a power cut (best effort where folders cannot be opened). */
export function fsyncDir(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM') throw err; // file systems that cannot sync a folder
  } finally {
    closeSync(fd);
  }
}

let serial = 0;
/** `.NAME.PID.N.tmp` beside `target`. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${serial++}.tmp`);
}

/**
 * One file written with checked, buffered writes (text or bytes). `close()` flushes, fsyncs and
 * closes; any failure is a FileWriteError naming `shownAs` (the final target).
 */
export class CheckedFile {
  private fd: number | null;
  private chunk: (string | Uint8Array)[] = [];
  private size = 0;
  /** Bytes handed to the file so far. */
  bytes = 0;

  constructor(
    readonly path: string,
    readonly shownAs: string = path,
    private readonly chunkSize = 1 << 20,
  ) {
    try {
      this.fd = openSync(path, 'wx'); // a new file: never through a link left at a guessable name
    } catch (err) {
      throw writeError(shownAs, err);
    }
  }

  write(data: string | Uint8Array): void {
    if (data.length === 0) return;
    this.chunk.push(data);
    this.size += data.length;
    if (this.size >= this.chunkSize) this.flush();
  }

  flush(): void {
    if (this.chunk.length === 0) return;
    const buf = this.chunk.every((c) => typeof c === 'string')
      ? Buffer.from(this.chunk.join(''), 'utf8')
      : Buffer.concat(this.chunk.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c)));
    this.chunk = [];
    this.size = 0;
    try {
      writeFully(this.openFd(), buf);
    } catch (err) {
      throw writeError(this.shownAs, err);
    }
    this.bytes += buf.length;
  }

  /** Everything on disk: flush, fsync, close. */
  close(): void {
    this.flush();
    const fd = this.openFd();
    try {
      fsyncSync(fd);
    } catch (err) {
      this.discardFd();
      throw writeError(this.shownAs, err);
    }
    this.fd = null;
    try {
      closeSync(fd);
    } catch (err) {
      throw writeError(this.shownAs, err);
    }
  }

  /** Close without caring (after a failure) and remove the file. */
  discard(): void {
    this.discardFd();
    rmSync(this.path, { force: true });
  }

  get closed(): boolean {
    return this.fd === null;
  }

  private discardFd(): void {
    if (this.fd === null) return;
    try {
      closeSync(this.fd);
    } catch {
      // already failed; the file is removed next
    }
    this.fd = null;
  }

  private openFd(): number {
    if (this.fd === null) throw new Error(`${this.path}: written after close`);
    return this.fd;
  }
}

/**
 * Several outputs (files, and folders of files) that appear together or not at all: each is
 * written under a temporary name beside its target; `commit()` renames them into place once
 * every one is complete on disk, `abort()` removes the temporaries.
 */
export class AtomicOutputs {
  private readonly files: { file: CheckedFile; target: string }[] = [];
  private readonly dirs: { temp: string; target: string; inside: CheckedFile[] }[] = [];
  private committed = false;

  /** A new temporary file for `target` (created now: a read-only or missing folder fails here). */
  file(target: string): CheckedFile {
    const abs = resolve(target);
    makeParent(abs);
    const file = new CheckedFile(tempPathFor(abs), abs);
    this.files.push({ file, target: abs });
    return file;
  }

  /** A new temporary folder for `target`; write in it with `fileIn`. An existing folder there is replaced at commit. */
  dir(target: string): string {
    const abs = resolve(target);
    makeParent(abs);
    const temp = tempPathFor(abs);
    try {
      mkdirSync(temp);
    } catch (err) {
      throw writeError(abs, err);
    }
    this.dirs.push({ temp, target: abs, inside: [] });
    return temp;
  }

  /** A file inside a temporary folder of `dir()` (its subfolders are created). */
  fileIn(tempDir: string, rel: string): CheckedFile {
    const d = this.dirs.find((x) => x.temp === tempDir);
    if (!d) throw new Error(`${tempDir} is not a temporary folder of these outputs`);
    const path = join(tempDir, rel);
    try {
      makeDirs(dirname(path));
    } catch (err) {
      throw writeError(join(d.target, rel), err);
    }
    const file = new CheckedFile(path, join(d.target, rel));
    d.inside.push(file);
    return file;
  }

  /** Close what is still open (fsync), then rename every temporary into place; returns the targets. */
  commit(): string[] {
    for (const { file } of this.files) if (!file.closed) file.close();
    for (const d of this.dirs) {
      for (const f of d.inside) if (!f.closed) f.close();
      try {
        for (const sub of new Set(d.inside.map((f) => dirname(f.path)))) fsyncDir(sub);
        fsyncDir(d.temp);
      } catch (err) {
        throw writeError(d.target, err);
      }
    }
    for (const { file, target } of this.files) {
      try {
        renameSync(file.path, target);
      } catch (err) {
        throw writeError(target, err);
      }
    }
    for (const d of this.dirs) replaceDir(d.temp, d.target);
    for (const parent of new Set([...this.files.map((f) => f.target), ...this.dirs.map((d) => d.target)].map((t) => dirname(t)))) {
      try {
        fsyncDir(parent);
      } catch {
        // the renames are done; a folder that cannot be synced only weakens power-cut safety
      }
    }
    this.committed = true;
    return [...this.files.map((f) => f.target), ...this.dirs.map((d) => d.target)];
  }

  /** Remove every temporary (after a failure); a no-op after commit. */
  abort(): void {
    if (this.committed) return;
    for (const { file } of this.files) file.discard();
    for (const d of this.dirs) {
      for (const f of d.inside) f.discard();
      rmSync(d.temp, { recursive: true, force: true });
    }
  }
}

/** Write one whole file atomically (text or bytes). */
export function writeFileAtomic(target: string, data: string | Uint8Array): void {
  const outputs = new AtomicOutputs();
  try {
    outputs.file(target).write(data);
    outputs.commit();
  } catch (err) {
    outputs.abort();
    throw err;
  }
}

function makeParent(abs: string): void {
  try {
    makeDirs(dirname(abs));
  } catch (err) {
    throw writeError(abs, err);
  }
}

/** mkdir -p one level at a time: a recursive mkdirSync reports ENOENT where the cause is EROFS or EACCES. */
function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // made by a concurrent process
    }
  }
}

/** Rename a complete temporary folder over `target`, keeping the old folder until the new one is in place. */
function replaceDir(temp: string, target: string): void {
  const old = `${temp}.old`;
  let moved = false;
  try {
    try {
      renameSync(target, old);
      moved = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    renameSync(temp, target);
  } catch (err) {
    if (moved) {
      try {
        renameSync(old, target);
      } catch {
        // left as `old`: said in the message below
      }
    }
    throw writeError(target, err);
  }
  if (moved) rmSync(old, { recursive: true, force: true });
}
