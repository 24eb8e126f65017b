import { resolveAsset } from '../util/paths.js';
import { loadSeedTasks } from '../seeds/load.js';
import type { SampleRow } from '../store/samples.js';
import type { RunContext } from './context.js';
import { hashJson } from '../util/hash.js';

/**
 * The run's seed tasks as samples (kind "seed", wave 0). They are read from the seeds file once,
 * when the run starts, so a resumed run keeps the pool it began with.
 */
export function ensureSeedSamples(ctx: RunContext): SampleRow[] {
  const { store, run, config } = ctx;
  const existing = store.samples.list(run.id, 'seed', 'accepted');
  if (existing.length > 0 || store.waves.last(run.id)) return existing;
  const all = loadSeedTasks(resolveAsset(config.seeds.path, ctx.root));
  const tasks = config.seeds.limit > 0 ? all.slice(0, config.seeds.limit) : all;
  store.transaction(() => {
    for (const t of tasks) {
      const first = t.instances[0] ?? { input: '', output: '' };
      store.samples.insert({
        runId: run.id,
        kind: 'seed',
        stage: 'seed',
        wave: 0,
        instruction: t.instruction,
        input: first.input,
        output: first.output,
        meta: { seed_id: t.id, is_classification: t.isClassification, category: t.category, source: config.seeds.path },
        status: 'accepted',
        contentHash: hashJson([t.instruction, first.input, first.output]),
      });
    }
    store.waves.markDone(run.id, 0, 'seed', { seeds: tasks.length });
  });
  return store.samples.list(run.id, 'seed', 'accepted');
}

export function isClassificationSeed(s: SampleRow): boolean {
  return s.meta_json ? JSON.parse(s.meta_json).is_classification === true : false;
}
