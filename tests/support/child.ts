import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { REPO } from './paths.js';

export interface Child {
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when stderr has printed text matching `re`. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<void>;
}

/** The real CLI in a child process (node + tsx), as a user runs it. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): Child {
  const proc = spawn(process.execPath, [resolve(REPO, 'src/cli/bin.js'), ...args], {
    cwd: REPO,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => {
    err += d;
    for (const w of waiters.splice(0)) if (w.re.test(err)) w.resolve();
      else waiters.push(w);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => proc.on('exit', (code, signal) => res({ code, signal })));
  return {
    proc,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(re, timeoutMs = 30_000) {
      if (re.test(err)) return Promise.resolve();
      return new Promise((res, rej) => {
        const timer = setTimeout(() => rej(new Error(`timed out waiting for ${re} in stderr:\n${err}`)), timeoutMs);
        waiters.push({ re, resolve: () => (clearTimeout(timer), res()) });
        void exited.then(() => {
          if (!re.test(err)) {
            clearTimeout(timer);
            rej(new Error(`process exited before ${re}; stderr:\n${err}\nstdout:\n${out}`));
          }
        });
      });
    },
  };
}
