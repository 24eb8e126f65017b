import { createRequire } from 'node:module';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type * as Yaml from 'yaml';
import type * as AppRun from '../../app/run.js';
import { ConfigError } from '../../config/errors.js';
import type { Journal } from '../../teacher/journal.js';
import { timeSplitText } from '../../teacher/traffic.js';
import { CLI_NAME, formatSummary } from '../format.js';
import { replicaShares, replicaSharesText } from '../../store/replica-shares.js';
import { dbOption, intArg, numArg } from './options.js';


export interface RunCliOptions {
  teacher?: 'sim' | 'openai' | 'anthropic';
  target?: number;
  db: string;
  seed?: number;
  name?: string;
  concurrency?: number;
  maxCost?: number;
  maxTokens?: number;
  maxCalls?: number;
  fromRun?: string;
  model?: string;
  set?: Record<string, string>;
  skipFailed?: boolean;
  waitForLease?: number;
  batch?: boolean;
}

/** Command-line options as dotted config keys, validated with the file. A named option wins over `--set` of the same key. */
export function cliOverrides(o: RunCliOptions, file: string): Record<string, unknown> {
  const named: Record<string, unknown> = {
    'teacher.provider': o.teacher,
    'teacher.model': o.model,
    target: o.target,
    seed: o.seed,
    name: o.name,
    'limits.concurrency': o.concurrency,
    'budget.max_cost': o.maxCost,
    'budget.max_tokens': o.maxTokens,
    'budget.max_calls': o.maxCalls,
    'params.inputs.from_run': o.fromRun,
    'teacher.batch': o.batch,
  };
  const out: Record<string, unknown> = {};
  for (const [k, text] of Object.entries(o.set ?? {})) out[k] = setValue(k, text, file);
  for (const [k, v] of Object.entries(named)) if (v !== undefined) out[k] = v;
  return out;
}

const DOTTED_KEY = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** `--set key=value` (repeatable): collects the dotted key and the value's text; `cliOverrides` reads the value as YAML. */
export function setArg(v: string, prev: Record<string, string> | undefined): Record<string, string> {
  const eq = v.indexOf('=');
  const key = eq < 0 ? v : v.slice(0, eq).trim();
  if (eq < 0 || !DOTTED_KEY.test(key)) throw new InvalidArgumentError(`expected key=value with a dotted config key (e.g. target=50, params.generation.temperature=0.9), got "${v}"`);
  return { ...prev, [key]: v.slice(eq + 1) };
}

/**
 * A `--set` value as YAML, a scalar or a flow collection, so `target=50`, `teacher.send_seed=false`,
 * `params.blocklist=[image, video]` and `params.generation={temperature: 0.9}` mean what they would
 * in the file; an empty value is the empty string. Bad YAML is a config error naming the key.
 */
export function setValue(key: string, text: string, file: string): unknown {
  if (text.trim() === '') return '';
  const { parseDocument } = createRequire(import.meta.url)('yaml') as typeof Yaml; // loaded on first use, not with the CLI
  const doc = parseDocument(text, { uniqueKeys: true });
  const error = doc.errors[0];
  if (error) throw new ConfigError(`${file} (command-line option)`, undefined, key, `--set: invalid YAML value ${JSON.stringify(text)} (${error.message.split('\n')[0]!.replace(/:$/, '')})`);
  return doc.toJS({ maxAliasCount: 100 }) as unknown;
}

export function addRunOptions(cmd: Command): Command {
  return cmd
    .option('--teacher <provider>', 'sim | openai | anthropic (default: openai when OPENAI_API_KEY is set, else sim)', (v) => {
      if (v !== 'sim' && v !== 'openai' && v !== 'anthropic') throw new InvalidArgumentError('expected sim, openai or anthropic');
      return v;
    })
    .option('--target <n>', 'accepted samples to reach', intArg('--target'))
    .addOption(dbOption())
    .option('--seed <n>', 'random seed of the run', intArg('--seed'))
    .option('--name <name>', 'run name (default: the pipeline name); an existing name resumes')
    .option('--concurrency <n>', 'requests in flight at most', intArg('--concurrency'))
    .option('--max-cost <usd>', 'stop cleanly once this many dollars are spent (resumable)', numArg('--max-cost'))
    .option('--max-tokens <n>', 'stop cleanly after this many tokens (resumable)', intArg('--max-tokens'))
    .option('--max-calls <n>', 'stop cleanly after this many requests sent (resumable)', intArg('--max-calls'))
    .option('--from-run <name>', 'evol-instruct: evolve the accepted output of another run of the database (params.inputs.from_run)')
    .option('--model <name>', 'teacher model sent to the endpoint (teacher.model)')
    .option('--batch', "send the teacher's requests as OpenAI Batch API jobs (teacher.batch: batch prices, answers within the job's window)")
    .option('--set <key=value>', 'set any config key, dotted, to a YAML value, e.g. --set params.generation.temperature=0.9 (repeatable)', setArg);
}

