// A run whose process was SIGKILLed is not shown as "running" by `status` and `runs`: no live
// process holds its lease, so it is "interrupted", with how to resume it (issue 21).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../support/child.js';
import { useFakeServer } from '../support/fake-server.js';
import { tempDir } from '../support/tmp.js';

async function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const c = spawnCli(args);
  const { code } = await c.exited;
  return { code, stdout: c.stdout(), stderr: c.stderr() };
}

describe('status and runs of a crashed run', () => {
  const fake = useFakeServer({ latencyMs: 100 });

  it('while its process lives: running; once SIGKILLed: interrupted, with the resume command', async () => {
    const db = join(tempDir(), 'crash.db');
    const a = spawnCli(['run', 'pipelines/self-instruct.yaml', '--teacher', 'openai', '--db', db, '--target', '200', '--name', 'crashy', '--concurrency', '2'], fake.env());
    await a.waitFor(/new run "crashy"/);
    await new Promise((r) => setTimeout(r, 300));

    const live = await cli(['runs', '--json', '--db', db]);
    expect(live.code, live.stderr).toBe(0);
    expect(JSON.parse(live.stdout.trim()).status).toBe('running');

    a.proc.kill('SIGKILL');
    expect((await a.exited).signal).toBe('SIGKILL');

    const runs = await cli(['runs', '--json', '--db', db]);
    expect(runs.code, runs.stderr).toBe(0);
    const row = JSON.parse(runs.stdout.trim());
    expect(row.status).toBe('interrupted');
    expect(row.stored_status).toBe('running');
    expect(row.status_detail).toContain('no live process');
    expect(row.status_detail).toContain(`resume crashy --db ${db}`);

    const status = await cli(['status', 'crashy', '--json', '--db', db]);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).run.status).toBe('interrupted');

    const text = await cli(['status', 'crashy', '--db', db]);
    expect(text.stdout.split('\n')[0]).toMatch(/: interrupted: no live process \(pid \d+ on host .*: that process is no longer running\); resume with npx distillery resume crashy/);
    const table = await cli(['runs', '--db', db]);
    expect(table.stdout).toMatch(/crashy\s+self-instruct\s+interrupted/);
    expect(table.stdout).toContain('run "crashy" is interrupted: no live process');
  }, 60_000);
});
