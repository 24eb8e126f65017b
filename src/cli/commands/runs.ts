import type { Command } from 'commander';
import { openDb } from '../../store/db.js';
import { listRunsWithCounts } from '../../store/runs.js';
import { DEFAULT_DB } from './run.js';

export function runsCommand(program: Command): void {
  program
    .command('runs')
    .description('list the runs in a database')
    .option('--db <path>', 'SQLite database file', DEFAULT_DB)
    .option('--json', 'one JSON object per run')
    .action((opts: { db: string; json?: boolean }) => {
      const db = openDb(opts.db, { readonly: true });
      const runs = listRunsWithCounts(db);
      db.close();
      if (opts.json) {
        for (const r of runs) process.stdout.write(`${JSON.stringify(r)}\n`);
        return;
      }
      if (runs.length === 0) {
        process.stdout.write(`no runs in ${opts.db}\n`);
        return;
      }
      const header = ['id', 'name', 'method', 'status', 'teacher', 'accepted', 'rejected', 'cost', 'updated'];
      const rows = runs.map((r) => [
        String(r.id),
        String(r.name),
        String(r.method),
        String(r.status),
        `${r.provider}/${r.model}${r.simulated ? ' (sim)' : ''}`,
        String(r.accepted),
        String(r.rejected),
        `$${Number(r.cost).toFixed(4)}`,
        String(r.updated_at).replace('T', ' ').slice(0, 19),
      ]);
      process.stdout.write(table([header, ...rows]));
    });
}

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}
