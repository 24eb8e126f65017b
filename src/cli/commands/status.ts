import type { Command } from 'commander';
import { runForJson } from '../format.js';
import { dbOption } from './options.js';

export function statusCommand(program: Command): void {
  program
    .command('status')
    .argument('[run]', 'run name or id (default: the most recently updated run)')
    .description('progress of a run: samples by kind, stage and verdict; calls, tokens and cost')
    .addOption(dbOption())
    .option('--json', 'one JSON object')
    .action(async (ref: string | undefined, opts: { db: string; json?: boolean }) => {
      const [{ formatStatus, runStatus }, { openForAudit, resolveRun }, { withLiveStatus }] = await Promise.all([
        import('../../audit/status.js'),
        import('../../audit/open.js'),
        import('../live-status.js'),
      ]);
      const db = openForAudit(opts.db);
      try {
        const run = resolveRun(db, ref, opts.db);
        const report = runStatus(db, withLiveStatus(db, run, opts.db));
        process.stdout.write(opts.json ? `${JSON.stringify({ ...report, run: runForJson(report.run) })}\n` : `${formatStatus(report)}\n`);
      } finally {
        db.close();
      }
    });
}