/** `--wait-for-lease <seconds>`, on `run` and `resume` (plan takes no lease). */
export function waitForLeaseOption(): Option {
  return new Option('--wait-for-lease <seconds>', 'when another process works on the run, wait up to this long for it to finish instead of refusing at once').argParser(numArg('--wait-for-lease'));
}

export function runCommand(program: Command): void {
  addRunOptions(program.command('run').argument('<pipeline>', 'pipeline YAML file').description('run a pipeline (resumes a run of the same name)'))
    .option('--skip-failed', 'an existing run: do not send again the calls that failed for good (by default they are retried); leave them out')
    .addOption(waitForLeaseOption())
    .action(
    async (pipeline: string, opts: RunCliOptions) => {
      const { loadPipelineFile } = await import('../../app/pipeline.js'); // the engine loads only when a command runs it
      const config = loadPipelineFile(pipeline, cliOverrides(opts, pipeline));
      process.exitCode = await runAndReport({ config, configFile: pipeline, dbPath: opts.db, skipFailed: opts.skipFailed, waitForLeaseMs: leaseWaitMs(opts.waitForLease) });
    },
  );
}

/** Run with a progress display and signal handling; print the summary; return the exit code. */
export async function runAndReport(args: { config: Parameters<typeof AppRun.executeRun>[0]['config']; configFile: string | null; dbPath: string; skipFailed?: boolean; waitForLeaseMs?: number }): Promise<number> {
  const [{ executeRun }, { openDb }, { getRunByName }, { summarizeRun }, { createProgress }] = await Promise.all([
    import('../../app/run.js'),
    import('../../store/db.js'),
    import('../../store/runs.js'),
    import('../../store/summary.js'),
    import('../progress.js'),
  ]);
  const progress = createProgress();
  let journal: Journal | undefined;
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      progress.stop();
      process.stderr.write(`${sig} again: exiting now; answers already stored are kept.\n`);
      process.exit(130);
    }
    // Through the progress display: the bar's line is cleared first and the bar drawn again below.
    progress.log(`${sig}: finishing requests in flight, then stopping (press Ctrl-C again to quit at once)`);
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
      notify: (line) => progress.log(line),
      waitForLeaseMs: args.waitForLeaseMs,
      onJournal: (j) => {
        journal = j;
        progress.watch(() => j.traffic.snapshot());
      },
      skipFailed: args.skipFailed,
    });
    progress.stop();
    const db = openDb(args.dbPath, { readonly: true });
    const run = getRunByName(db, result.run.name)!;
    const summary = summarizeRun(db, run.id);
    const shares = replicaSharesText(replicaShares(db, run.id));
    db.close();
    const s = result.stats;
    const session = `this session: ${s.cached + s.reused + s.new + s.failed + s.skipped} requests (${s.cached + s.reused} reused, ${s.new} new${s.failed ? `, ${s.failed} failed for good` : ''}${s.skipped ? `, ${s.skipped} failed before and left out` : ''}), ${s.tokens} tokens, $${s.cost.toFixed(4)}`;
    process.stdout.write(`\nrun "${run.name}" (id ${run.id}): ${result.status}: ${result.detail}\n`);
    process.stdout.write(`${formatSummary(summary, { seconds: result.seconds, simulated: run.simulated === 1, reusedNote: session })}\n`);
    if (shares !== '') process.stdout.write(`${shares}\n`);
    // Where the time went, for a real server (the offline sim answers at once: nothing to say).
    const split = journal && run.simulated !== 1 ? timeSplitText(journal.traffic.snapshot()) : '';
    if (split !== '') process.stdout.write(`${split}\n`);
    if (result.status === 'paused' || result.status === 'interrupted') {
      process.stdout.write(`resume with: ${CLI_NAME} resume ${run.name} --db ${args.dbPath}\n`);
      return result.status === 'interrupted' ? 130 : 3;
    }
    if (result.status === 'failed') {
      // The cause on stderr too, where a script or CI log looks for it.
      process.stderr.write(`error: run "${run.name}" failed: ${result.detail}\n`);
      if (summary.calls.failed > 0 || summary.calls.pending > 0) {
        process.stdout.write(`once the cause is fixed, resume with: ${CLI_NAME} resume ${run.name} --db ${args.dbPath} (add --skip-failed to leave the failed calls out)\n`);
      }
    }
    return result.status === 'completed' ? 0 : 1;
  } finally {
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export function leaseWaitMs(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : Math.max(0, seconds) * 1000;
}
