import type { Command } from 'commander';
import { runForJson } from '../format.js';
import { dbOption } from './options.js';

export function runsCommand(program: Command): void {
  program
    .command('runs')
    .description("list the runs in a database, with the recipe's main kind (what target counts) and dataset kind accepted")
    .addOption(dbOption())
    .option('--json', 'one JSON object per run')
    .action(async (opts: { db: string; json?: boolean }) => {
      const [{ openDb }, { acceptedByKind, listRunsWithCounts }, { withLiveStatus }] = await Promise.all([
        import('../../store/db.js'),
        import('../../store/runs.js'),
        import('../live-status.js'),
      ]);
      const db = openDb(opts.db, { readonly: true });
      const runs = listRunsWithCounts(db).map((r) => withLiveStatus(db, r, opts.db));
      const byKind = acceptedByKind(db);
      db.close();
      const { recipeOf } = await import('../../methods/registry.js');
      const listed = runs.map(({ accepted: _everyKind, ...r }) => {
        const counts = byKind.get(r.id) ?? {};
        const manifest = recipeOf(r.method)?.manifest;
        // A method this version does not know: no main or dataset kind to name.
        const main = manifest ? { kind: manifest.mainKind, accepted: counts[manifest.mainKind] ?? 0 } : null;
        const dataset = manifest ? { kind: manifest.datasetKind, accepted: counts[manifest.datasetKind] ?? 0 } : null;
        return { ...r, main, dataset, accepted_by_kind: counts };
      });
      if (opts.json) {
        for (const r of listed) process.stdout.write(`${JSON.stringify(runForJson(r))}\n`);
        return;
      }
      if (listed.length === 0) {
        process.stdout.write(`no runs in ${opts.db}\n`);
        return;
      }
      const header = ['id', 'name', 'method', 'status', 'teacher', 'target', 'accepted', 'dataset', 'rejected', 'cost', 'updated'];
      const rows = listed.map((r) => [
        String(r.id),
        String(r.name),
        String(r.method),
        String(r.status),
        `${r.provider}/${r.model}${r.simulated ? ' (sim)' : ''}`,
        String(r.target),
        r.main ? `${r.main.accepted} ${r.main.kind}` : '',
        r.dataset ? `${r.dataset.accepted} ${r.dataset.kind}` : '',
        String(r.rejected),
        `$${Number(r.cost).toFixed(4)}`,
        String(r.updated_at).replace('T', ' ').slice(0, 19),
      ]);
      process.stdout.write(table([header, ...rows]));
      for (const r of listed) if (r.stored_status !== undefined) process.stdout.write(`run "${r.name}" is ${r.status}: ${r.status_detail}\n`);
    });
}

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}
