#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/errors.js';
import { TOOL_VERSION } from '../version.js';
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

/** Errors the user can fix: one line, no stack trace, non-zero exit. */
const USER_ERRORS = new Set(['ConfigError', 'SeedFormatError', 'TemplateError', 'TeacherSetupError', 'StoreError', 'UsageError', 'DedupInputError']);

export function buildProgram(): Command {
  const program = new Command('distillery')
    .description('Generate synthetic instruction-tuning data with published recipes, durable runs and full provenance.')
    .version(TOOL_VERSION)
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
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and --version exit 0; every usage error is bad input (2). Commander printed the message.
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    const e = err as Error;
    if (err instanceof ConfigError || USER_ERRORS.has(e.name)) {
      process.stderr.write(`error: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`error: ${e.stack ?? e.message}\n`);
    process.exitCode = 1;
  }
}

await main(process.argv);
