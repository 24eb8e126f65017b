/**
 * Corpus ingestion, the I/O edge of instruction backtranslation: files and folders of .txt, .md
 * and .jsonl are streamed line by line, cut into passages (segment.ts), filtered and deduplicated
 * (dedup.ts) in a fixed order: files sorted by path, lines in file order. Nothing here touches
 * SQLite; the method stores the result in one transaction.
 *
 * Invalid UTF-8: by default the run stops with one error naming the file, line and byte offset
 * (`on_invalid_utf8: error`). With `skip`, each such file is checked whole first, left out, and
 * recorded as one rejected passage row (reason `invalid-utf8`) plus a line in the run's outcome.
 */
import { readdirSync, statSync, type Stats } from 'node:fs';
import { extname, join, posix, resolve } from 'node:path';
import { ConfigError } from '../config/errors.js';
import type { Verdict } from '../store/samples.js';
import { resolveAsset } from '../util/paths.js';
import { passageDigest, PassageDeduper } from './dedup.js';
import { findInvalidUtf8, InvalidUtf8Error, LineTooLongError, readLines } from './read.js';
import { Segmenter, type Segment } from './segment.js';

/** A corpus problem located in a file: file, line and key, like a config error (exit code 2). */
export class CorpusError extends ConfigError {
  override name = 'CorpusError';
}

/** The default longest JSONL record line (16 MiB). */
export const DEFAULT_MAX_RECORD_BYTES = 16 * 2 ** 20;

export const CORPUS_EXTENSIONS = ['.txt', '.md', '.markdown', '.jsonl'] as const;

export interface CorpusOptions {
  paths: string[];
  textField: string;
  idField: string;
  minChars: number;
  maxChars: number;
  /** Reject a passage with a non-empty line shorter than this (0: off). */
  minLineChars: number;
  /** ROUGE-L F above which a passage is a near duplicate of a kept one (1: off). */
  nearDupThreshold: number;
  onInvalidUtf8: 'error' | 'skip';
  /** Stop reading once this many passages are accepted (0: no limit). */
  limit: number;
  /** Pieces of an overlong .txt/.md line (bytes). */
  maxLineBytes?: number;
  /** Longest JSONL record line accepted (bytes; params.corpus.max_line_bytes); a longer one is an error naming file and line. */
  maxRecordBytes?: number;
}

export interface PassageMeta {
  /** The file as the config names it (config path joined with the path inside a folder). */
  file: string;
  /** 1-based line where the passage starts (for JSONL: the record's line). */
  line: number;
  /** Byte offset in the file where the passage's source starts (for JSONL: where its record's line starts). */
  offset: number;
  /** Bytes of the source span (for JSONL: of the record's line). */
  length: number;
  /** JSONL only: the field read, the record's id when it has one, and the passage's span [start, end) in the field's text (characters). */
  field?: string;
  record_id?: string | number;
  start?: number;
  end?: number;
  chars: number;
}

export interface IngestedPassage {
  text: string;
  status: 'accepted' | 'rejected';
  reason?: string;
  verdicts: Verdict[];
  meta: PassageMeta | { file: string; line: number; offset: number; error: string };
  /** Index (in corpus order, from 0) of the earlier passage this one duplicates. */
  duplicateOf?: number;
  /** passageHash(text), computed once for the deduplication check (absent for a skipped file's row). */
  contentHash?: string;
}

export interface FileReport {
  file: string;
  bytes: number;
  bytesRead: number;
  accepted: number;
  rejected: number;
  skipped?: string;
}

export interface IngestResult {
  passages: IngestedPassage[];
  files: FileReport[];
  accepted: number;
  /** True when `limit` passages were accepted (reading stopped there). */
  reachedLimit: boolean;
}

interface CorpusFile {
  full: string;
  shown: string;
  size: number;
}

/** Every corpus file the configured paths name, in a fixed order; errors name the path and key. */
export function listCorpusFiles(paths: readonly string[], root: string): CorpusFile[] {
  const files: CorpusFile[] = [];
  paths.forEach((p, i) => {
    const full = resolveAsset(p, root);
    let st: Stats;
    try {
      st = statSync(full);
    } catch {
      throw new CorpusError(p, undefined, `params.corpus.paths.${i}`, 'no such file or folder');
    }
    if (st.isDirectory()) {
      for (const rel of walk(full)) files.push({ full: join(full, rel), shown: posix.join(p.replace(/\\/g, '/'), rel), size: statSync(join(full, rel)).size });
    } else {
      if (!isCorpusFile(full)) {
        throw new CorpusError(p, undefined, `params.corpus.paths.${i}`, `unsupported file type "${extname(full)}" (expected ${CORPUS_EXTENSIONS.join(', ')} or a folder)`);
      }
      files.push({ full, shown: p, size: st.size });
    }
  });
  return files;
}

