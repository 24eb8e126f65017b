/** The browser finder of tests/support/browser.ts, on made-up file systems (no browser is started). */
import { describe, expect, it } from 'vitest';
import { findChromium, PACKAGE, systemCandidates } from '../support/browser.js';

const only = (...paths: string[]) => (p: string) => paths.includes(p);
const noPackage = async () => ({ missing: 'not installed here' });

describe('findChromium', () => {
  it('takes DISTILLERY_CHROMIUM first, then CHROME_PATH', async () => {
    const isExecutable = only('/opt/a/chrome', '/opt/b/chrome', '/usr/bin/chromium');
    expect(await findChromium({ env: { DISTILLERY_CHROMIUM: '/opt/a/chrome', CHROME_PATH: '/opt/b/chrome' }, platform: 'linux', isExecutable, packaged: noPackage })).toEqual({
      path: '/opt/a/chrome',
      source: 'DISTILLERY_CHROMIUM',
    });
    expect(await findChromium({ env: { CHROME_PATH: '/opt/b/chrome' }, platform: 'linux', isExecutable, packaged: noPackage })).toEqual({ path: '/opt/b/chrome', source: 'CHROME_PATH' });
  });

  it('fails on a variable naming no executable, rather than using another browser', async () => {
    await expect(findChromium({ env: { DISTILLERY_CHROMIUM: '/nope/chrome' }, platform: 'linux', isExecutable: only('/usr/bin/chromium'), packaged: noPackage })).rejects.toThrow(
      /^DISTILLERY_CHROMIUM=\/nope\/chrome is not an executable file/,
    );
  });

  it('then tries /usr/bin, /snap/bin and PATH on Linux, in that order', async () => {
    const env = { PATH: '/home/u/bin:/usr/local/bin' };
    expect(systemCandidates('linux', env).slice(0, 8)).toEqual([
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/usr/bin/google-chrome',
      '/usr/bin/google-chrome-stable',
      '/snap/bin/chromium',
      '/snap/bin/chromium-browser',
      '/snap/bin/google-chrome',
      '/snap/bin/google-chrome-stable',
    ]);
    expect(systemCandidates('linux', env)).toContain('/usr/local/bin/google-chrome');
    expect(await findChromium({ env, platform: 'linux', isExecutable: only('/snap/bin/chromium', '/usr/local/bin/chromium'), packaged: noPackage })).toEqual({
      path: '/snap/bin/chromium',
      source: 'system',
    });
    expect(await findChromium({ env, platform: 'linux', isExecutable: only('/usr/local/bin/chromium'), packaged: noPackage })).toEqual({ path: '/usr/local/bin/chromium', source: 'system' });
  });

  it('knows the macOS and Windows install locations', () => {
    expect(systemCandidates('darwin', { HOME: '/Users/u' })).toEqual([
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Users/u/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Users/u/Applications/Chromium.app/Contents/MacOS/Chromium',
    ]);
    const win = systemCandidates('win32', { PROGRAMFILES: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)', LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' });
    expect(win).toContain('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe');
    expect(win).toContain('C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe');
    expect(win).toContain('C:\\Users\\u\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe');
    expect(win).toContain('C:\\Users\\u\\AppData\\Local\\Chromium\\Application\\chrome.exe');
  });

  it('falls back to the npm package, also when the system search is skipped', async () => {
    const packaged = async () => ({ path: '/tmp/chromium' });
    expect(await findChromium({ env: {}, platform: 'linux', isExecutable: only('/tmp/chromium'), packaged })).toEqual({ path: '/tmp/chromium', source: PACKAGE });
    expect(await findChromium({ env: { DISTILLERY_CHROMIUM_SKIP_SYSTEM: '1' }, platform: 'linux', isExecutable: only('/usr/bin/chromium', '/tmp/chromium'), packaged })).toEqual({
      path: '/tmp/chromium',
      source: PACKAGE,
    });
  });

  it('with nothing found, says what it looked for and how to point it at a browser', async () => {
    const e = (await findChromium({ env: { PATH: '/usr/bin' }, platform: 'linux', isExecutable: () => false, packaged: noPackage }).catch((x: unknown) => x)) as Error;
    expect(e).toBeInstanceOf(Error);
    expect(e.message).toMatch(/^the browser tests need Chromium or Chrome and found none/);
    expect(e.message).toContain('DISTILLERY_CHROMIUM and CHROME_PATH: not set');
    expect(e.message).toContain('/usr/bin/chromium, /usr/bin/chromium-browser');
    expect(e.message).toContain(`${PACKAGE}: not installed here`);
    expect(e.message).toMatch(/Set DISTILLERY_CHROMIUM \(or CHROME_PATH\) to a Chromium or Chrome binary/);
    const skipped = (await findChromium({ env: { DISTILLERY_CHROMIUM_SKIP_SYSTEM: 'true' }, platform: 'linux', isExecutable: () => false, packaged: noPackage }).catch((x: unknown) => x)) as Error;
    expect(skipped.message).toContain('the usual install locations: skipped (DISTILLERY_CHROMIUM_SKIP_SYSTEM=true)');
  });
});
