import { readFileSync } from 'node:fs';
import type { EvolInstructConfig } from './params.js';
import { ConfigError } from '../../config/errors.js';
import type { RunContext } from '../../engine/context.js';
import { loadSeedTasks } from '../../seeds/load.js';
import type { Store } from '../../store/index.js';
import { getRunByName } from '../../store/runs.js';
import type { SampleRow } from '../../store/samples.js';
import { hashJson } from '../../util/hash.js';
import { resolveAsset } from '../../util/paths.js';
import { parseDataset, type InputRecord } from './dataset.js';

type Ctx = RunContext<EvolInstructConfig>;

/** Where a config's inputs come from, as a short phrase. */
export function inputsOrigin(config: EvolInstructConfig): string {
  const i = config.params.inputs;
  if (i.from_run) return `accepted samples of run "${i.from_run}"`;
  if (i.path) return `dataset file ${i.path}`;
  return `seed tasks ${config.seeds.path}`;
}

/**
 * The run's inputs as `source` samples (stage "input", wave 0). They are read once, when the run
 * starts, and stored with wave 0's completion mark, so a resumed run keeps the inputs it began with.
 */
export async function ensureSources(ctx: Ctx): Promise<SampleRow[]> {
  const { store, run } = ctx;
  if (store.waves.last(run.id)) return store.samples.list(run.id, 'source', 'accepted');
  const limit = ctx.config.params.inputs.limit;
  const all = await loadInputs(ctx);
  const records = limit > 0 ? all.slice(0, limit) : all;
  store.transaction(() => {
    for (const r of records) {
      const importedFrom = typeof r.origin.sample_id === 'number' ? r.origin.sample_id : undefined;
      store.samples.insert({
        runId: run.id,
        kind: 'source',
        stage: 'input',
        wave: 0,
        instruction: r.instruction,
        input: r.input,
        output: r.output,
        meta: r.origin,
        status: 'accepted',
        contentHash: hashJson([r.instruction, r.input, r.output]),
        parents: importedFrom === undefined ? undefined : [{ parentId: importedFrom, relation: 'imported-from' }],
      });
    }
    store.waves.markDone(run.id, 0, 'input', { inputs: records.length, origin: inputsOrigin(ctx.config) });
  });
  return store.samples.list(run.id, 'source', 'accepted');
}

async function loadInputs(ctx: Ctx): Promise<InputRecord[]> {
  const { config } = ctx;
  const inputs = config.params.inputs;
  if (inputs.from_run) return fromRun(ctx.store, ctx.run.id, inputs.from_run, inputs.from_kind, ctx.run.config_file ?? `pipeline "${config.name}"`, ctx.mainKindOf);
  if (inputs.path) {
    const full = resolveAsset(inputs.path, ctx.root);
    let text: string;
    try {
      text = readFileSync(full, 'utf8');
    } catch (err) {
      throw new ConfigError(inputs.path, undefined, undefined, `cannot read the dataset file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    return parseDataset(text, inputs.path, inputs);
  }
  return loadSeedTasks(resolveAsset(config.seeds.path, ctx.root))
    .slice(0, config.seeds.limit > 0 ? config.seeds.limit : undefined)
    .map((t) => {
      const first = t.instances[0] ?? { input: '', output: '' };
      return { instruction: t.instruction, input: first.input, output: first.output, origin: { origin: 'seeds', path: config.seeds.path, seed_id: t.id } };
    });
}

/**
 * The accepted samples of another run of the same database, of one kind: `kind`, or the main kind
 * of that run's method (Self-Instruct: instructions; Evol-Instruct: evolved instructions).
 */
async function fromRun(store: Store, selfId: number, name: string, kind: string | undefined, file: string, mainKindOf: (method: string) => string | undefined): Promise<InputRecord[]> {
  const other = getRunByName(store.db, name);
  const key = 'params.inputs.from_run';
  if (!other) throw new ConfigError(file, undefined, key, `no run named "${name}" in this database (see: npx distillery runs)`);
  if (other.id === selfId) throw new ConfigError(file, undefined, key, `"${name}" is this run; name another run`);
  let from = kind;
  if (!from) {
    from = mainKindOf(other.method);
    if (!from) throw new ConfigError(file, undefined, 'params.inputs.from_kind', `run "${name}" is a ${other.method} run; say which kind of its samples to take`);
  }
  const rows = store.samples.list(other.id, from, 'accepted').filter((s) => s.instruction.trim() !== '');
  if (rows.length === 0) {
    throw new ConfigError(file, undefined, key, `run "${name}" (${other.method}, ${other.status}) has no accepted "${from}" samples with an instruction`);
  }
  return rows.map((s) => ({
    instruction: s.instruction,
    input: s.input,
    output: s.output,
    origin: { origin: 'run', from_run: other.name, from_run_id: other.id, sample_id: s.id, kind: s.kind },
  }));
}
