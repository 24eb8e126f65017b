/** A tiny `distillery` with only the dedup command, for the subprocess test. */
import { Command } from 'commander';
import { dedupCommand } from '../../src/cli/commands/dedup.js';

const program = new Command('distillery').exitOverride();
dedupCommand(program);
try {
  await program.parseAsync(process.argv);
} catch (err) {
  const e = err as Error & { exitCode?: number };
  if (e.name === 'DedupInputError') {
    process.stderr.write(`error: ${e.message}\n`);
    process.exitCode = 2;
  } else if (e.name === 'CommanderError') process.exitCode = e.exitCode ?? 1;
  else throw err;
}
