import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/errors.js';
import { CorpusError } from '../../src/corpus/ingest.js';
import { TemplateError } from '../../src/prompts/template.js';
import { SeedFormatError } from '../../src/seeds/load.js';
import { openDb } from '../../src/store/db.js';
import { spawnCli } from '../support/child.js';
import { pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';

/** Rows of every table a run writes to (an empty database: all 0). */
function counts(dbPath: string): Record<string, number> {
  const db = openDb(dbPath, { readonly: true });
  try {
    const out: Record<string, number> = {};
    for (const t of ['runs', 'calls', 'samples', 'lineage', 'verdicts', 'waves', 'leases']) out[t] = (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
    return out;
  } finally {
    db.close();
  }
}
const EMPTY = { runs: 0, calls: 0, samples: 0, lineage: 0, verdicts: 0, waves: 0, leases: 0 };

async function failure(p: Promise<unknown>): Promise<Error> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x as Error,
  );
  if (!e) throw new Error('expected the run to fail');
  return e;
}

/** Issue 21 item 9: bad seeds, templates or corpus are found before anything of the run is kept. */
describe('a new run with unusable input leaves no run behind', () => {
  const sim = { 'teacher.provider': 'sim', target: 4 };

  it('a missing template, a template without its placeholders, a missing or broken seeds file', async () => {
    const dir = tempDir();
    const noPlaceholder = join(dir, 't.txt');
    writeFileSync(noPlaceholder, 'Write some tasks.\n');
    const badSeeds = join(dir, 'bad.jsonl');
    writeFileSync(badSeeds, '{"id": "s1", "category": "qa", "instruction": "Name a colour.", "input": "", "output": "Blue", "is_classification": false}\n{not json\n');
    const cases: [Record<string, unknown>, new (...a: never[]) => Error, RegExp][] = [
      [{ 'params.prompts.instructions': join(dir, 'missing.txt') }, TemplateError, /cannot read prompt template/],
      [{ 'params.prompts.instructions': noPlaceholder }, TemplateError, /t\.txt/],
      [{ 'seeds.path': join(dir, 'missing.jsonl') }, SeedFormatError, /cannot read seed tasks/],
      [{ 'seeds.path': badSeeds }, SeedFormatError, /bad\.jsonl:2: invalid JSON/],
    ];
    for (const [i, [overrides, type, message]] of cases.entries()) {
      const db = join(dir, `c${i}.db`);
      const e = await failure(run(pipeline('self-instruct.yaml', { ...sim, name: `c${i}`, ...overrides }), db));
      expect(e).toBeInstanceOf(type);
      expect(e.message).toMatch(message);
      expect(counts(db), JSON.stringify(overrides)).toEqual(EMPTY);
    }
  });

  it('no classification seed tasks with classification_only is bad seeds, not a failed run', async () => {
    const dir = tempDir();
    const seeds = join(dir, 'open.jsonl');
    writeFileSync(seeds, '{"id": "s1", "category": "writing", "instruction": "Write a haiku about rain.", "input": "", "output": "Soft rain on the roof", "is_classification": false}\n');
    const db = join(dir, 'clf.db');
    const e = await failure(run(pipeline('self-instruct.yaml', { ...sim, name: 'clf', 'seeds.path': seeds, 'params.classification_only': true }), db));
    expect(e).toBeInstanceOf(SeedFormatError);
    expect(e.message).toBe(`${seeds}: no classification seed tasks (is_classification: true) to draw demos from, and params.classification_only is true`);
    expect(counts(db)).toEqual(EMPTY);
  });

  it('an unusable corpus, found after the seeds were stored: the seeds go too', async () => {
    const dir = tempDir();
    const corpus = join(dir, 'corpus');
    mkdirSync(corpus);
    writeFileSync(join(corpus, 'short.md'), 'Too short to be a passage.\n');
    for (const [name, paths] of [['short', [corpus]], ['missing', [join(dir, 'nowhere')]]] as const) {
      const db = join(dir, `${name}.db`);
      const e = await failure(run(pipeline('backtranslation.yaml', { 'teacher.provider': 'sim', name, 'params.corpus.paths': paths }), db));
      expect(e).toBeInstanceOf(CorpusError);
      expect(counts(db)).toEqual(EMPTY);
    }
  });

  it('evol-instruct inputs from a run that does not exist', async () => {
    const db = join(tempDir(), 'evol.db');
    const e = await failure(run(pipeline('evol-instruct.yaml', { 'teacher.provider': 'sim', name: 'ev', 'params.inputs.from_run': 'nope' }), db));
    expect(e).toBeInstanceOf(ConfigError);
    expect(counts(db)).toEqual(EMPTY);
  });

  it('an existing run resumed with bad input is left as it was (status, config), its lease released', async () => {
    const dir = tempDir();
    const db = join(dir, 'r.db');
    const first = await run(pipeline('self-instruct.yaml', { ...sim, name: 'keep' }), db);
    expect(first.status).toBe('completed');
    const read = () => {
      const d = openDb(db, { readonly: true });
      const row = d.prepare(`SELECT status, status_detail, config_json, config_hash, target, updated_at FROM runs WHERE name = 'keep'`).get();
      d.close();
      return row;
    };
    const before = read();
    const before_counts = counts(db);
    const e = await failure(run(pipeline('self-instruct.yaml', { ...sim, target: 6, name: 'keep', 'params.prompts.instructions': join(dir, 'missing.txt') }), db));
    expect(e).toBeInstanceOf(TemplateError);
    expect(read()).toEqual(before);
    expect(counts(db)).toEqual(before_counts);
    expect(before_counts.leases).toBe(0);
  });

  it('once a request was sent the run is kept, marked failed (its answers are reused next time)', async () => {
    // An input error after a request went out (none of the recipes has one today): the run is kept.
    const dir = tempDir();
    const db = join(dir, 'k.db');
    const { executeRun } = await import('../../src/app/run.js');
    const { recipeOf } = await import('../../src/methods/registry.js');
    const recipe = recipeOf('self-instruct')!;
    const original = recipe.run;
    recipe.run = async (ctx) => {
      (ctx.journal.stats as { attempts: number }).attempts++; // as if a request had gone out
      throw new TemplateError('late.txt: no value for placeholder {{x}}');
    };
    try {
      const e = await failure(executeRun({ config: pipeline('self-instruct.yaml', { ...sim, name: 'late' }), configFile: null, dbPath: db, root: dir, env: {}, progress: { wave: () => {} } }));
      expect(e).toBeInstanceOf(TemplateError);
    } finally {
      recipe.run = original;
    }
    const d = openDb(db, { readonly: true });
    expect(d.prepare(`SELECT name, status, status_detail FROM runs`).all()).toEqual([{ name: 'late', status: 'failed', status_detail: 'late.txt: no value for placeholder {{x}}' }]);
    d.close();
  });

  it('the real CLI: exit 2, one message, and `runs --json` lists no run', async () => {
    const dir = tempDir();
    const db = join(dir, 'cli.db');
    for (const [name, set] of [['tpl', `params.prompts.instructions=${join(dir, 'missing.txt')}`], ['seeds', `seeds.path=${join(dir, 'missing.jsonl')}`]]) {
      const child = spawnCli(['run', 'pipelines/self-instruct.yaml', '--teacher', 'sim', '--db', db, '--name', name!, '--set', set!]);
      expect((await child.exited).code, child.stderr()).toBe(2);
      expect(child.stderr()).toMatch(/^error: .*missing\.(txt|jsonl)/m);
      expect(child.stderr()).not.toMatch(/\n\s+at /);
    }
    const bt = spawnCli(['run', 'pipelines/backtranslation.yaml', '--teacher', 'sim', '--db', db, '--name', 'bt', '--set', `params.corpus.paths=[${join(dir, 'nowhere')}]`]);
    expect((await bt.exited).code, bt.stderr()).toBe(2);
    const runs = spawnCli(['runs', '--db', db, '--json']);
    expect((await runs.exited).code, runs.stderr()).toBe(0);
    expect(runs.stdout()).toBe('');
  }, 60_000);
});
