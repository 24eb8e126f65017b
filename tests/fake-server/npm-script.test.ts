import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { REPO } from '../support/paths.js';

describe('npm run fake-server', () => {
  it('is a script of package.json and the README gives the command with its flags', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['fake-server']).toBe('tsx src/fake-server/main.ts');
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    expect(readme).toContain('npm run fake-server -- --port 8000');
    for (const flag of ['--port', '--latency-ms', '--fault-rate', '--faults', '--fault-seed', '--retry-after-ms']) expect(readme).toContain(`\`${flag}`);
  });

  it('starts the server, which answers the OpenAI API, and stops on SIGTERM', async () => {
    // Its own process group, so the signal reaches npm, the shell and the server.
    const child = spawn('npm', ['run', '--silent', 'fake-server', '--', '--port', '0', '--latency-ms', '1'], { cwd: REPO, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((res, rej) => {
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.once('exit', (code) => rej(new Error(`exited early (${code}): ${stderr}`)));
        createInterface({ input: child.stdout }).once('line', (line) => {
          const m = line.match(/^fake OpenAI server listening on (http:\/\/127\.0\.0\.1:\d+\/v1)$/);
          if (m) res(m[1]!);
          else rej(new Error(`unexpected first line: ${line}`));
        });
      });
      const models = (await (await fetch(`${url}/models`, { headers: { authorization: 'Bearer fake' } })).json()) as { data: { id: string }[] };
      expect(models.data.map((m) => m.id)).toContain('distillery-sim-1');
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
  });
});