function isCorpusFile(name: string): boolean {
  return (CORPUS_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase());
}

/** Relative paths (with "/") of corpus files under a folder, sorted, hidden entries left out. */
function walk(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  const entries = readdirSync(resolve(dir, prefix), { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...walk(dir, rel));
    else if (e.isFile() && isCorpusFile(e.name)) out.push(rel);
  }
  return out;
}

/** Read the corpus and return every passage, accepted or rejected with its reason, in order (all in memory: small corpora and tests). */
export async function ingestCorpus(opts: CorpusOptions, root: string): Promise<IngestResult> {
  const stream = streamCorpus(opts, root);
  const passages: IngestedPassage[] = [];
  for await (const p of stream.passages()) passages.push(p);
  return { passages, files: stream.files, accepted: stream.accepted, reachedLimit: stream.reachedLimit };
}

/**
 * The corpus as a stream of passages, in the order `ingestCorpus` returns them: memory holds one
 * line of a file, the passages not yet taken by the consumer (at most one record's or one line's),
 * and the deduplication index. The counts and file reports are complete once the stream has ended.
 */
export interface CorpusStream {
  passages(): AsyncGenerator<IngestedPassage>;
  readonly files: FileReport[];
  readonly accepted: number;
  readonly rejected: number;
  /** Rejected passages by reason. */
  readonly reasons: Record<string, number>;
  readonly reachedLimit: boolean;
}

export function streamCorpus(opts: CorpusOptions, root: string): CorpusStream {
  const files = listCorpusFiles(opts.paths, root);
  const state: State = { opts, queue: [], count: 0, accepted: 0, dedup: new PassageDeduper(opts.nearDupThreshold), report: undefined, reasons: {} };
  const reports: FileReport[] = [];
  async function* passages(): AsyncGenerator<IngestedPassage> {
    for (const f of files) {
      if (atLimit(state)) break;
      const report: FileReport = { file: f.shown, bytes: f.size, bytesRead: 0, accepted: 0, rejected: 0 };
      reports.push(report);
      state.report = report;
      if (opts.onInvalidUtf8 === 'skip') {
        const bad = await findInvalidUtf8(f.full);
        if (bad) {
          report.skipped = `not valid UTF-8 (line ${bad.line}, byte ${bad.offset})`;
          push(state, {
            text: '',
            status: 'rejected',
            reason: 'invalid-utf8',
            verdicts: [{ filter: 'invalid-utf8', passed: false, detail: { file: f.shown, line: bad.line, offset: bad.offset } }],
            meta: { file: f.shown, line: bad.line, offset: bad.offset, error: 'not valid UTF-8; file skipped' },
          });
          yield* drain(state);
          continue;
        }
      }
      try {
        const lines = extname(f.full).toLowerCase() === '.jsonl' ? readJsonl(f, state, report) : readText(f, state, report);
        for await (const _ of lines) yield* drain(state);
        yield* drain(state);
      } catch (err) {
        if (err instanceof InvalidUtf8Error) {
          throw new CorpusError(f.shown, err.line, undefined, `not valid UTF-8 (first bad byte at offset ${err.offset}); convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8) or set params.corpus.on_invalid_utf8: skip`);
        }
        if (err instanceof LineTooLongError) {
          throw new CorpusError(f.shown, err.line, undefined, `record line longer than ${err.maxBytes} bytes (the limit params.corpus.max_line_bytes; raise it or split the record)`);
        }
        throw err;
      }
    }
  }
  return {
    passages,
    files: reports,
    get accepted() {
      return state.accepted;
    },
    get rejected() {
      return state.count - state.accepted;
    },
    reasons: state.reasons,
    get reachedLimit() {
      return atLimit(state);
    },
  };
}

interface State {
  opts: CorpusOptions;
  /** Passages decided but not yet handed to the consumer. */
  queue: IngestedPassage[];
  /** Passages decided so far (the next one's index). */
  count: number;
  accepted: number;
  dedup: PassageDeduper;
  report: FileReport | undefined;
  reasons: Record<string, number>;
}

function push(state: State, p: IngestedPassage): void {
  state.queue.push(p);
  state.count++;
  if (p.status === 'accepted') state.accepted++;
  else state.reasons[p.reason ?? 'rejected'] = (state.reasons[p.reason ?? 'rejected'] ?? 0) + 1;
  if (state.report) state.report[p.status === 'accepted' ? 'accepted' : 'rejected']++;
}

