import { InvalidArgumentError, type Command } from 'commander';
import { loadPipelineFile } from '../../app/pipeline.js';
import { executeRun } from '../../app/run.js';
import { openDb } from '../../store/db.js';
import { getRunByName } from '../../store/runs.js';
import { summarizeRun } from '../../store/summary.js';
import type { Journal } from '../../teacher/journal.js';
import { formatSummary } from '../format.js';
import { createProgress } from '../progress.js';

export const DEFAULT_DB = 'data/distillery.db';

export function intArg(name: string) {
  return (v: string) => {
    if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`${name} must be a non-negative integer`);
    return Number(v);
  };
}

export function numArg(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a non-negative number`);
    return n;
  };
}

export interface RunCliOptions {
  teacher?: 'sim' | 'openai';
  target?: number;
  db: string;
  seed?: number;
  name?: string;
  concurrency?: number;
  maxCost?: number;
  maxTokens?: number;
  maxCalls?: number;
  fromRun?: string;
}

/** Command-line options as dotted config keys, validated with the file. */
export function cliOverrides(o: RunCliOptions): Record<string, unknown> {
  return {
    'teacher.provider': o.teacher,
    target: o.target,
    seed: o.seed,
    name: o.name,
    'limits.concurrency': o.concurrency,
    'budget.max_cost': o.maxCost,
    'budget.max_tokens': o.maxTokens,
    'budget.max_calls': o.maxCalls,
    'params.inputs.from_run': o.fromRun,
  };
}

export function addRunOptions(cmd: Command): Command {
  return cmd
    .option('--teacher <provider>', 'sim | openai (default: openai when OPENAI_API_KEY is set, else sim)', (v) => {
      if (v !== 'sim' && v !== 'openai') throw new InvalidArgumentError('expected sim or openai');
      return v;
    })
    .option('--target <n>', 'accepted samples to reach', intArg('--target'))
    .option('--db <path>', 'SQLite database file', DEFAULT_DB)
    .option('--seed <n>', 'random seed of the run', intArg('--seed'))
    .option('--name <name>', 'run name (default: the pipeline name); an existing name resumes')
    .option('--concurrency <n>', 'requests in flight at most', intArg('--concurrency'))
    .option('--max-cost <usd>', 'stop cleanly once this many dollars are spent (resumable)', numArg('--max-cost'))
    .option('--max-tokens <n>', 'stop cleanly after this many tokens (resumable)', intArg('--max-tokens'))
    .option('--max-calls <n>', 'stop cleanly after this many requests sent (resumable)', intArg('--max-calls'))
    .option('--from-run <name>', 'evol-instruct: evolve the accepted output of another run of the database (params.inputs.from_run)');
}

export function runCommand(program: Command): void {
  addRunOptions(program.command('run').argument('<pipeline>', 'pipeline YAML file').description('run a pipeline (resumes a run of the same name)')).action(
    async (pipeline: string, opts: RunCliOptions) => {
      const config = loadPipelineFile(pipeline, cliOverrides(opts));
      process.exitCode = await runAndReport({ config, configFile: pipeline, dbPath: opts.db });
    },
  );
}

/** Run with a progress display and signal handling; print the summary; return the exit code. */
export async function runAndReport(args: { config: Parameters<typeof executeRun>[0]['config']; configFile: string | null; dbPath: string }): Promise<number> {
  const progress = createProgress();
  let journal: Journal | undefined;
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      process.stderr.write(`\n${sig} again: exiting now; answers already stored are kept.\n`);
      process.exit(130);
    }
    process.stderr.write(`\n${sig}: finishing requests in flight, then stopping (press Ctrl-C again to quit at once)\n`);
    journal?.stop('interrupt', `stopped by ${sig}`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const result = await executeRun({
      config: args.config,
      configFile: args.configFile,
      dbPath: args.dbPath,
      root: process.cwd(),
      env: process.env,
      progress,
      onCall: (e) => progress.call(e),
      notify: (line) => process.stderr.write(`${line}\n`),
      onJournal: (j) => (journal = j),
    });
    progress.stop();
    const db = openDb(args.dbPath, { readonly: true });
    const run = getRunByName(db, result.run.name)!;
    const summary = summarizeRun(db, run.id);
    db.close();
    const s = result.stats;
    const reuse = `requests this session: ${s.cached + s.reused} reused, ${s.new} new${s.failed ? `, ${s.failed} failed for good` : ''}`;
    process.stdout.write(`\nrun "${run.name}" (id ${run.id}): ${result.status}: ${result.detail}\n`);
    process.stdout.write(`${formatSummary(summary, { seconds: result.seconds, simulated: run.simulated === 1, reusedNote: reuse })}\n`);
    if (result.status === 'paused' || result.status === 'interrupted') {
      process.stdout.write(`resume with: distillery resume ${run.name} --db ${args.dbPath}\n`);
      return result.status === 'interrupted' ? 130 : 3;
    }
    return result.status === 'completed' ? 0 : 1;
  } finally {
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
