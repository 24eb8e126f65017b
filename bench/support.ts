import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The fake OpenAI server in its own process, so client and server do not share a core. */
export async function startServerProcess(args: string[]): Promise<{ url: string; proc: ChildProcess; stop: () => Promise<void> }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', resolve(REPO, 'src/fake-server/main.ts'), '--port', '0', ...args], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((res, rej) => {
    let out = '';
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) res(m[1]!);
    });
    proc.on('exit', (code) => rej(new Error(`fake server exited (${code})`)));
  });
  return {
    url,
    proc,
    stop: () =>
      new Promise((res) => {
        proc.once('exit', () => res());
        proc.kill('SIGTERM');
      }),
  };
}

export function table(rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map(String));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  return cells.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n');
}

/** Peak resident memory, sampled every 20 ms while `fn` runs. */
export async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ value: T; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, peakMb: peak / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

/** The middle value (the upper one of an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median milliseconds of `reps` calls of `fn`, after one untimed call that warms the page and statement caches. */
export async function medianMs(fn: () => unknown | Promise<unknown>, reps: number): Promise<number> {
  await fn();
  const xs: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  return median(xs);
}
