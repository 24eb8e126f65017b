import { InvalidArgumentError, Option, type Command } from 'commander';
import type { ExportOptions, ExportResult } from '../../export/export.js';
import { parseSplitSpec, type SplitShare } from '../../export/split.js';
import { ExportError, FORMATS, type Format } from '../../export/types.js';
import { PREFERENCE_FORMATS, type PreferenceExportFormat } from '../../export/preference-run.js';
import type { SampleStatus } from '../../store/samples.js';
import { REVIEWED_CHOICES, type ReviewedChoice } from '../../store/export.js';
import { dbOption } from './options.js';

const STATUSES: readonly SampleStatus[] = ['accepted', 'rejected', 'pending'];

interface ExportCliOptions {
  format: Format | PreferenceExportFormat;
  out: string;
  db: string;
  status: SampleStatus[];
  kind?: string[];
  stage?: string[];
  minScore?: number;
  reviewed: ReviewedChoice;
  withProvenance?: boolean;
  split?: SplitShare[];
  splitSeed?: number;
  systemPrompt?: string | false;
  license?: string;
  force?: boolean;
}

/** Where the command writes and how it ends; tests pass their own. */
export interface ExportIo {
  out: (text: string) => void;
  err: (text: string) => void;
  exit: (code: number) => void;
}

const PROCESS_IO: ExportIo = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  exit: (code) => {
    process.exitCode = code;
  },
};

export function exportCommand(program: Command, io: ExportIo = PROCESS_IO): void {
  program
    .command('export')
    .argument('<run>', 'run name (or id)')
    .description("export a run's dataset for a trainer: Alpaca JSON, JSONL, ShareGPT, OpenAI chat JSONL, Parquet, or a Hugging Face dataset folder with a dataset card")
    .addOption(new Option('--format <format>', 'output format (dpo, dpo-chat, kto, prompt-completion, reward: a preference run\'s pairs)').choices([...FORMATS, ...PREFERENCE_FORMATS]).makeOptionMandatory())
    .requiredOption('--out <path>', 'output file (a folder for hf); with several splits, one file per split: out.train.jsonl, out.test.jsonl')
    .addOption(dbOption())
    .addOption(new Option('--status <list>', 'sample statuses, comma-separated: accepted, rejected, pending, or all').argParser(statusList).default(['accepted'], 'accepted'))
    .option('--kind <list>', "sample kinds, comma-separated (default: the method's dataset kind, e.g. instance for self-instruct)", list('--kind'))
    .option('--stage <list>', 'only samples from these stages, comma-separated', list('--stage'))
    .option('--min-score <k>', 'only samples whose latest judge score (highest-numbered judge* filter) is at least k', scoreArg)
    .addOption(
      new Option('--reviewed <choice>', 'by the latest human review (npx distillery serve): approved only, not-rejected (unreviewed and flagged kept), or any').choices(REVIEWED_CHOICES).default('any'),
    )
    .option('--with-provenance', 'add sample id, run, call id, verdicts and lineage parents to every row')
    .option('--split <spec>', 'seeded split by sample id, e.g. train=0.95,test=0.05 (default: all in train)', splitArg)
    .option('--split-seed <n>', "seed of the split (default: the run's seed)", seedArg)
    .option('--system-prompt <text>', "system message for every sample (default: the pipeline's, if it had one)")
    .option('--no-system-prompt', 'no system message, even if the pipeline had one')
    .option('--license <id>', 'license id for the dataset card front matter (hf; default: other)')
    .option('--force', 'replace an existing non-empty hf output folder')
    .action(async (run: string, opts: ExportCliOptions) => {
      io.exit(await exportAndReport(run, opts, io));
    });
}

async function exportAndReport(run: string, opts: ExportCliOptions, io: ExportIo): Promise<number> {
  const { displayPath, exportRun } = await import('../../export/export.js'); // the writers and their packages load only to export
  const pref = await import('../../export/preference-run.js');
  if (pref.isPreferenceFormat(opts.format)) {
    try {
      const r = pref.exportPreferenceRun({ dbPath: opts.db, run, format: opts.format, out: opts.out });
      io.out(`exported ${r.rows} ${opts.format} rows of run "${r.run}" (${r.method}) to ${displayPath(opts.out)}\n`);
      if (r.simulated) io.out('NOTE: this run used the offline sim teacher; its samples are simulated placeholder text.\n');
      return 0;
    } catch (err) {
      if (err instanceof ExportError) {
        io.err(`error: ${err.message}\n`);
        return 2;
      }
      throw err;
    }
  }
  const abort = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => abort.abort(new Error(`stopped by ${sig}`));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const options: ExportOptions = {
      dbPath: opts.db,
      run,
      format: opts.format as Format,
      out: opts.out,
      statuses: opts.status,
      kinds: opts.kind,
      stages: opts.stage,
      minScore: opts.minScore,
      reviewed: opts.reviewed,
      withProvenance: opts.withProvenance ?? false,
      split: opts.split,
      splitSeed: opts.splitSeed,
      systemPrompt: opts.systemPrompt === false ? false : opts.systemPrompt,
      license: opts.license,
      force: opts.force ?? false,
      signal: abort.signal,
      onProgress: progressLine(io),
    };
    const result = await exportRun(options);
    for (const w of result.warnings) io.err(`warning: ${w}\n`);
    io.out(formatResult(result, displayPath));
    return 0;
  } catch (err) {
    if (abort.signal.aborted) {
      io.err(`\nexport interrupted: nothing was written\n`);
      return 130;
    }
    if (err instanceof ExportError) {
      io.err(`error: ${err.message}\n`);
      return 2;
    }
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export function formatResult(r: ExportResult, displayPath: (path: string) => string): string {
  const lines = [`exported ${r.rows} ${r.kinds.join('+')} samples of run "${r.run.name}" (${r.run.method}) as ${r.format}`];
  for (const s of r.splits) lines.push(`  ${s.name.padEnd(10)} ${String(s.rows).padStart(9)} rows  ${displayPath(s.path)}`);
  if (r.format === 'hf') lines.push(`  dataset card: ${displayPath(r.outputs[0]!)}/README.md`);
  if (r.run.simulated) lines.push('NOTE: this run used the offline sim teacher; its samples are simulated placeholder text.');
  return `${lines.join('\n')}\n`;
}

/** A plain stderr line every two seconds on long exports. */
function progressLine(io: ExportIo) {
  let last = Date.now();
  return (done: number, total: number) => {
    if ((done & 1023) !== 0) return;
    const now = Date.now();
    if (now - last < 2000) return;
    last = now;
    io.err(`export: ${done}/${total} rows\n`);
  };
}

function list(name: string) {
  return (v: string, prev: string[] | undefined): string[] => {
    const items = v.split(',').map((s) => s.trim()).filter(Boolean);
    if (items.length === 0) throw new InvalidArgumentError(`${name}: expected a comma-separated list`);
    return [...(prev ?? []), ...items];
  };
}

function statusList(v: string): SampleStatus[] {
  const items = v.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.includes('all')) return [...STATUSES];
  for (const s of items) if (!(STATUSES as readonly string[]).includes(s)) throw new InvalidArgumentError(`expected accepted, rejected, pending or all, got "${s}"`);
  if (items.length === 0) throw new InvalidArgumentError('expected at least one status');
  return items as SampleStatus[];
}

function scoreArg(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('expected a number');
  return n;
}

function seedArg(v: string): number {
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new InvalidArgumentError('expected a non-negative integer');
  return Number(v);
}

function splitArg(v: string): SplitShare[] {
  try {
    return parseSplitSpec(v);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message.replace(/^--split: /, ''));
  }
}
