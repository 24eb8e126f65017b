import { InvalidArgumentError, type Command } from 'commander';
import { usageError } from '../../audit/usage-error.js';
import type { ViewerServer } from '../../web/server.js';
import { dbOption } from './options.js';

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('browse runs, samples, verdicts and lineage in a local web viewer, and review samples (approve, reject, flag)')
    .addOption(dbOption())
    .option('--port <n>', 'port (0: any free port)', portArg, 8484)
    .option('--host <address>', 'interface to bind; anything but loopback exposes your data to the network', '127.0.0.1')
    .option('--reviewer <name>', 'name recorded with each review decision (default: your OS user name)', reviewerArg)
    .action(async (opts: { db: string; port: number; host: string; reviewer?: string }) => {
      const { startViewer } = await import('../../web/server.js'); // hono and the pages load only to serve
      let viewer: ViewerServer;
      try {
        viewer = await startViewer({ dbPath: opts.db, host: opts.host, port: opts.port, reviewer: opts.reviewer });
      } catch (err) {
        throw listenError(err as NodeJS.ErrnoException, opts.host, opts.port);
      }
      if (viewer.readOnly) {
        process.stdout.write(`audit viewer of ${opts.db} at ${viewer.url}/ (read-only: ${viewer.readOnly}; Ctrl-C to stop)\n`);
      } else {
        // The token is the key to writing: only this terminal sees it.
        process.stdout.write(`audit viewer of ${opts.db} at ${viewer.reviewUrl}\n  (open this URL to review as ${viewer.reviewer}; without the token the viewer only reads; Ctrl-C to stop)\n`);
      }
      if (!/^(127\.\d+\.\d+\.\d+|localhost|::1)$/.test(opts.host)) process.stderr.write(`warning: bound to ${opts.host}: anyone who can reach this address can read the database (writing reviews still needs the token)\n`);
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

function reviewerArg(v: string): string {
  const name = v.trim();
  if (name === '' || name.length > 100 || /[\u0000-\u001F\u007F]/.test(name)) throw new InvalidArgumentError('--reviewer must be a name of 1 to 100 characters, without control characters');
  return name;
}

function portArg(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > 65535) throw new InvalidArgumentError('--port must be a port number from 0 to 65535 (0: any free port)');
  return Number(v);
}

/** A port that cannot be had is the user's to fix: one line (exit 2) saying how, not a stack trace. */
function listenError(err: NodeJS.ErrnoException, host: string, port: number): Error {
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (err.code === 'EADDRINUSE') return usageError(`port ${port} is in use (${where}; another viewer or server?): choose another with --port N, or --port 0 for any free port`);
  if (err.code === 'EACCES') return usageError(`no permission to listen on ${where} (ports under 1024 need privileges): choose another with --port N, or --port 0 for any free port`);
  if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') return usageError(`cannot listen on ${where}: ${host} is not an address of this machine (choose another with --host)`);
  return err;
}
