import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PAGE, samplesCommand } from '../../src/cli/commands/samples.js';
import { openDb } from '../../src/store/db.js';
import { pipeline, run } from '../support/runs.js';
import { inProcess } from './harness.js';

let dir: string;
let db: string;
let ids: number[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'distillery-cli-'));
  db = join(dir, 'd.db');
  expect((await run(pipeline('self-instruct.yaml', { 'teacher.provider': 'sim', target: 40 }), db)).status).toBe('completed');
  const h = openDb(db, { readonly: true });
  ids = (h.prepare(`SELECT id FROM samples ORDER BY id`).all() as { id: number }[]).map((r) => r.id);
  h.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tableIds = (stdout: string) => stdout.trim().split('\n').slice(1).map((l) => Number(l.trim().split(/\s+/)[0]));

describe('samples pages by default', () => {
  it(`shows the first ${DEFAULT_PAGE} and says on stderr how many more match and how to page`, async () => {
    expect(ids.length).toBeGreaterThan(DEFAULT_PAGE * 2);
    const r = await inProcess([samplesCommand], ['samples', 'self-instruct', '--db', db]);
    expect(tableIds(r.stdout)).toEqual(ids.slice(0, DEFAULT_PAGE));
    const last = ids[DEFAULT_PAGE - 1];
    expect(r.stderr).toBe(`${DEFAULT_PAGE} samples shown; ${ids.length - DEFAULT_PAGE} more match: add --after ${last} for the next page, or --limit 0 for all\n`);
    // The next page is where the note says.
    const next = await inProcess([samplesCommand], ['samples', 'self-instruct', '--db', db, '--after', String(last)]);
    expect(tableIds(next.stdout)).toEqual(ids.slice(DEFAULT_PAGE, DEFAULT_PAGE * 2));
  });

  it('--limit N pages by N; the last page says only how many it shows', async () => {
    const r = await inProcess([samplesCommand], ['samples', 'self-instruct', '--db', db, '--limit', '7', '--after', String(ids[ids.length - 10])]);
    expect(tableIds(r.stdout)).toEqual(ids.slice(-9, -2));
    expect(r.stderr).toBe(`7 samples shown; 2 more match: add --after ${ids[ids.length - 3]} for the next page, or --limit 0 for all\n`);
    const end = await inProcess([samplesCommand], ['samples', 'self-instruct', '--db', db, '--limit', '7', '--after', String(ids[ids.length - 3])]);
    expect(tableIds(end.stdout)).toEqual(ids.slice(-2));
    expect(end.stderr).toBe('2 samples\n');
  });

  it('--limit 0 shows every sample', async () => {
    const r = await inProcess([samplesCommand], ['samples', 'self-instruct', '--db', db, '--limit', '0']);
    expect(tableIds(r.stdout)).toEqual(ids);
    expect(r.stderr).toBe(`${ids.length} samples\n`);
  });

  it('--json writes every match (data for a file or a pipe) unless --limit is given', async () => {
    const all = await inProcess([samplesCommand], ['samples', 'self-instruct', '--db', db, '--json']);
    expect(all.stdout.trim().split('\n')).toHaveLength(ids.length);
    expect(all.stderr).toBe('');
    const page = await inProcess([samplesCommand], ['samples', 'self-instruct', '--db', db, '--json', '--limit', '5']);
    expect(page.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: number }).id)).toEqual(ids.slice(0, 5));
    expect(page.stderr).toBe(`5 samples shown; ${ids.length - 5} more match: add --after ${ids[4]} for the next page, or --limit 0 for all\n`);
  });
});
