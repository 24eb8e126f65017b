import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder Distillery is installed in (holds prompts/, seeds/, pipelines/). */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * A config path: relative to the working folder when it exists there, else to the package, so the
 * shipped pipelines run from anywhere while a user's own files win.
 */
export function resolveAsset(path: string, root: string): string {
  if (isAbsolute(path)) return path;
  const local = resolve(root, path);
  if (existsSync(local)) return local;
  const shipped = resolve(PACKAGE_ROOT, path);
  return existsSync(shipped) ? shipped : local;
}
