import type { Command } from 'commander';
import { startViewer } from '../../web/server.js';
import { intArg, DEFAULT_DB } from './run.js';

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('browse runs, samples, verdicts and lineage in a local web viewer (read-only)')
    .option('--db <path>', 'SQLite database file', DEFAULT_DB)
    .option('--port <n>', 'port (0: any free port)', intArg('--port'), 8484)
    .option('--host <address>', 'interface to bind; anything but loopback exposes your data to the network', '127.0.0.1')
    .action(async (opts: { db: string; port: number; host: string }) => {
      const viewer = await startViewer({ dbPath: opts.db, host: opts.host, port: opts.port });
      process.stdout.write(`audit viewer of ${opts.db} at ${viewer.url}/ (read-only; Ctrl-C to stop)\n`);
      if (!['127.0.0.1', 'localhost', '::1'].includes(opts.host)) process.stderr.write(`warning: bound to ${opts.host}: anyone who can reach this address can read the database\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void viewer.close().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
