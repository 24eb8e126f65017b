import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

/**
 * Real full and read-only file systems for the tests of what Distillery writes: a small tmpfs
 * fills up for real (short writes, then ENOSPC), a read-only one refuses every write (EROFS, even
 * to root, where chmod does not). Mounting needs root (or CAP_SYS_ADMIN): without it the test
 * fails with this message rather than passing without having tested anything.
 */
function mountOrFail(args: string[], what: string): void {
  try {
    execFileSync('mount', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    const stderr = String((err as { stderr?: Buffer }).stderr ?? '').trim();
    throw new Error(
      `cannot mount ${what} (\`mount ${args.join(' ')}\`: ${stderr || (err as Error).message}). ` +
        'These tests need a real full or read-only file system: run them as root (or with CAP_SYS_ADMIN).',
    );
  }
}

/** A tmpfs of `size` (e.g. "16k") at `dir`; `readonly` mounts it read-only (empty, so nothing can be written). */
export function mountTmpfs(dir: string, size: string, readonly = false): void {
  mkdirSync(dir, { recursive: true });
  mountOrFail(['-t', 'tmpfs', '-o', `${readonly ? 'ro,' : ''}size=${size}`, 'tmpfs', dir], `a ${readonly ? 'read-only ' : ''}tmpfs of ${size} at ${dir}`);
}

/** `source` seen read-only at `dir` (a read-only bind mount). */
export function bindReadOnly(source: string, dir: string): void {
  mkdirSync(dir, { recursive: true });
  mountOrFail(['--bind', '-o', 'ro', source, dir], `${source} read-only at ${dir}`);
}

/** Unmount what mountTmpfs or bindReadOnly mounted (lazily if something still holds it). */
export function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'ignore' });
  } catch {
    execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
  }
}
