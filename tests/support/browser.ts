/**
 * Finds a Chromium (or Chrome) for the browser tests, in this order:
 *  1. the path in DISTILLERY_CHROMIUM, else in CHROME_PATH (a path that does not exist is an error);
 *  2. the usual install locations: on Linux chromium, chromium-browser, google-chrome and
 *     google-chrome-stable in /usr/bin, /snap/bin and then on PATH; on macOS Google Chrome.app and
 *     Chromium.app in /Applications and ~/Applications; on Windows chrome.exe of Chrome or Chromium
 *     under Program Files, Program Files (x86) and LocalAppData;
 *  3. the Chromium shipped inside the @sparticuz/chromium devDependency (Linux x64), unpacked to the
 *     temporary directory on first use.
 * DISTILLERY_CHROMIUM_SKIP_SYSTEM=1 leaves out step 2 (to check step 3 on a machine with a browser).
 * When nothing is found, findChromium throws a message listing what it looked for and how to point it
 * at a browser: the tests fail, they never skip.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

export const BROWSER_VARIABLES = ['DISTILLERY_CHROMIUM', 'CHROME_PATH'] as const;
export const SKIP_SYSTEM_VARIABLE = 'DISTILLERY_CHROMIUM_SKIP_SYSTEM';
export const PACKAGE = '@sparticuz/chromium';

export interface FoundChromium {
  path: string;
  /** Where it came from: the variable, "system" or the npm package. */
  source: string;
}

export interface FinderOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  arch?: string;
  isExecutable?: (path: string) => boolean;
  /** Step 3: the packaged Chromium's path, or a sentence saying why there is none. */
  packaged?: () => Promise<{ path: string } | { missing: string }>;
}

const LINUX_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function executable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (process.platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The install locations of step 2, in the order they are tried. */
export function systemCandidates(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') {
    const apps = ['/Applications', posix.join(env.HOME ?? homedir(), 'Applications')];
    return apps.flatMap((dir) => [
      posix.join(dir, 'Google Chrome.app', 'Contents', 'MacOS', 'Google Chrome'),
      posix.join(dir, 'Chromium.app', 'Contents', 'MacOS', 'Chromium'),
    ]);
  }
  if (platform === 'win32') {
    const roots = [
      env.PROGRAMFILES ?? env.ProgramFiles ?? 'C:\\Program Files',
      env['PROGRAMFILES(X86)'] ?? env['ProgramFiles(x86)'] ?? 'C:\\Program Files (x86)',
      env.LOCALAPPDATA,
    ].filter((r): r is string => Boolean(r));
    return roots.flatMap((root) => [win32.join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'), win32.join(root, 'Chromium', 'Application', 'chrome.exe')]);
  }
  const fixed = ['/usr/bin', '/snap/bin'].flatMap((dir) => LINUX_NAMES.map((name) => posix.join(dir, name)));
  const onPath = (env.PATH ?? '')
    .split(posix.delimiter)
    .filter((dir) => dir !== '')
    .flatMap((dir) => LINUX_NAMES.map((name) => posix.join(dir, name)));
  return [...new Set([...fixed, ...onPath])];
}

/** Step 3: @sparticuz/chromium, when installed, on Linux x64 (the only binary it ships). */
async function sparticuz(platform: NodeJS.Platform, arch: string): Promise<{ path: string } | { missing: string }> {
  if (platform !== 'linux' || arch !== 'x64') return { missing: `${PACKAGE} ships a Linux x64 binary only (this is ${platform} ${arch})` };
  let mod: { default: { executablePath(input?: string): Promise<string> } };
  try {
    mod = (await import(PACKAGE)) as typeof mod;
  } catch (e) {
    return { missing: `${PACKAGE} is not installed (${(e as Error).message.split('\n')[0]}); npm ci installs it as a devDependency` };
  }
  try {
    return { path: await mod.default.executablePath() };
  } catch (e) {
    return { missing: `${PACKAGE} could not unpack its binary: ${(e as Error).message}` };
  }
}

export async function findChromium(opts: FinderOptions = {}): Promise<FoundChromium> {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const arch = opts.arch ?? process.arch;
  const isExecutable = opts.isExecutable ?? executable;
  const packaged = opts.packaged ?? (() => sparticuz(platform, arch));

  for (const name of BROWSER_VARIABLES) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    if (isExecutable(value)) return { path: value, source: name };
    throw new Error(`${name}=${value} is not an executable file: point ${name} at a Chromium or Chrome binary, or unset it to search the usual places`);
  }

  const looked: string[] = [`${BROWSER_VARIABLES.join(' and ')}: not set`];
  const skipSystem = ['1', 'true', 'yes'].includes((env[SKIP_SYSTEM_VARIABLE] ?? '').toLowerCase());
  if (skipSystem) {
    looked.push(`the usual install locations: skipped (${SKIP_SYSTEM_VARIABLE}=${env[SKIP_SYSTEM_VARIABLE]})`);
  } else {
    const candidates = systemCandidates(platform, env);
    const found = candidates.find((c) => isExecutable(c));
    if (found !== undefined) return { path: found, source: 'system' };
    looked.push(`the usual install locations, none present: ${candidates.join(', ')}`);
  }

  const pkg = await packaged();
  if ('path' in pkg && isExecutable(pkg.path)) return { path: pkg.path, source: PACKAGE };
  looked.push('path' in pkg ? `${PACKAGE}: unpacked to ${pkg.path}, which is not executable` : `${PACKAGE}: ${pkg.missing}`);

  throw new Error(
    [
      'the browser tests need Chromium or Chrome and found none. Looked at:',
      ...looked.map((l) => `  - ${l}`),
      `Set DISTILLERY_CHROMIUM (or CHROME_PATH) to a Chromium or Chrome binary, install one (Debian: apt-get install -y chromium; .ci/run does), or run npm ci to get ${PACKAGE}.`,
    ].join('\n'),
  );
}
