import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../support/child.js';
import { REPO } from '../support/paths.js';
import { pipeline, run } from '../support/runs.js';

let dir: string;
let db: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'distillery-cli-'));
  db = join(dir, 'd.db');
  // As `npm start` makes it: the shipped Self-Instruct pipeline with the sim teacher (hundreds of samples).
  const result = await run(pipeline('self-instruct.yaml', { 'teacher.provider': 'sim' }), db);
  expect(result.status).toBe('completed');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `distillery <args> | <reader>` in bash: the CLI's exit code and its stderr. */
function piped(args: string[], reader: string): { code: number; stderr: string } {
  const err = join(dir, `stderr-${Math.random().toString(36).slice(2)}.txt`);
  const cli = [process.execPath, resolve(REPO, 'src/cli/bin.js'), ...args].map((a) => `'${a}'`).join(' ');
  const r = spawnSync('bash', ['-c', `${cli} 2>'${err}' | ${reader} >/dev/null; echo "\${PIPESTATUS[0]}"`], { cwd: REPO, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  return { code: Number(r.stdout.trim()), stderr: readFileSync(err, 'utf8') };
}

describe('stdout closed early (`| head`)', () => {
  it('samples --json | head -n 1 ends quietly with exit code 0', () => {
    const r = piped(['samples', 'self-instruct', '--json', '--db', db], 'head -n 1');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('status --json into a reader that is already gone ends quietly with exit code 0', () => {
    const r = piped(['status', '--json', '--db', db], 'true');
    expect(r.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
    expect(r.code).toBe(0);
  });
});

describe('serve on a port that is taken', () => {
  let busy: Server;
  let port: number;
  beforeAll(async () => {
    busy = createServer();
    port = await new Promise<number>((res) => busy.listen(0, '127.0.0.1', () => res((busy.address() as { port: number }).port)));
  });
  afterAll(() => new Promise<void>((res) => busy.close(() => res())));

  it('says so in one line, says how to choose another port, and exits 2', async () => {
    const c = spawnCli(['serve', '--db', db, '--port', String(port)]);
    const { code } = await c.exited;
    expect(code).toBe(2);
    expect(c.stderr()).toBe(`error: port ${port} is in use (127.0.0.1:${port}; another viewer or server?): choose another with --port N, or --port 0 for any free port\n`);
    expect(c.stdout()).toBe('');
  });
});
