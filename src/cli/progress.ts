import cliProgress from 'cli-progress';
import type { Progress } from '../engine/context.js';
import type { CallEvent } from '../teacher/journal.js';

export interface CliProgress extends Progress {
  call(e: CallEvent): void;
  stop(): void;
}

/**
 * Progress on stderr: a bar when stderr is a terminal, plain lines every few seconds otherwise
 * (logs and CI), so stdout stays free for data.
 */
export function createProgress(stream: NodeJS.WriteStream = process.stderr, intervalMs = 5000): CliProgress {
  const counts = { new: 0, cached: 0, reused: 0, failed: 0, tokens: 0, cost: 0 };
  let state = { wave: 0, accepted: 0, target: 0, stage: '' };
  const started = Date.now();
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: ' {bar} {value}/{total} accepted | wave {wave} | calls {calls} ({cached} cached) | {tokens} tok | ${cost} | ETA {eta_formatted}',
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    let begun = false;
    const payload = () => ({ wave: state.wave, calls: counts.new + counts.cached + counts.reused, cached: counts.cached + counts.reused, tokens: counts.tokens, cost: counts.cost.toFixed(4) });
    return {
      wave(info) {
        state = info;
        if (!begun) {
          bar.start(info.target, Math.min(info.accepted, info.target), payload());
          begun = true;
        } else bar.update(Math.min(info.accepted, info.target), payload());
      },
      call(e) {
        tally(counts, e);
        if (begun) bar.update(payload());
      },
      stop() {
        if (begun) bar.stop();
        begun = false;
      },
    };
  }
  let last = 0;
  let stopped = false;
  const line = (force = false) => {
    const now = Date.now();
    if (!force && now - last < intervalMs) return;
    last = now;
    const secs = ((now - started) / 1000).toFixed(0);
    stream.write(
      `[${secs}s] wave ${state.wave}: ${state.accepted}/${state.target} accepted; calls ${counts.new} new, ${counts.cached + counts.reused} cached, ${counts.failed} failed; ${counts.tokens} tokens; $${counts.cost.toFixed(4)}\n`,
    );
  };
  return {
    wave(info) {
      state = info;
      line();
    },
    call(e) {
      tally(counts, e);
      line();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      // Nothing to report when the run never started (e.g. a setup error).
      if (state.target > 0 || counts.new + counts.cached + counts.reused + counts.failed > 0) line(true);
    },
  };
}

function tally(counts: { new: number; cached: number; reused: number; failed: number; tokens: number; cost: number }, e: CallEvent): void {
  counts[e.source]++;
  counts.tokens += e.tokens;
  counts.cost += e.cost;
}
