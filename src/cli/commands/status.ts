import type { Command } from 'commander';
import { formatStatus, runStatus } from '../../audit/status.js';
import { DEFAULT_DB } from './run.js';
import { openForAudit, resolveRun } from '../../audit/open.js';

export function statusCommand(program: Command): void {
  program
    .command('status')
    .argument('[run]', 'run name or id (default: the most recently updated run)')
    .description('progress of a run: samples by kind, stage and verdict; calls, tokens and cost')
    .option('--db <path>', 'SQLite database file', DEFAULT_DB)
    .option('--json', 'one JSON object')
    .action((ref: string | undefined, opts: { db: string; json?: boolean }) => {
      const db = openForAudit(opts.db);
      try {
        const report = runStatus(db, resolveRun(db, ref, opts.db));
        process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : `${formatStatus(report)}\n`);
      } finally {
        db.close();
      }
    });
}
