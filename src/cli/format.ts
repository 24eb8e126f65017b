import type { RunRow } from '../store/runs.js';
import type { RunSummary } from '../store/summary.js';

/** The command the README gives, for the hints the CLI prints. */
export const CLI_NAME = 'npx distillery';

/** A run row for `--json` output: the stored config as an object (`config`) instead of a JSON string. */
export function runForJson<R extends RunRow>(run: R): Omit<R, 'config_json'> & { config: unknown } {
  const { config_json, ...rest } = run;
  let config: unknown;
  try {
    config = JSON.parse(config_json);
  } catch {
    config = config_json; // not JSON (a hand-edited database): kept as stored
  }
  return { ...rest, config };
}

/**
 * `distillery ... --json | head`: once the reader has gone, stop quietly with exit code 0, as Unix
 * filters do, instead of an unhandled EPIPE with a stack trace. Other stream errors are rethrown.
 */
export function quietOnBrokenPipe(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
  }
}

/** True once stdout's reader has gone (EPIPE): loops writing rows stop early. */
export function stdoutClosed(): boolean {
  return process.stdout.destroyed;
}

/** The closing summary: accepted, rejected by reason, calls, tokens, cost, time. */
export function formatSummary(s: RunSummary, extra: { seconds?: number; teacherNotice?: string; simulated: boolean; reusedNote?: string }): string {
  const lines: string[] = [];
  const kinds = [...new Set(s.samples.map((r) => r.kind))].filter((k) => k !== 'seed');
  for (const kind of kinds) {
    const rows = s.samples.filter((r) => r.kind === kind);
    const accepted = rows.filter((r) => r.status === 'accepted').reduce((a, r) => a + r.n, 0);
    const rejected = rows.filter((r) => r.status === 'rejected');
    const total = rejected.reduce((a, r) => a + r.n, 0);
    lines.push(`${kind}: ${accepted} accepted, ${total} rejected`);
    for (const r of rejected) lines.push(`    ${String(r.n).padStart(6)}  ${r.reason ?? '(no reason)'}`);
  }
  const c = s.calls;
  // The counts above and these three lines are the whole run's (every session); `reusedNote` is this session's.
  lines.push(
    `calls (whole run): ${c.total} (${c.sent} sent, ${c.reused} reused from other runs, ${c.failed} failed, ${c.pending} pending)`,
    `tokens (whole run): ${c.promptTokens} prompt + ${c.completionTokens} completion`,
    `cost (whole run): $${c.cost.toFixed(4)}${extra.simulated ? ' (simulated teacher: no real cost)' : ''}`,
  );
  lines.push(...formatFailures(s));
  if (extra.reusedNote) lines.push(extra.reusedNote);
  if (extra.seconds !== undefined) lines.push(`time: ${extra.seconds.toFixed(1)} s`);
  if (extra.simulated) lines.push('NOTE: this run used the offline sim teacher; its samples are simulated placeholder text.');
  return lines.join('\n');
}

/** How many calls failed for good and why, grouped by error (nothing when none did). */
export function formatFailures(s: Pick<RunSummary, 'calls' | 'failures'>, shown = 5): string[] {
  if (s.calls.failed === 0) return [];
  const lines = [`failed for good (whole run): ${s.calls.failed} call${s.calls.failed === 1 ? '' : 's'}, by stage and error:`];
  for (const f of s.failures.slice(0, shown)) lines.push(`    ${String(f.n).padStart(6)}  ${f.stage}: ${f.reason.length > 300 ? `${f.reason.slice(0, 300)}…` : f.reason}`);
  if (s.failures.length > shown) lines.push(`    (${s.failures.length - shown} other errors)`);
  return lines;
}
