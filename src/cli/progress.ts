import cliProgress from 'cli-progress';
import type { Progress } from '../engine/context.js';
import type { BatchEvent, CallEvent, JournalEvent, WaitEvent } from '../teacher/journal.js';
import { trafficText, type TrafficSnapshot } from '../teacher/traffic.js';

export interface CliProgress extends Progress {
  /** A call answered or failed for good (counted), or a request waiting before a retry (a line when the wait is long enough to notice). */
  call(e: JournalEvent): void;
  /** A message for the user while progress is shown (e.g. on Ctrl-C): the bar's line is cleared, the message written, the bar drawn again below it. */
  log(line: string): void;
  /**
   * Read where requests are (in flight, queued, retrying) on every line, and write a line every
   * interval even when no call ends, so a run of slow calls never looks frozen.
   */
  watch(traffic: () => TrafficSnapshot): void;
  /** Draw the final state and leave the line, so what follows (the summary) starts on a fresh line. */
  stop(): void;
}

interface Counts {
  new: number;
  cached: number;
  reused: number;
  failed: number;
  tokens: number;
  cost: number;
}

/**
 * Progress on stderr: a bar when stderr is a terminal, plain lines every few seconds otherwise
 * (logs and CI), so stdout stays free for data. The accepted count is the whole run's (a resumed
 * run starts where it was); calls, tokens and cost are this session's, and both say so. The ETA
 * comes from this session's acceptance rate and is left out until something has been accepted.
 */
export function createProgress(stream: NodeJS.WriteStream = process.stderr, intervalMs = 5000, now: () => number = Date.now): CliProgress {
  const counts: Counts = { new: 0, cached: 0, reused: 0, failed: 0, tokens: 0, cost: 0 };
  let state = { wave: 0, accepted: 0, target: 0, stage: '' };
  const started = now();
  const eta = etaClock(now);
  const waits = waitNotices(now, intervalMs);
  let traffic: (() => TrafficSnapshot) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const heartbeat = (beat: () => void) => {
    timer = setInterval(beat, intervalMs);
    timer.unref(); // never keeps the process alive on its own
  };
  const quiet = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: ' {bar} {value}/{total} accepted in run | wave {wave} | this session: {calls} calls ({cached} cached), {tokens} tok, ${cost}{timeLeft}{traffic}',
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    // The bar saves the cursor position when it starts and restores it when it stops; after any
    // other line on the terminal (the Ctrl-C notice) that lands above what was written since, and
    // the summary overwrote the bar. The bar always redraws its own line, so it needs neither.
    const terminal = (bar as unknown as { terminal: { cursorSave(): void; cursorRestore(): void } }).terminal;
    terminal.cursorSave = () => {};
    terminal.cursorRestore = () => {};
    let begun = false;
    const payload = () => ({
      wave: state.wave,
      calls: counts.new + counts.cached + counts.reused,
      cached: counts.cached + counts.reused,
      tokens: counts.tokens,
      cost: counts.cost.toFixed(4),
      timeLeft: etaText(eta.seconds(state.accepted, state.target)),
      traffic: trafficPart(traffic?.(), ' | '),
    });
    const log = (line: string) => {
      if (!begun) {
        stream.write(`${line}\n`);
        return;
      }
      stream.write(`\r\u001b[2K${line}\n`);
      const drawn = bar as unknown as { lastDrawnString: string; render(): void };
      drawn.lastDrawnString = ''; // redraw on the new line even though the bar has not changed
      drawn.render();
    };
    return {
      wave(info) {
        state = info;
        eta.observe(info.accepted);
        if (!begun) {
          bar.start(info.target, Math.min(info.accepted, info.target), payload());
          begun = true;
        } else {
          bar.setTotal(info.target);
          bar.update(Math.min(info.accepted, info.target), payload());
        }
      },
      call(e) {
        if (e.kind === 'batch') return log(batchLine(e));
        if (e.kind === 'wait') {
          const text = waits.line(e);
          if (text) log(text);
          return;
        }
        tally(counts, e);
        if (begun) bar.update(payload());
      },
      log,
      note: log,
      watch(read) {
        traffic = read;
        heartbeat(() => {
          if (begun) bar.update(payload());
        });
      },
      stop() {
        quiet();
        if (begun) bar.stop();
        begun = false;
      },
    };
  }
  let last = 0;
  let stopped = false;
  const line = (force = false) => {
    const t = now();
    if (!force && t - last < intervalMs) return;
    last = t;
    const secs = ((t - started) / 1000).toFixed(0);
    stream.write(
      `[${secs}s] wave ${state.wave}: ${state.accepted}/${state.target} accepted in run; this session: calls ${counts.new} new, ${counts.cached + counts.reused} cached, ${counts.failed} failed; ${counts.tokens} tokens; $${counts.cost.toFixed(4)}${etaText(eta.seconds(state.accepted, state.target), '; ')}${trafficPart(traffic?.(), '; ')}\n`,
    );
  };
  return {
    wave(info) {
      state = info;
      eta.observe(info.accepted);
      line();
    },
    call(e) {
      if (e.kind === 'batch') {
        stream.write(`${batchLine(e)}\n`);
        return;
      }
      if (e.kind === 'wait') {
        const text = waits.line(e);
        if (text) stream.write(`${text}\n`);
        return;
      }
      tally(counts, e);
      line();
    },
    log(text) {
      stream.write(`${text}\n`);
    },
    note(text) {
      stream.write(`${text}\n`);
    },
    watch(read) {
      traffic = read;
      heartbeat(() => line());
    },
    stop() {
      quiet();
      if (stopped) return;
      stopped = true;
      // Nothing to report when the run never started (e.g. a setup error).
      if (state.target > 0 || counts.new + counts.cached + counts.reused + counts.failed > 0) line(true);
    },
  };
}

