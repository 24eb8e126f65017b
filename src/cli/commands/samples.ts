import type { Command } from 'commander';
import { snippet, terminalText } from '../../audit/html.js';
import { countSamples, iterateSamples, REVIEW_STATES, type ReviewState, type SampleFilter } from '../../store/audit.js';
import { stdoutClosed } from '../format.js';
import { dbOption, intArg } from './options.js';

interface SamplesOptions {
  db: string;
  status?: string;
  reason?: string;
  stage?: string;
  kind?: string;
  failed?: string;
  grep?: string;
  review?: string;
  after?: number;
  limit?: number;
  json?: boolean;
}

const STATUSES = new Set(['accepted', 'rejected', 'pending']);

/** Rows the table shows without `--limit` (`--limit 0`: all). `--json` writes every match unless limited. */
export const DEFAULT_PAGE = 50;

export function samplesCommand(program: Command): void {
  program
    .command('samples')
    .argument('<run>', 'run name or id')
    .description('list the samples of a run, with filters and text search')
    .addOption(dbOption())
    .option('--status <status>', 'accepted | rejected | pending')
    .option('--reason <reason>', "rejection reason (a filter name; '-' for none)")
    .option('--stage <stage>', 'pipeline stage that produced the sample')
    .option('--kind <kind>', 'sample kind (seed, instruction, instance, evolved, pair, conversation...)')
    .option('--failed <filter>', 'only samples that failed this filter')
    .option('--grep <text>', 'case-insensitive substring of instruction, input, output or messages')
    .option('--review <state>', 'latest human review: none (not yet reviewed), approved, rejected or flagged')
    .option('--after <id>', 'only samples with a larger id (to page)', intArg('--after'))
    .option('--limit <n>', `at most this many samples (default: ${DEFAULT_PAGE} in the table, all with --json; 0: all)`, intArg('--limit'))
    .option('--json', 'one JSON object per sample (JSON Lines), full text; every match unless --limit')
    .action(async (ref: string, opts: SamplesOptions) => {
      const [{ parseJson }, { textTable }, { openForAudit, resolveRun, usageError }] = await Promise.all([import('../../audit/sample.js'), import('../../audit/status.js'), import('../../audit/open.js')]);
      if (opts.status && !STATUSES.has(opts.status)) throw usageError(`--status must be accepted, rejected or pending, got "${opts.status}"`);
      if (opts.review && !(REVIEW_STATES as readonly string[]).includes(opts.review)) throw usageError(`--review must be none, approved, rejected or flagged, got "${opts.review}"`);
      const db = openForAudit(opts.db);
      try {
        const run = resolveRun(db, ref, opts.db);
        const f: SampleFilter = { status: opts.status, reason: opts.reason, stage: opts.stage, kind: opts.kind, failed: opts.failed, grep: opts.grep, review: opts.review as ReviewState | undefined };
        // The table pages by default; JSON Lines are data for a file or a pipe, so all unless limited.
        const limit = opts.limit === 0 ? undefined : (opts.limit ?? (opts.json ? undefined : DEFAULT_PAGE));
        let shown = 0;
        let lastId: number | undefined;
        const rows = iterateSamples(db, run.id, f, { after: opts.after, limit });
        if (opts.json) {
          for (const s of rows) {
            if (stdoutClosed()) break; // the reader has gone (`| head`): stop reading
            const { meta_json, messages_json, ...rest } = s;
            process.stdout.write(`${JSON.stringify({ ...rest, messages: parseJson(messages_json), meta: parseJson(meta_json) })}\n`);
            shown++;
            lastId = s.id;
          }
        } else {
          const table = [['id', 'kind', 'stage', 'status', 'reason', 'text']];
          const width = Math.max(40, (process.stdout.columns || 140) - 70);
          for (const s of rows) {
            const text = s.instruction || s.output || s.messages_json || '';
            table.push([String(s.id), s.kind, s.stage, s.status, s.reason ?? '', terminalText(snippet(text, width))]);
            lastId = s.id;
          }
          shown = table.length - 1;
          if (shown === 0) {
            process.stderr.write(`no samples match in run "${run.name}"\n`);
            return;
          }
          process.stdout.write(`${terminalText(textTable(table, new Set([0])))}\n`);
        }
        if (stdoutClosed()) return;
        // How many more match after this page (counted up to 10,000), and how to see them.
        const more = limit !== undefined && shown === limit && lastId !== undefined ? countSamples(db, run.id, f, 10_000, lastId) : { n: 0, capped: false };
        if (more.n > 0) {
          process.stderr.write(`${shown} samples shown; ${more.capped ? 'more than 10,000' : more.n} more match: add --after ${lastId} for the next page, or --limit 0 for all\n`);
        } else if (!opts.json) process.stderr.write(`${shown} samples\n`);
      } finally {
        db.close();
      }
    });
}
