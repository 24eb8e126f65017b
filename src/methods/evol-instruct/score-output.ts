/**
 * Reading the user's check: its score is the last number it prints on stdout, and a check that
 * fails is described in one message. Pure.
 */

const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * The last number on stdout, read word by word from the end: a word is a number once the
 * brackets, quotes and punctuation around it are taken off, and anything up to its last `=` or
 * `:` ("pass@1=0.41", `{"score": 0.41}`, "41.2%", "0.41."). Words such as "pass@1" or "round3" are
 * not numbers. Undefined when there is none.
 */
export function lastNumber(stdout: string): number | undefined {
  const words = stdout.split(/\s+/).filter((w) => w !== '');
  for (let i = words.length - 1; i >= 0; i--) {
    const word = words[i]!.replace(/^.*[=:]/, '').replace(/^[\s([{<"'`]+/, '').replace(/[\s)\]}>"'`,;:%.!]+$/, '');
    if (!NUMBER.test(word)) continue;
    const n = Number(word);
    if (Number.isFinite(n)) return n;
  }
  return undefined;
}

/** How the check's process ended. */
export interface CheckExit {
  /** Exit code; null when a signal ended it. */
  code: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Ended because the run was asked to stop (the caller reports the stop, not a failure). */
  interrupted?: boolean;
  stdout: string;
  stderr: string;
  /** The process could not be started (spawn's own error). */
  error?: string;
}

export interface CheckPlace {
  command: string;
  round: number;
  timeoutSeconds: number;
}

/** The score, or the one message saying why there is none (command, round, exit code, the end of its stderr). */
export function readScore(exit: CheckExit, at: CheckPlace): { score: number } | { error: string } {
  const head = `params.stop_check: the check of round ${at.round} (sh -c ${JSON.stringify(at.command)})`;
  const stderr = tailText(exit.stderr);
  const tail = stderr === '' ? '; its stderr was empty' : `; its stderr ended with: ${stderr}`;
  if (exit.error !== undefined) return { error: `${head} could not be started: ${exit.error}` };
  if (exit.timedOut) return { error: `${head} timed out after ${at.timeoutSeconds} s and was ended${tail}` };
  if (exit.code !== 0) {
    const how = exit.code === null ? `was ended by ${exit.signal ?? 'a signal'} (no exit code)` : `exited with code ${exit.code}`;
    return { error: `${head} ${how}${tail}` };
  }
  const score = lastNumber(exit.stdout);
  if (score === undefined) {
    const out = tailText(exit.stdout);
    return { error: `${head} exited with code 0 but printed no number on stdout (the score is the last number printed)${out === '' ? '; stdout was empty' : `; stdout ended with: ${out}`}${tail}` };
  }
  return { score };
}

/** The last few non-blank lines, each cut short, joined on one line: " | ". */
export function tailText(text: string, lines = 5, width = 200): string {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(-lines)
    .map((l) => (l.length > width ? `${l.slice(0, width)}...` : l))
    .join(' | ');
}
