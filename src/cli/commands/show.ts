import type { Command } from 'commander';
import { dbOption, intArg } from './options.js';

interface ShowOptions {
  db: string;
  json?: boolean;
  depth: number;
  width: number;
  full?: boolean;
}

export function showCommand(program: Command): void {
  program
    .command('show')
    .argument('<sample>', 'sample id')
    .description("one sample: its text, verdicts, the producing call's prompt and raw output, and its lineage up and down")
    .addOption(dbOption())
    .option('--depth <n>', 'lineage levels shown up and down', intArg('--depth'), 2)
    .option('--width <n>', 'links shown per lineage node', intArg('--width'), 12)
    .option('--full', 'do not shorten long verdict details')
    .option('--json', 'one JSON object')
    .action(async (ref: string, opts: ShowOptions) => {
      const [{ formatSampleDetail, parseJson, sampleDetail }, { openForAudit, usageError }] = await Promise.all([import('../../audit/sample.js'), import('../../audit/open.js')]);
      if (!/^\d+$/.test(ref)) throw usageError(`sample must be a numeric id, got "${ref}"`);
      const db = openForAudit(opts.db);
      try {
        const lineage = { depth: opts.depth, width: opts.width };
        const d = sampleDetail(db, Number(ref), { up: lineage, down: lineage });
        if (!d) throw usageError(`no sample ${ref} in ${opts.db}`);
        if (opts.json) {
          const { call, ...rest } = d;
          const out = {
            ...rest,
            sample: { ...d.sample, meta: parseJson(d.sample.meta_json), messages: parseJson(d.sample.messages_json) },
            verdicts: d.verdicts.map((v) => ({ ...v, passed: v.passed !== 0, detail: parseJson(v.detail_json) })),
            call: call ?? null,
          };
          process.stdout.write(`${JSON.stringify(out)}\n`);
        } else process.stdout.write(`${formatSampleDetail(d, { full: opts.full })}\n`);
      } finally {
        db.close();
      }
    });
}
