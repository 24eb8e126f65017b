import { resolve } from 'node:path';
import type { Command } from 'commander';
import { dbOption } from './options.js';

export function reportCommand(program: Command): void {
  program
    .command('report')
    .argument('<run>', 'run name or id')
    .description('write a self-contained HTML report of a run: counts, the rejection funnel and charts')
    .addOption(dbOption())
    .requiredOption('--out <file.html>', 'where to write the report')
    .action(async (ref: string, opts: { db: string; out: string }) => {
      const [{ renderReport }, { openForAudit, resolveRun }, { writeFileAtomic }] = await Promise.all([
        import('../../audit/report.js'),
        import('../../audit/open.js'),
        import('../../util/atomic-file.js'),
      ]);
      const db = openForAudit(opts.db);
      let page: string;
      let name: string;
      try {
        const run = resolveRun(db, ref, opts.db);
        name = run.name;
        page = renderReport(db, run);
      } finally {
        db.close();
      }
      const out = resolve(opts.out);
      writeFileAtomic(out, page); // complete or absent: a full disk or read-only folder is one error (exit 1)
      process.stdout.write(`report of run "${name}" written to ${out} (${(page.length / 1024).toFixed(0)} KB)\n`);
    });
}
