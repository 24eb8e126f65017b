/**
 * The viewer in headless Chromium driven by playwright-core (the browser comes from
 * tests/support/browser.ts: DISTILLERY_CHROMIUM or CHROME_PATH, an installed Chromium or Chrome, or
 * the one in the @sparticuz/chromium devDependency): open a run, filter to rejected, open a sample,
 * follow a lineage link; and a generated sample holding <script> and <img onerror> renders as text
 * and runs nothing. Screenshots go to test-artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startViewer, type ViewerServer } from '../../src/web/server.js';
import { findChromium } from '../support/browser.js';
import { REPO } from '../support/paths.js';
import { buildFixture, HOSTILE, type Fixture } from './fixture.js';

const ARTIFACTS = join(REPO, 'test-artifacts');

let fx: Fixture;
let viewer: ViewerServer;
let browser: Browser;

beforeAll(async () => {
  // Fail loudly, never skip: with no browser found, findChromium throws what it looked for and how to point it at one.
  const chromiumFound = await findChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
  fx = await buildFixture();
  viewer = await startViewer({ dbPath: fx.dbPath, host: '127.0.0.1', port: 0 });
  browser = await chromium.launch({
    executablePath: chromiumFound.path,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
});

afterAll(async () => {
  await browser?.close();
  await viewer?.close();
  fx?.cleanup();
});

/** A page that records console errors, dialogs and failed requests. */
async function openPage(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  return { page, problems };
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `audit-${name}.png`), fullPage: true });

describe('audit viewer in Chromium', () => {
  it('opens a run, filters to rejected, opens a sample and follows a lineage link', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${viewer.url}/`);
    await page.getByRole('link', { name: fx.runName, exact: true }).click();
    await page.waitForURL(/\/runs\/\d+$/);
    await expect.poll(() => page.locator('svg.funnel').count()).toBe(1);
    expect(await page.locator('svg.sunburst path').count()).toBeGreaterThan(3);
    await shot(page, 'dashboard');

    await page.locator('header.top').getByRole('link', { name: 'samples', exact: true }).click();
    await page.waitForURL(/\/samples$/);
    await page.selectOption('select[name=status]', 'rejected');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/status=rejected/);
    const badges = await page.locator('table.samples tbody tr td:nth-child(4) .badge').allTextContents();
    expect(badges.length).toBeGreaterThan(0);
    expect(new Set(badges)).toEqual(new Set(['rejected']));
    await shot(page, 'rejected');

    const firstId = await page.locator('table.samples tbody tr').first().getAttribute('data-id');
    await page.locator('table.samples tbody tr').first().locator('td').first().getByRole('link').click();
    await page.waitForURL(new RegExp(`/samples/${firstId}$`));
    await expect.poll(() => page.locator('h1').textContent()).toContain(`Sample #${firstId}`);
    expect(await page.locator('#verdicts .badge.fail').count()).toBeGreaterThan(0);
    expect(await page.locator('#call pre.raw-output').textContent()).toBeTruthy();
    await shot(page, 'sample');

    const node = page.locator('svg.lineage-graph a').first();
    const target = (await node.getAttribute('href'))!;
    expect(target).toMatch(/^\/samples\/\d+$/);
    await node.click();
    await page.waitForURL(new RegExp(`${target}$`));
    await expect.poll(() => page.locator('h1').textContent()).toContain(`Sample #${target.split('/').pop()}`);
    await shot(page, 'lineage-target');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows generated <script> and <img onerror> as text and runs nothing', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${viewer.url}/runs/1/samples?q=${encodeURIComponent('<script>')}`);
    const row = page.locator('table.samples tbody tr').first();
    await expect.poll(() => row.textContent()).toContain('<script>window.__pwned = 1;');
    await row.locator('td').first().getByRole('link').click();
    await page.waitForURL(/\/samples\/\d+$/);
    expect(await page.locator('#content pre.text').first().textContent()).toBe(HOSTILE);
    expect(await page.locator('#call pre.raw-output').textContent()).toContain(HOSTILE);
    const state = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
      title: document.title,
      scripts: document.querySelectorAll('script').length,
      images: document.querySelectorAll('img').length,
      handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
    }));
    expect(state).toEqual({ pwned: null, title: expect.stringMatching(/^Sample \d+ · Distillery$/), scripts: 0, images: 0, handlers: 0 });
    await shot(page, 'hostile-sample');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('listens on 127.0.0.1 only and refuses a foreign Host header', async () => {
    expect(viewer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: viewer.port, path: '/', headers: { Host: host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    expect(await status(`127.0.0.1:${viewer.port}`)).toBe(200);
    expect(await status(`localhost:${viewer.port}`)).toBe(200);
    expect(await status(`attacker.example:${viewer.port}`)).toBe(421);
  });
});
