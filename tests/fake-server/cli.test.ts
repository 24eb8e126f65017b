import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../sim/helpers.js';

function startCli(args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(REPO_ROOT, 'src/fake-server/main.ts'), ...args], { cwd: REPO_ROOT });
  return new Promise((resolveStart, reject) => {
    const lines = createInterface({ input: child.stdout });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => reject(new Error(`fake server exited early (${code}): ${stderr}`)));
    lines.once('line', (line) => {
      const m = line.match(/^fake OpenAI server listening on (http:\/\/127\.0\.0\.1:\d+\/v1)$/);
      if (m && m[1]) resolveStart({ child, url: m[1] });
      else reject(new Error(`unexpected first line: ${line}`));
    });
  });
}

function exitCode(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((r) => child.once('exit', (code) => r(code)));
}

describe('fake server CLI', () => {
  it('prints its URL, serves the API and /__stats, and exits 0 on SIGTERM', async () => {
    const { child, url } = await startCli(['--port', '0', '--latency-ms', '1', '--fault-rate', '0']);
    try {
      const client = new OpenAI({ baseURL: url, apiKey: 'k', maxRetries: 0 });
      const res = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'Explain tides.' }], seed: 1 });
      expect(res.choices[0]?.message.content?.length).toBeGreaterThan(0);
      const root = url.replace(/\/v1$/, '');
      const stats = (await (await fetch(`${root}/__stats`)).json()) as { received: number; completed: number };
      expect(stats).toMatchObject({ received: 1, completed: 1 });
      expect((await fetch(`${root}/__reset`, { method: 'POST' })).status).toBe(200);
      expect(((await (await fetch(`${root}/__stats`)).json()) as { received: number }).received).toBe(0);
    } finally {
      const exited = exitCode(child);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });

  it('injects the faults it is told to', async () => {
    const { child, url } = await startCli(['--fault-rate', '1', '--faults', 'server_503', '--fault-seed', '3']);
    try {
      const client = new OpenAI({ baseURL: url, apiKey: 'k', maxRetries: 0 });
      await expect(client.completions.create({ model: 'm', prompt: 'Hello' })).rejects.toMatchObject({ status: 503 });
    } finally {
      const exited = exitCode(child);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    }
  });

  it('refuses unknown fault kinds', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(REPO_ROOT, 'src/fake-server/main.ts'), '--fault-rate', '0.5', '--faults', 'gremlins'], { cwd: REPO_ROOT });
    expect(await exitCode(child)).toBe(2);
  });
});
