#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { TOOL_VERSION } from '../version.js';
import { describeError, DEBUG_HINT, stackOf, type CommandContext } from './errors.js';
import { quietOnBrokenPipe } from './format.js';
// Each command module only declares its command (options, help); its action loads the code and
// packages it needs with import(), which the split build (bin.js) turns into chunks. Keep static
// imports here and in commands/*.ts light, or `--help` pays for every command (bench:startup).
import { runCommand } from './commands/run.js';
import { runsCommand } from './commands/runs.js';
import { resumeCommand } from './commands/resume.js';
import { planCommand } from './commands/plan.js';
import { dedupCommand } from './commands/dedup.js';
import { statusCommand } from './commands/status.js';
import { showCommand } from './commands/show.js';
import { samplesCommand } from './commands/samples.js';
import { reportCommand } from './commands/report.js';
import { serveCommand } from './commands/serve.js';
import { exportCommand } from './commands/export.js';

export function buildProgram(): Command {
  const program = new Command('distillery')
    .description('Generate synthetic instruction-tuning data with published recipes, durable runs and full provenance.')
    .version(TOOL_VERSION)
    .option('--debug', 'on an error, print its stack trace (with any command)')
    .showHelpAfterError('(run with --help for usage)')
    // Commander throws instead of exiting, so usage errors get the same exit code as other bad input.
    .exitOverride();
  runCommand(program);
  resumeCommand(program);
  planCommand(program);
  runsCommand(program);
  dedupCommand(program);
  statusCommand(program);
  showCommand(program);
  samplesCommand(program);
  reportCommand(program);
  serveCommand(program);
  exportCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  quietOnBrokenPipe(); // `--json | head`: exit 0 quietly once the reader has gone
  const program = buildProgram();
  const context: CommandContext = { args: [] };
  program.hook('preAction', (_root, action) => {
    context.name = action.name();
    context.args = action.args;
    const db = (action.opts() as { db?: unknown }).db;
    if (typeof db === 'string') context.db = db;
  });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and --version exit 0; every usage error is bad input (2). Commander printed the message.
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    const debug = program.opts().debug === true;
    const { message, code, known } = describeError(err, context);
    process.stderr.write(`error: ${message}\n`);
    if (debug) process.stderr.write(`${stackOf(err)}\n`);
    else if (!known) process.stderr.write(`${DEBUG_HINT}\n`);
    process.exitCode = code;
  }
}

await main(process.argv);
