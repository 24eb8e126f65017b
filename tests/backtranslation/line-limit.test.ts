import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDb } from '../../src/store/db.js';
import { loadSeedTasks, SEED_MAX_LINE_BYTES, SeedFormatError } from '../../src/seeds/load.js';
import { spawnCli } from '../support/child.js';
import { tempDir } from '../support/tmp.js';

/** Rows of every table a run writes to (a database that exists). */
function rows(dbPath: string): Record<string, number> {
  const db = openDb(dbPath, { readonly: true });
  try {
    const out: Record<string, number> = {};
    for (const t of ['runs', 'calls', 'samples', 'waves', 'leases']) out[t] = (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
    return out;
  } finally {
    db.close();
  }
}
const EMPTY = { runs: 0, calls: 0, samples: 0, waves: 0, leases: 0 };

const passage = (i: number) => `Record ${i}. ` + Array.from({ length: 120 }, (_, j) => `word${(i * 131 + j * 7) % 997}`).join(' ') + '.';

/** Issue 21 item 8: a line over the configured limit is one clear error (exit 2), and nothing of the run is kept. */
describe('a line over the limit', () => {
  it('a corpus record line over params.corpus.max_line_bytes: exit 2, file, line and limit named, no stack, no run row', async () => {
    const dir = tempDir();
    const corpus = join(dir, 'corpus');
    mkdirSync(corpus);
    const lines = [1, 2, 3].map((i) => JSON.stringify({ id: i, text: passage(i) }));
    lines.push(JSON.stringify({ id: 4, text: 'x'.repeat(5000) }));
    writeFileSync(join(corpus, 'a.jsonl'), lines.join('\n') + '\n');
    const db = join(dir, 'c.db');
    const child = spawnCli([
      'run', 'pipelines/backtranslation.yaml', '--teacher', 'sim', '--db', db,
      '--set', `params.corpus.paths=[${corpus}]`, '--set', 'params.corpus.max_line_bytes=4096', '--set', 'params.corpus.min_chars=100',
    ]);
    expect((await child.exited).code, child.stderr()).toBe(2);
    const err = child.stderr();
    expect(err).toMatch(/^error: .*a\.jsonl:4: .*longer than 4096 bytes.*params\.corpus\.max_line_bytes/m);
    expect(err.match(/^error:/gm)).toHaveLength(1);
    expect(err).not.toMatch(/\n\s+at /);
    expect(rows(db)).toEqual(EMPTY);
  }, 60_000);

  it('a seeds line over the fixed limit: exit 2 naming file, line and limit, no stack, no run row', async () => {
    const dir = tempDir();
    const seeds = join(dir, 'seeds.jsonl');
    const ok = JSON.stringify({ id: 's1', category: 'qa', instruction: 'Name a colour.', input: '', output: 'Blue', is_classification: false });
    const huge = JSON.stringify({ id: 's2', category: 'qa', instruction: 'y'.repeat(SEED_MAX_LINE_BYTES + 10), input: '', output: 'z', is_classification: false });
    writeFileSync(seeds, `${ok}\n${huge}\n`);
    expect(() => loadSeedTasks(seeds)).toThrow(SeedFormatError);
    expect(() => loadSeedTasks(seeds)).toThrow(new RegExp(`seeds\\.jsonl:2: line longer than ${SEED_MAX_LINE_BYTES} bytes`));
    const db = join(dir, 'c.db');
    const child = spawnCli(['run', 'pipelines/self-instruct.yaml', '--teacher', 'sim', '--db', db, '--set', `seeds.path=${seeds}`]);
    expect((await child.exited).code, child.stderr()).toBe(2);
    const err = child.stderr();
    expect(err).toMatch(new RegExp(`^error: .*seeds\\.jsonl:2: line longer than ${SEED_MAX_LINE_BYTES} bytes`, 'm'));
    expect(err).not.toMatch(/\n\s+at /);
    expect(rows(db)).toEqual(EMPTY);
  }, 60_000);

  it('seed files read line by line parse as a whole-file read did (BOM, CRLF, blank lines)', () => {
    const dir = tempDir();
    const seeds = join(dir, 's.jsonl');
    const a = JSON.stringify({ id: 'a', category: 'qa', instruction: 'Name a colour.', input: '', output: 'Blue', is_classification: false });
    const b = JSON.stringify({ id: 'b', category: 'qa', instruction: 'Name a fruit ü.', input: '', output: 'Pear', is_classification: false });
    writeFileSync(seeds, `\uFEFF${a}\r\n\r\n${b}`);
    expect(loadSeedTasks(seeds).map((t) => [t.id, t.instruction])).toEqual([['a', 'Name a colour.'], ['b', 'Name a fruit ü.']]);
  });
});
