/**
 * Human review end to end, as a user does it: `distillery serve` (the real CLI) prints a URL with
 * its access token; headless Chromium (playwright-core, the browser from tests/support/browser.ts)
 * opens it, reviews ten samples of the queue with the keyboard (one with a note), bulk-rejects a
 * text filter after its confirmation page; then `distillery export --reviewed not-rejected` holds
 * exactly the accepted samples nobody rejected. Screenshots go to test-artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findChromium } from '../support/browser.js';
import { spawnCli, type Child } from '../support/child.js';
import { REPO } from '../support/paths.js';
import { buildFixture, type Fixture } from './fixture.js';

const ARTIFACTS = join(REPO, 'test-artifacts');

let fx: Fixture;
let serve: Child;
let url: string;
let browser: Browser;
let runId: number;

async function printedUrl(c: Child): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const m = /at (http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)\n/.exec(c.stdout());
    if (m) return m[1]!;
    if (Date.now() > deadline) throw new Error(`serve printed no URL; stdout:\n${c.stdout()}\nstderr:\n${c.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  const chromiumFound = await findChromium(); // throws, never skips, when there is no browser
  mkdirSync(ARTIFACTS, { recursive: true });
  fx = await buildFixture();
  const db = new Database(fx.dbPath, { readonly: true });
  runId = (db.prepare(`SELECT id FROM runs WHERE name = ?`).get(fx.runName) as { id: number }).id;
  db.close();
  serve = spawnCli(['serve', '--db', fx.dbPath, '--port', '0', '--reviewer', 'tester']);
  url = await printedUrl(serve);
  browser = await chromium.launch({
    executablePath: chromiumFound.path,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (serve && serve.proc.exitCode === null) {
    serve.proc.kill('SIGTERM');
    await serve.exited;
  }
  fx?.cleanup();
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `review-${name}.png`), fullPage: true });

function reviewsInDb(): { sample_id: number; decision: string; note: string; reviewer: string }[] {
  const db = new Database(fx.dbPath, { readonly: true });
  try {
    return db.prepare(`SELECT sample_id, decision, note, reviewer FROM reviews ORDER BY id`).all() as ReturnType<typeof reviewsInDb>;
  } finally {
    db.close();
  }
}

describe('human review in Chromium', () => {
  it('reviews ten samples with the keyboard, bulk-rejects a filter, and the export holds exactly the rows nobody rejected', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));

    // The printed URL starts the session and drops the token from the address bar.
    await page.goto(url);
    await page.waitForURL((u) => u.pathname === '/' && !u.search.includes('token'));
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => ({ httpOnly: c.httpOnly, sameSite: c.sameSite }))).toEqual([{ httpOnly: true, sameSite: 'Strict' }]);

    const origin = new URL(url).origin;
    await page.goto(`${origin}/runs/${runId}/samples?kind=instance&status=accepted&review=none`);
    const current = () => page.locator('table.samples tr.current').getAttribute('data-id').then(Number);
    await expect.poll(current).toBeGreaterThan(0);
    await shot(page, 'queue');

    // Ten decisions: j/k move the cursor; a approves, r rejects; n opens the note of the current row.
    const decided = new Map<number, 'approved' | 'rejected'>();
    let noted = 0;
    for (let i = 0; i < 10; i++) {
      if (i === 2) {
        const here = await current();
        await page.keyboard.press('j');
        await expect.poll(current).toBeGreaterThan(here);
        await page.keyboard.press('k');
        await expect.poll(current).toBe(here);
      }
      const id = await current();
      const decision = i % 3 === 1 ? 'rejected' : 'approved';
      if (i === 4) {
        await page.keyboard.press('n');
        await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('note');
        await page.keyboard.type('needs a source <b>really</b>');
        await page.keyboard.press('Escape');
        noted = id;
      }
      const submitted = page.waitForURL((u) => u.hash === `#r${id}`);
      await page.keyboard.press(decision === 'approved' ? 'a' : 'r');
      await submitted;
      decided.set(id, decision);
      // The reviewed row has left the "not yet reviewed" queue; the cursor is on the next one.
      await expect.poll(() => page.locator(`table.samples tr[data-id="${id}"]`).count()).toBe(0);
      await expect.poll(current).toBeGreaterThan(id);
    }
    const stored = reviewsInDb();
    expect(stored.map((r) => [r.sample_id, r.decision])).toEqual([...decided]);
    expect(new Set(stored.map((r) => r.reviewer))).toEqual(new Set(['tester']));
    expect(stored.find((r) => r.sample_id === noted)?.note).toBe('needs a source <b>really</b>');
    await shot(page, 'after-keys');

    // The note shows as text on the sample page.
    await page.goto(`${origin}/samples/${noted}`);
    expect(await page.locator('#review pre.note').first().textContent()).toBe('needs a source <b>really</b>');
    expect(await page.locator('#review b').count()).toBe(0);

    // Bulk: a text filter over the rest of the queue, confirmed on a page that says how many rows change.
    const db = new Database(fx.dbPath, { readonly: true });
    const open = db
      .prepare(`SELECT s.id, s.instruction, s.input, s.output FROM samples s WHERE s.run_id = ? AND s.kind = 'instance' AND s.status = 'accepted' AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.sample_id = s.id) ORDER BY s.id`)
      .all(runId) as { id: number; instruction: string; input: string; output: string }[];
    const accepted = db.prepare(`SELECT id FROM samples WHERE run_id = ? AND kind = 'instance' AND status = 'accepted' ORDER BY id`).pluck().all(runId) as number[];
    db.close();
    const haystack = (s: (typeof open)[number]) => `${s.instruction}\n${s.input}\n${s.output}`.toLowerCase();
    const words = [...new Set(open.flatMap((s) => haystack(s).match(/[a-z]{5,}/g) ?? []))].sort();
    const word = words.find((w) => {
      const n = open.filter((s) => haystack(s).includes(w)).length;
      return n >= 2 && n <= open.length / 2;
    });
    expect(word, 'a word some but not most open samples share').toBeTruthy();
    const bulk = open.filter((s) => haystack(s).includes(word!)).map((s) => s.id);

    await page.goto(`${origin}/runs/${runId}/samples?kind=instance&status=accepted&review=none`);
    await page.fill('input[name=q]', word!);
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/q=/);
    await page.selectOption('form.bulk select[name=decision]', 'rejected');
    await page.getByRole('button', { name: 'Bulk action…' }).click();
    await page.waitForURL(/\/review\/bulk\?/);
    expect(await page.locator('h1').textContent()).toBe(`Reject ${bulk.length} sample${bulk.length === 1 ? '' : 's'}?`);
    await shot(page, 'bulk-confirm');
    await page.getByRole('button', { name: `Yes, reject ${bulk.length} sample${bulk.length === 1 ? '' : 's'}` }).click();
    await page.waitForURL(/done=rejected/);
    expect(await page.locator('p.notice').textContent()).toBe(`${bulk.length} sample${bulk.length === 1 ? '' : 's'} marked rejected.`);
    expect(problems).toEqual([]);
    await page.close();

    // The export honours the review: accepted samples minus everything a reviewer rejected.
    const rejected = new Set([...[...decided].filter(([, d]) => d === 'rejected').map(([id]) => id), ...bulk]);
    const out = join(fx.dir, 'reviewed.jsonl');
    const exp = spawnCli(['export', fx.runName, '--db', fx.dbPath, '--format', 'jsonl', '--with-provenance', '--reviewed', 'not-rejected', '--out', out]);
    expect((await exp.exited).code, exp.stderr()).toBe(0);
    const ids = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { provenance: { sample_id: number } }).provenance.sample_id);
    expect(ids).toEqual(accepted.filter((id) => !rejected.has(id)));
    expect(ids.length).toBe(accepted.length - rejected.size);
  }, 120_000);
});
