import cliProgress from 'cli-progress';
import type { DedupProgress } from './dedup.js';

export interface ProgressSink {
  update(p: DedupProgress): void;
  stop(): void;
}

/**
 * Progress on stderr so stdout keeps only the counts: a bar on a terminal, otherwise a plain
 * line every few seconds (logs and CI have no use for carriage returns).
 */
export function dedupProgress(stream: NodeJS.WriteStream = process.stderr, intervalMs = 5000): ProgressSink {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream, format: ' dedup {bar} {value}/{total} rows | {kept} kept | ETA {eta_formatted}', hideCursor: true, etaBuffer: 50 },
      cliProgress.Presets.shades_classic,
    );
    let begun = false;
    return {
      update(p) {
        if (!begun) bar.start(p.total, p.done, { kept: p.kept });
        else bar.update(p.done, { kept: p.kept });
        begun = true;
      },
      stop() {
        if (begun) bar.stop();
      },
    };
  }
  const started = Date.now();
  let last = started;
  let latest: DedupProgress | null = null;
  const line = (p: DedupProgress) => stream.write(`dedup: ${p.done}/${p.total} rows, ${p.kept} kept, ${((Date.now() - started) / 1000).toFixed(0)}s\n`);
  return {
    update(p) {
      latest = p;
      if (Date.now() - last < intervalMs) return;
      last = Date.now();
      line(p);
    },
    stop() {
      if (latest && latest.done === latest.total && Date.now() - started >= intervalMs) line(latest);
    },
  };
}
