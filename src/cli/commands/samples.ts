import type { Command } from 'commander';
import { snippet, terminalText } from '../../audit/html.js';
import { parseJson } from '../../audit/sample.js';
import { textTable } from '../../audit/status.js';
import { iterateSamples, type SampleFilter } from '../../store/audit.js';
import { intArg, DEFAULT_DB } from './run.js';
import { openForAudit, resolveRun, usageError } from '../../audit/open.js';

interface SamplesOptions {
  db: string;
  status?: string;
  reason?: string;
  stage?: string;
  kind?: string;
  failed?: string;
  grep?: string;
  after?: number;
  limit?: number;
  json?: boolean;
}

const STATUSES = new Set(['accepted', 'rejected', 'pending']);

export function samplesCommand(program: Command): void {
  program
    .command('samples')
    .argument('<run>', 'run name or id')
    .description('list the samples of a run, with filters and text search')
    .option('--db <path>', 'SQLite database file', DEFAULT_DB)
    .option('--status <status>', 'accepted | rejected | pending')
    .option('--reason <reason>', "rejection reason (a filter name; '-' for none)")
    .option('--stage <stage>', 'pipeline stage that produced the sample')
    .option('--kind <kind>', 'sample kind (seed, instruction, instance, evolved, pair, conversation...)')
    .option('--failed <filter>', 'only samples that failed this filter')
    .option('--grep <text>', 'case-insensitive substring of instruction, input, output or messages')
    .option('--after <id>', 'only samples with a larger id (to page)', intArg('--after'))
    .option('--limit <n>', 'at most this many samples', intArg('--limit'))
    .option('--json', 'one JSON object per sample (JSON Lines), full text')
    .action((ref: string, opts: SamplesOptions) => {
      if (opts.status && !STATUSES.has(opts.status)) throw usageError(`--status must be accepted, rejected or pending, got "${opts.status}"`);
      const db = openForAudit(opts.db);
      try {
        const run = resolveRun(db, ref, opts.db);
        const f: SampleFilter = { status: opts.status, reason: opts.reason, stage: opts.stage, kind: opts.kind, failed: opts.failed, grep: opts.grep };
        const rows = iterateSamples(db, run.id, f, { after: opts.after, limit: opts.limit });
        if (opts.json) {
          for (const s of rows) {
            const { meta_json, messages_json, ...rest } = s;
            process.stdout.write(`${JSON.stringify({ ...rest, messages: parseJson(messages_json), meta: parseJson(meta_json) })}\n`);
          }
          return;
        }
        const table = [['id', 'kind', 'stage', 'status', 'reason', 'text']];
        const width = Math.max(40, (process.stdout.columns || 140) - 70);
        for (const s of rows) {
          const text = s.instruction || s.output || s.messages_json || '';
          table.push([String(s.id), s.kind, s.stage, s.status, s.reason ?? '', terminalText(snippet(text, width))]);
        }
        if (table.length === 1) {
          process.stderr.write(`no samples match in run "${run.name}"\n`);
          return;
        }
        process.stdout.write(`${terminalText(textTable(table, new Set([0])))}\n`);
        process.stderr.write(`${table.length - 1} samples\n`);
      } finally {
        db.close();
      }
    });
}
