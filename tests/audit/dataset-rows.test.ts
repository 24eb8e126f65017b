import { describe, expect, it } from 'vitest';
import { collectDashboard } from '../../src/audit/dashboard.js';
import { openDb } from '../../src/store/db.js';
import { getRunByName } from '../../src/store/runs.js';
import { fixtureDb } from '../export/fixtures.js';
import { tempDir } from '../support/tmp.js';

describe('dashboard lengths and verbs count the rows a run made, not its inputs', () => {
  it('backtranslation: 34 accepted passages and 6 pairs give 6 output lengths', () => {
    const dir = tempDir();
    const passages = Array.from({ length: 34 }, (_, i) => ({ kind: 'passage', output: `Passage ${i} ${'word '.repeat(40 + i)}`, status: 'accepted' as const }));
    const pairs = Array.from({ length: 6 }, (_, i) => ({ kind: 'pair', instruction: `Write about topic ${i}.`, output: `Answer ${i} ${'text '.repeat(10 + i)}`, status: 'accepted' as const }));
    const seeds = Array.from({ length: 3 }, (_, i) => ({ kind: 'seed', instruction: `Explain seed ${i}.`, output: `Seed answer ${i}`, status: 'accepted' as const }));
    const { path } = fixtureDb(dir, 'backtranslation', [...seeds, ...passages, ...pairs]);
    const db = openDb(path, { readonly: true });
    try {
      const d = collectDashboard(db, getRunByName(db, 'backtranslation')!);
      expect(d.lengths.output.length).toBe(6);
      expect(d.lengths.output).toEqual(pairs.map((p) => p.output.trim().split(/\s+/).length));
      expect(d.lengths.instruction.length).toBe(6);
      expect(d.textSample).toEqual({ every: 1, read: 6, of: 6 });
    } finally {
      db.close();
    }
  });

  it('a method this version does not know still leaves out seeds only', () => {
    const dir = tempDir();
    const { path } = fixtureDb(dir, 'someday-recipe', [
      { kind: 'seed', instruction: 'S.', output: 'seed', status: 'accepted' },
      { kind: 'thing', instruction: 'T.', output: 'one two three', status: 'accepted' },
    ]);
    const db = openDb(path, { readonly: true });
    try {
      expect(collectDashboard(db, getRunByName(db, 'someday-recipe')!).lengths.output).toEqual([3]);
    } finally {
      db.close();
    }
  });
});