/** "batch job batch_abc: in_progress, 12/40 done, 1 failed": a job's state, said when it changes. */
export function batchLine(e: BatchEvent): string {
  return `batch job ${e.job}: ${e.state}, ${e.completed}/${e.total} done, ${e.failed} failed`;
}

/** `; now: 3 in flight (oldest 2m 01s, evolve), ...`, or nothing when no request is out. */
function trafficPart(s: TrafficSnapshot | undefined, sep: string): string {
  const text = s ? trafficText(s) : '';
  return text === '' ? '' : `${sep}now: ${text}`;
}

/** Seconds left at this session's rate of acceptance: undefined until the count has grown. */
export function etaClock(now: () => number = Date.now) {
  let first: { at: number; accepted: number } | undefined;
  let latest: { at: number; accepted: number } | undefined;
  return {
    observe(accepted: number) {
      const at = now();
      if (!first) first = { at, accepted };
      latest = { at, accepted };
    },
    seconds(accepted: number, target: number): number | undefined {
      if (!first || !latest || accepted >= target) return undefined;
      const gained = latest.accepted - first.accepted;
      const elapsed = (latest.at - first.at) / 1000;
      if (gained <= 0 || elapsed <= 0) return undefined;
      return ((target - accepted) * elapsed) / gained;
    },
  };
}

/** ` | ETA 1m 05s`, or nothing without a rate. */
export function etaText(seconds: number | undefined, sep = ' | '): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '';
  const s = Math.max(1, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  const text = h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m ${String(rest).padStart(2, '0')}s` : `${rest}s`;
  return `${sep}ETA ${text}`;
}

/** Waits shorter than this pass without a line (ordinary backoff between quick retries). */
const NOTICE_WAIT_MS = 1000;

/**
 * What the run waits for, as a line: at most one every `intervalMs` (many requests in flight tend to
 * wait at once), except a wait capped at `limits.max_retry_after_seconds` or longer than the last one
 * told, which is always said.
 */
export function waitNotices(now: () => number = Date.now, intervalMs = 5000) {
  let lastAt = -Infinity;
  let lastMs = 0;
  return {
    line(e: WaitEvent): string | undefined {
      if (e.waitMs < NOTICE_WAIT_MS && e.cappedAtMs === undefined) return undefined;
      const t = now();
      if (t - lastAt < intervalMs && e.waitMs <= lastMs && e.cappedAtMs === undefined) return undefined;
      lastAt = t;
      lastMs = e.waitMs;
      return waitText(e);
    },
  };
}

/** "waiting 1.0 s before attempt 2 of 6 (self-instruct/generate): rate_limit: HTTP 429: ...; the server asked for 3.0 s (Retry-After), capped at 1 s (limits.max_retry_after_seconds)". */
export function waitText(e: WaitEvent): string {
  const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const error = e.error.length > 200 ? `${e.error.slice(0, 200)}…` : e.error;
  const asked =
    e.cappedAtMs !== undefined && e.retryAfterMs !== undefined
      ? `; the server asked for ${secs(e.retryAfterMs)} (Retry-After), capped at ${e.cappedAtMs / 1000} s (limits.max_retry_after_seconds)`
      : e.retryAfterMs !== undefined && e.retryAfterMs > 0
        ? `; the server asked for ${secs(e.retryAfterMs)} (Retry-After)`
        : '';
  return `waiting ${secs(e.waitMs)} before attempt ${e.attempt} of ${e.maxAttempts} (${e.stage}): ${error}${asked}`;
}

function tally(counts: Counts, e: CallEvent): void {
  counts[e.source]++;
  counts.tokens += e.tokens;
  counts.cost += e.cost;
}
