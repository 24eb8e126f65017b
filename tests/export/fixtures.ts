import { join } from 'node:path';
import { openDb } from '../../src/store/db.js';
import { createRun } from '../../src/store/runs.js';
import { SamplesRepo, type NewSample } from '../../src/store/samples.js';

export type FixtureSample = Omit<NewSample, 'runId' | 'contentHash' | 'stage' | 'wave'> & { stage?: string; wave?: number };

/** A database with one run of `method` holding exactly these samples (ids in insertion order, from 1). */
export function fixtureDb(
  dir: string,
  method: string,
  samples: FixtureSample[],
  opts: { name?: string; config?: Record<string, unknown>; simulated?: boolean; file?: string; model?: string } = {},
): { path: string; ids: number[] } {
  const path = join(dir, opts.file ?? `${method}.db`);
  const db = openDb(path);
  try {
    const run = createRun(db, {
      name: opts.name ?? method,
      method,
      configJson: JSON.stringify(opts.config ?? { name: opts.name ?? method, method, teacher: { provider: 'openai', model: 'gpt-4o-mini', mode: 'chat' } }),
      configHash: 'x',
      configFile: null,
      seed: 7,
      provider: opts.simulated ? 'sim' : 'openai',
      model: opts.model ?? 'gpt-4o-mini',
      simulated: opts.simulated ?? false,
      target: samples.length,
      toolVersion: 'test',
    });
    const repo = new SamplesRepo(db);
    const ids = db.transaction(() =>
      samples.map((s, i) => repo.insert({ stage: 'gen', wave: 1, ...s, runId: run.id, contentHash: `h${i}` })),
    )();
    return { path, ids };
  } finally {
    db.close();
  }
}

/** n single-turn samples of `kind`, every third with an input, some Unicode. */
export function singleTurn(kind: string, n: number, extra: Partial<FixtureSample> = {}): FixtureSample[] {
  return Array.from({ length: n }, (_, i) => ({
    kind,
    instruction: `Task ${i}: explain “thing” ${i} — naïve café 🎉`,
    input: i % 3 === 0 ? `input ${i}\nsecond line` : '',
    output: `Answer ${i}, with "quotes", a tab\tand 中文.`,
    status: 'accepted' as const,
    ...extra,
  }));
}
