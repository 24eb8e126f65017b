import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder Distillery is installed in (holds package.json, prompts/, seeds/, pipelines/). Found by
 * walking up, so it is right both from the sources and from the bundled CLI under node_modules/.cache.
 */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const pkg = resolve(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'distillery') return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find Distillery's package.json above ${start}`);
  }
}

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
