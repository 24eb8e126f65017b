import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Run a bench helper script in a fresh Node process (with this process's loader flags, so tsx
 * works) and parse the JSON it prints: a clean heap for memory figures and a cold JIT for timings.
 */
export function runChild<T>(script: string, args: readonly (string | number)[], input?: string): T {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const out = execFileSync(process.execPath, [...process.execArgv, path, ...args.map(String)], {
    encoding: 'utf8',
    input,
    maxBuffer: 1 << 24,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as T;
}
