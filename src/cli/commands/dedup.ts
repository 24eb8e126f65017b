import { readFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { dedupTexts, DEFAULT_THRESHOLD, type DedupProgress } from '../../dedup/dedup.js';
import { countsOf, keptLine, rejectedLine, type DedupCounts } from '../../dedup/report.js';
import { DedupInputError, parseRows } from '../../dedup/rows.js';
import { writeFilesAtomically } from '../../dedup/write.js';
import { ROUGE_TOKENIZERS, type RougeTokenizer } from '../../filters/rouge/tokenize.js';

export interface DedupCliOptions {
  field: string;
  threshold: number;
  tokenizer: RougeTokenizer;
  out?: string;
  rejected?: string;
  workers?: number;
}

export function dedupCommand(program: Command): void {
  program
    .command('dedup')
    .argument('<file>', 'dataset: a JSON array or JSON Lines')
    .description("drop near-duplicate rows with the ROUGE-L novelty filter (Alpaca's rule: a row is rejected when its ROUGE-L F against a row kept before it is above the threshold)")
    .option('--field <key>', 'the key holding the text to compare', 'instruction')
    .option('--threshold <t>', 'reject when the best ROUGE-L F is strictly above this', thresholdArg, DEFAULT_THRESHOLD)
    .option('--tokenizer <kind>', "rouge (rouge_score's, ASCII only, the default) | unicode (letters of every script; not comparable with the reference)", tokenizerArg, 'rouge')
    .option('--out <path>', 'kept rows, JSON Lines (default: <name>.kept.jsonl in the current directory)')
    .option('--rejected <path>', 'rejected rows with their most similar kept row and score (default: <name>.rejected.jsonl)')
    .option('--workers <n>', 'worker threads, each with a replica of the kept rows (default: one per extra core, up to 3, from 200,000 rows; 0: none)', workersArg)
    .action(async (file: string, opts: DedupCliOptions) => {
      const counts = await dedupFile(file, opts);
      process.stdout.write(formatCounts(counts));
    });
}

/** The whole command minus argument parsing: read, decide, write both files or neither. */
export async function dedupFile(file: string, opts: DedupCliOptions, progressStream: NodeJS.WriteStream = process.stderr): Promise<DedupCounts & { out: string; rejectedPath: string }> {
  // Worker threads (tinypool) and the progress bar load with the command, not with the CLI.
  const [{ dedupTextsParallel, defaultWorkers }, { dedupProgress }] = await Promise.all([import('../../dedup/parallel.js'), import('../../dedup/progress.js')]);
  const stem = basename(file, extname(file));
  const out = resolve(opts.out ?? `${stem}.kept.jsonl`);
  const rejectedPath = resolve(opts.rejected ?? `${stem}.rejected.jsonl`);
  if (out === rejectedPath) throw new DedupInputError(`--out and --rejected are the same file: ${out}`);

  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (err) {
    throw new DedupInputError(`${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const { rows } = parseRows(content, file, opts.field);

  const progress = dedupProgress(progressStream);
  const texts = rows.map((r) => r.text);
  const workers = opts.workers ?? defaultWorkers(texts.length);
  const decide = { threshold: opts.threshold, tokenizer: opts.tokenizer, onProgress: (p: DedupProgress) => progress.update(p) };
  const outcome = workers > 0 ? await dedupTextsParallel(texts, { ...decide, workers }) : dedupTexts(texts, decide);
  progress.stop();

  function* lines(kept: boolean): Generator<string> {
    for (let i = 0; i < rows.length; i++) {
      if ((outcome.kept[i] === 1) !== kept) continue;
      yield kept ? keptLine(rows, i) : rejectedLine(rows, outcome, i);
    }
  }
  // Both files or neither; a full disk or a read-only folder is a FileWriteError naming the file (exit 1).
  writeFilesAtomically([
    { path: out, lines: lines(true) },
    { path: rejectedPath, lines: lines(false) },
  ]);
  return { ...countsOf(outcome), out, rejectedPath };
}

export function formatCounts(c: DedupCounts & { out: string; rejectedPath: string }): string {
  const pct = (n: number) => (c.rows ? ((100 * n) / c.rows).toFixed(1) : '0.0');
  return [
    `rows:        ${c.rows}`,
    `kept:        ${c.kept} (${pct(c.kept)}%) -> ${c.out}`,
    `rejected:    ${c.rejected} (${pct(c.rejected)}%) -> ${c.rejectedPath}`,
    `compared:    ${c.candidates} pairs by word overlap, ${c.comparisons} of them by LCS (brute force: ${c.bruteForcePairs} LCS)`,
    '',
  ].join('\n');
}

function thresholdArg(v: string): number {
  const t = Number(v);
  if (v.trim() === '' || !Number.isFinite(t) || t < 0 || t > 1) throw new InvalidArgumentError('expected a number between 0 and 1');
  return t;
}

function workersArg(v: string): number {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError('expected a whole number of threads (0: none)');
  return Number(v);
}

function tokenizerArg(v: string): RougeTokenizer {
  if (!(ROUGE_TOKENIZERS as readonly string[]).includes(v)) throw new InvalidArgumentError(`expected one of ${ROUGE_TOKENIZERS.join(', ')}`);
  return v as RougeTokenizer;
}