function* drain(state: State): Generator<IngestedPassage> {
  while (state.queue.length > 0) {
    const q = state.queue;
    state.queue = [];
    yield* q;
  }
}

function atLimit(s: State): boolean {
  return s.opts.limit > 0 && s.accepted >= s.opts.limit;
}

/** Reads a text file, pushing its passages to the state's queue; yields after each line so the consumer can take them. */
async function* readText(f: CorpusFile, state: State, report: FileReport): AsyncGenerator<void> {
  const seg = new Segmenter({ minChars: state.opts.minChars, maxChars: state.opts.maxChars }, (s) => Buffer.byteLength(s, 'utf8'));
  const lines = readLines(f.full, {
    maxLineBytes: state.opts.maxLineBytes ?? 64 * 1024,
    onLongLine: 'split',
    onBytes: (n) => (report.bytesRead += n),
  });
  for await (const l of lines) {
    for (const s of seg.line(l.text, l.offset, l.line, l.continued)) {
      add(state, s, { file: f.shown, line: s.line, offset: s.start, length: s.end - s.start, chars: s.text.length });
    }
    yield;
    if (atLimit(state)) return;
  }
  for (const s of seg.boundary()) add(state, s, { file: f.shown, line: s.line, offset: s.start, length: s.end - s.start, chars: s.text.length });
}

async function* readJsonl(f: CorpusFile, state: State, report: FileReport): AsyncGenerator<void> {
  const { textField, idField } = state.opts;
  const lines = readLines(f.full, {
    maxLineBytes: state.opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
    onLongLine: 'error',
    onBytes: (n) => (report.bytesRead += n),
  });
  for await (const l of lines) {
    if (l.text.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(l.text);
    } catch (err) {
      throw new CorpusError(f.shown, l.line, undefined, `invalid JSON (${(err as Error).message})`);
    }
    if (!record || typeof record !== 'object' || Array.isArray(record)) {
      throw new CorpusError(f.shown, l.line, undefined, `expected a JSON object per line, got ${describe(record)}`);
    }
    const obj = record as Record<string, unknown>;
    const text = obj[textField];
    if (typeof text !== 'string') {
      throw new CorpusError(f.shown, l.line, textField, `expected a string, got ${describe(text)} (set params.corpus.text_field to the field holding the text)`);
    }
    const id = obj[idField];
    const recordId = typeof id === 'string' || typeof id === 'number' ? id : undefined;
    const seg = new Segmenter({ minChars: state.opts.minChars, maxChars: state.opts.maxChars });
    const out: Segment[] = [];
    let offset = 0;
    for (const line of text.split('\n')) {
      out.push(...seg.line(line, offset, l.line));
      offset += line.length + 1;
    }
    out.push(...seg.boundary());
    for (const s of out) {
      add(state, s, {
        file: f.shown,
        line: l.line,
        offset: l.offset,
        length: l.bytes,
        field: textField,
        ...(recordId !== undefined ? { record_id: recordId } : {}),
        start: s.start,
        end: s.end,
        chars: s.text.length,
      });
      if (atLimit(state)) return;
    }
    yield;
  }
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing (key is missing)';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

/** Filters in order (length, short lines, exact duplicate, near duplicate); the first failure is the reason. */
function add(state: State, s: Segment, meta: PassageMeta): void {
  if (atLimit(state)) return;
  const { minChars, maxChars, minLineChars } = state.opts;
  const verdicts: Verdict[] = [];
  const index = state.count;
  const digest = passageDigest(s.text);
  const contentHash = digest.toString('hex');
  const reject = (reason: string, duplicateOf?: number) => {
    push(state, { text: s.text, status: 'rejected', reason, verdicts, meta, ...(duplicateOf !== undefined ? { duplicateOf } : {}), contentHash });
  };
  const chars = s.text.length;
  verdicts.push({ filter: 'length', passed: s.status === 'ok' && chars <= maxChars, score: chars, detail: { min: minChars, max: maxChars } });
  if (!verdicts[0]!.passed) return reject('length');
  if (minLineChars > 0) {
    const short = s.text.split('\n').find((line) => line.trim() !== '' && line.trim().length < minLineChars);
    verdicts.push({ filter: 'short-line', passed: short === undefined, detail: short === undefined ? { min: minLineChars } : { min: minLineChars, line: short } });
    if (short !== undefined) return reject('short-line');
  }
  for (const d of state.dedup.check(s.text, digest)) {
    verdicts.push(d.verdict);
    if (!d.verdict.passed) return reject(d.verdict.filter, d.duplicateOf);
  }
  state.dedup.keep(index, s.text, digest);
  push(state, { text: s.text, status: 'accepted', verdicts, meta, contentHash });
}
