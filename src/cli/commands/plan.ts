import type { Command } from 'commander';
import type { Plan } from '../../engine/plan.js';
import type { Store } from '../../store/index.js';
import type { TokenCounter } from '../../engine/token-worker.js';
import type { TeacherRequest } from '../../teacher/types.js';
import { numArg } from './options.js';
import { addRunOptions, cliOverrides, type RunCliOptions } from './run.js';

/**
 * `distillery plan`: before any call, the requests a pipeline will make, how many the journal
 * already answers, and the tokens and cost of the rest. Reads the database, sends nothing.
 * A recipe may plan itself (Self-Instruct extrapolates from the run's own acceptance rate); the
 * others are played to their end on an in-memory copy of the database with the sim teacher standing in.
 */
export function planCommand(program: Command): void {
  addRunOptions(program.command('plan').argument('<pipeline>', 'pipeline YAML file').description('estimate requests, cached answers, tokens and cost before running'))
    .option('--accept-rate <n>', 'accepted samples per prompt to assume when the run has no history', numArg('--accept-rate'), 2)
    .option('--json', 'print the plan as JSON')
    .action(async (pipeline: string, opts: RunCliOptions & { acceptRate: number; json?: boolean }) => {
      const [{ loadPipelineFile }, { formatPlan }, { checkCapabilities }, { recipeOf }, { planBySimulation }, { getRunByName }, { resolveProvider }, { calibratePlan }] = await Promise.all([
        import('../../app/pipeline.js'),
        import('../../engine/plan.js'),
        import('../../app/capabilities.js'),
        import('../../methods/registry.js'),
        import('../../app/plan-by-simulation.js'),
        import('../../store/runs.js'),
        import('../../teacher/factory.js'),
        import('../../engine/plan-calibration.js'),
      ]);
      const config = loadPipelineFile(pipeline, cliOverrides(opts, pipeline));
      const recipe = recipeOf(config.method)!;
      // A recipe's own planner reads the database and counts a few prompts at the end: the tokenizer
      // loads in a worker meanwhile (2 cores: they overlap). The simulation counts as it goes, here.
      const { startTokenCounter } = await import('../../engine/token-worker.js');
      const counter = recipe.plan ? startTokenCounter() : undefined;
      try {
        checkCapabilities(config, recipe.manifest, process.env, pipeline);
        const teacher = resolveProvider(config.teacher, process.env);
        // Plan never creates or changes the database it reads: a recipe's own planner reads it
        // read-only, the simulation plays on an in-memory copy of what it needs.
        // A recipe's own planner when it has one (Self-Instruct extrapolates), else the run played through with the sim.
        const planner = recipe.plan;
        const plan: Plan = planner
          ? await withPlanStore(opts.db, (store) =>
              planner({ config, store, run: getRunByName(store.db, config.name), provider: teacher.provider, model: teacher.model, keyIdentity: teacher.keyIdentity, root: process.cwd(), defaultAcceptRate: opts.acceptRate, ...(counter ? { countTokens: (rs) => counter.count(rs) } : {}) }),
            )
          : await planBySimulation({ config, dbPath: opts.db, provider: teacher.provider, model: teacher.model, endpoint: teacher.endpoint, keyIdentity: teacher.keyIdentity, root: process.cwd() });
        const cal = teacher.simulated ? undefined : await loadCalibration(opts.db, teacher.endpoint, teacher.model, counter);
        const final = calibratePlan(plan, cal, { name: teacher.endpoint, openaiTokenizer: teacher.openaiTokenizer });
        if (opts.json) process.stdout.write(`${JSON.stringify(final, null, 2)}\n`);
        else process.stdout.write(`${formatPlan(final, config.prices, teacher.simulated, config.teacher.batch === true)}\n`);
      } finally {
        await counter?.close();
      }
    });
}

/** The database for a planner that only reads: the file read-only, or an empty schema in memory when there is none (plan never creates it). */
async function withPlanStore<T>(dbPath: string, fn: (store: Store) => T | Promise<T>): Promise<T> {
  const [{ Store }, { openDb }, { openPlanCopy }, { existsSync }] = await Promise.all([import('../../store/index.js'), import('../../store/db.js'), import('../../store/plan-copy.js'), import('node:fs')]);
  const store = new Store(existsSync(dbPath) ? openDb(dbPath, { readonly: true }) : openPlanCopy(dbPath, []).db);
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

/** How the endpoint counted our prompts before, from its stored answers (none when the database or its answers are not there yet). */
async function loadCalibration(dbPath: string, endpoint: string, model: string, counter?: TokenCounter) {
  const [{ existsSync }, { openDb }, { promptTokenSamples }, { requestTokens }, { tokenCalibration }] = await Promise.all([
    import('node:fs'),
    import('../../store/db.js'),
    import('../../store/calls.js'),
    import('../../engine/plan.js'),
    import('../../engine/plan-calibration.js'),
  ]);
  if (!existsSync(dbPath)) return undefined;
  const db = openDb(dbPath, { readonly: true });
  try {
    // A database from before calls recorded their endpoint (schema 4) has nothing to learn from.
    const columns = db.prepare(`PRAGMA table_info(calls)`).all() as { name: string }[];
    if (!columns.some((c) => c.name === 'endpoint')) return undefined;
    const rows = promptTokenSamples(db, endpoint, model);
    const requests = rows.map((r) => JSON.parse(r.request_json) as TeacherRequest);
    const counted = counter ? await counter.count(requests) : requests.map(requestTokens);
    return tokenCalibration(rows.map((r, i) => ({ reported: r.prompt_tokens, counted: counted[i]! })), endpoint);
  } finally {
    db.close();
  }
}
