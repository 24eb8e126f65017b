/**
 * The I/O of the stop check: the dataset so far as a JSONL file, and the user's command run on it.
 */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '../../util/atomic-file.js';
import type { CheckExit } from './score-output.js';

/** One line of the file the check reads: a sample as exported, with its round (0: an input). */
export interface CheckRow {
  instruction: string;
  input: string;
  output: string;
  round: number;
}

/**
 * Where round `round`'s file goes: beside the database, `stop-check/<run>/round-<r>.jsonl` (an
 * in-memory database has no folder: the project's `data/`).
 */
export function samplesPath(dbPath: string, root: string, runName: string, round: number): string {
  // The database's path is as it was opened: relative to the working folder, not to `root`.
  const folder = dbPath === ':memory:' || dbPath === '' ? resolve(root, 'data') : dirname(resolve(dbPath));
  return join(folder, 'stop-check', runName, `round-${round}.jsonl`);
}

/** Written whole or not at all; a check run again for the same round overwrites it with the same rows. */
export function writeSamples(path: string, rows: readonly CheckRow[]): void {
  writeFileAtomic(path, rows.map((r) => `${JSON.stringify({ instruction: r.instruction, input: r.input, output: r.output, round: r.round })}\n`).join(''));
}

/** Output kept from each stream: the score is printed last and the message quotes the last lines. */
const KEEP_BYTES = 64 * 1024;

export interface CheckCommand {
  command: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Polled while the command runs: true ends it (the run was asked to stop, e.g. Ctrl-C). */
  stopped?: () => boolean;
}

/** How often a running check looks for a stop request. */
const POLL_MS = 100;
/** Between SIGTERM and SIGKILL when a check is ended. */
const GRACE_MS = 5000;

/**
 * `sh -c command` in its own process group, so that a timeout or a stop request ends what it
 * started too (a training script's workers). Never rejects: every ending is described in the result.
 */
export function runCheck(c: CheckCommand): Promise<CheckExit> {
  return new Promise((done) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let finished = false;
    const keep = (text: string, more: string) => {
      const all = text + more;
      return all.length > KEEP_BYTES ? all.slice(all.length - KEEP_BYTES) : all;
    };
    const child = spawn('sh', ['-c', c.command], { cwd: c.cwd, env: c.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout = keep(stdout, d)));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = keep(stderr, d)));
    const signalGroup = (sig: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, sig);
      } catch {
        // already gone
      }
    };
    // SIGTERM lets a training script clean up; what is still there after the grace period is killed.
    let grace: NodeJS.Timeout | undefined;
    const killGroup = () => {
      signalGroup('SIGTERM');
      grace ??= setTimeout(() => signalGroup('SIGKILL'), GRACE_MS);
    };
    let interrupted = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, c.timeoutMs);
    const poll = setInterval(() => {
      if (interrupted || !c.stopped?.()) return;
      interrupted = true;
      killGroup();
    }, POLL_MS);
    const finish = (exit: Omit<CheckExit, 'stdout' | 'stderr' | 'timedOut' | 'interrupted'>) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      clearInterval(poll);
      if (grace) clearTimeout(grace);
      done({ ...exit, stdout, stderr, timedOut, ...(interrupted ? { interrupted } : {}) });
    };
    child.on('error', (err) => finish({ code: null, signal: null, error: err.message }));
    child.on('close', (code, signal) => finish({ code, signal }));
  });
}
