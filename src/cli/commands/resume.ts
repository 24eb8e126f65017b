import type { Command } from 'commander';
import { ConfigError } from '../../config/errors.js';
import { CLI_NAME } from '../format.js';
import { dbOption, intArg, numArg } from './options.js';
import { leaseWaitMs, runAndReport, waitForLeaseOption } from './run.js';

interface ResumeOptions {
  db: string;
  concurrency?: number;
  maxCost?: number;
  maxTokens?: number;
  maxCalls?: number;
  target?: number;
  skipFailed?: boolean;
  waitForLease?: number;
}

/**
 * Resume a run from its stored config; budgets and concurrency may be raised for this session.
 * Every stored answer is reused, so nothing completed is paid for twice.
 */
export function resumeCommand(program: Command): void {
  program
    .command('resume')
    .argument('<run>', 'run name or id')
    .description('resume an interrupted, paused or failed run with its stored config (calls that failed for good are sent again)')
    .addOption(dbOption())
    .option('--target <n>', 'raise or lower the target', intArg('--target'))
    .option('--concurrency <n>', 'requests in flight at most', intArg('--concurrency'))
    .option('--max-cost <usd>', 'budget for the whole run, in dollars', numArg('--max-cost'))
    .option('--max-tokens <n>', 'budget for the whole run, in tokens', intArg('--max-tokens'))
    .option('--max-calls <n>', 'budget for the whole run, in requests sent', intArg('--max-calls'))
    .option('--skip-failed', 'do not send again the calls that failed for good (by default they are retried, their attempts counting on); leave them out')
    .addOption(waitForLeaseOption())
    .action(async (ref: string, opts: ResumeOptions) => {
      const [{ PipelineSchema }, { openDb }, { findRun }] = await Promise.all([import('../../app/pipeline.js'), import('../../store/db.js'), import('../../store/runs.js')]);
      const db = openDb(opts.db, { readonly: true });
      const run = findRun(db, ref);
      db.close();
      if (!run) throw new ConfigError(opts.db, undefined, undefined, `no run named "${ref}" in this database (see: ${CLI_NAME} runs --db ${opts.db})`);
      const stored = JSON.parse(run.config_json) as Record<string, unknown>;
      const limits = { ...(stored.limits as object), ...(opts.concurrency ? { concurrency: opts.concurrency } : {}) };
      const budget = {
        ...(stored.budget as object),
        ...(opts.maxCost !== undefined ? { max_cost: opts.maxCost } : {}),
        ...(opts.maxTokens !== undefined ? { max_tokens: opts.maxTokens } : {}),
        ...(opts.maxCalls !== undefined ? { max_calls: opts.maxCalls } : {}),
      };
      // The run keeps the backend it started with, whatever `auto` would pick today.
      const teacher = { ...(stored.teacher as object), provider: run.provider };
      const parsed = PipelineSchema.safeParse({ ...stored, teacher, limits, budget, ...(opts.target ? { target: opts.target } : {}) });
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new ConfigError(`${opts.db} (run ${run.name})`, undefined, issue.path.join('.'), issue.message);
      }
      process.exitCode = await runAndReport({ config: parsed.data, configFile: run.config_file, dbPath: opts.db, skipFailed: opts.skipFailed, waitForLeaseMs: leaseWaitMs(opts.waitForLease) });
    });
}
