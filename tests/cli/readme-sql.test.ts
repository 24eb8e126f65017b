/**
 * Every SQL example of the README, run against a database holding all five shipped pipelines (sim
 * teacher), in an order that gives no run the id 1 a fixed-id example would guess: each must pick
 * its run by name and its sample by a subquery inside that run, and must return rows.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/store/db.js';
import { REPO } from '../support/paths.js';
import { pipeline, run } from '../support/runs.js';

/** The README's ```sql blocks, as single statements (comments kept). */
function readmeStatements(): string[] {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.flatMap((b) => b.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean));
}
const code = (statement: string) => statement.split('\n').filter((l) => !l.trim().startsWith('--')).join('\n');

let dir: string;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'distillery-sql-'));
  const path = join(dir, 'd.db');
  // The project's corpus plus a repeated file and a passage too short: ingestion rejects some.
  const corpus = join(dir, 'corpus');
  cpSync(join(REPO, 'seeds', 'corpus'), corpus, { recursive: true });
  const first = readdirSync(corpus).filter((f) => f.endsWith('.md')).sort()[0]!;
  cpSync(join(corpus, first), join(corpus, `zz-copy-of-${first}`));
  writeFileSync(join(corpus, 'zzz-short.txt'), 'Too short to be a passage.\n');
  const sim = { 'teacher.provider': 'sim' };
  for (const [file, extra] of [
    ['alpaca.yaml', { target: 20 }],
    ['self-chat.yaml', { target: 10 }],
    ['backtranslation.yaml', { 'params.corpus.paths': [corpus] }],
    ['evol-instruct.yaml', { 'params.inputs.limit': 10 }],
    ['self-instruct.yaml', { target: 40 }],
  ] as const) {
    const result = await run(pipeline(file, { ...sim, ...extra }), path);
    expect(result.status, `${file}: ${result.detail}`).toBe('completed');
  }
  db = openDb(path, { readonly: true });
});
afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('README SQL examples', () => {
  const statements = readmeStatements();

  it('are there, and none names a sample or a run by a fixed id', () => {
    expect(statements.length).toBeGreaterThanOrEqual(15);
    for (const s of statements) {
      expect(code(s), s).not.toMatch(/\b(id|run_id|sample_id|child_id|parent_id)\s*=\s*\d+/);
      expect(code(s), s).toMatch(/FROM runs WHERE name = '[a-z-]+'/);
    }
  });

  it('each runs and returns rows', () => {
    for (const s of statements) {
      const rows = db.prepare(s).all();
      expect(rows.length, s).toBeGreaterThan(0);
    }
  });

  it('the rows are the named run\'s: "where samples were lost" counts only Self-Instruct kinds', () => {
    const lost = statements.find((s) => s.startsWith('-- where samples were lost'))!;
    const kinds = new Set((db.prepare(lost).all() as { kind: string }[]).map((r) => r.kind));
    expect([...kinds].every((k) => k === 'instruction' || k === 'instance')).toBe(true);
    const chain = statements.find((s) => s.startsWith('-- the chain of an evolved sample'))!;
    const steps = db.prepare(chain).all() as { kind: string; id: number }[];
    expect(steps[0]!.kind).toBe('source');
    expect(steps.slice(1).every((r) => r.kind === 'evolved')).toBe(true);
    const evolRun = (db.prepare(`SELECT id FROM runs WHERE name = 'evol-instruct'`).get() as { id: number }).id;
    for (const st of steps) expect((db.prepare(`SELECT run_id FROM samples WHERE id = ?`).get(st.id) as { run_id: number }).run_id).toBe(evolRun);
  });
});
