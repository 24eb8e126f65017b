import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck, samplesPath, writeSamples } from '../../src/methods/evol-instruct/stop-command.js';
import { tempDir } from '../support/tmp.js';

/** The stop check's I/O: its samples file and its command's endings. */
describe('the stop check command', () => {
  const base = { cwd: process.cwd(), env: { PATH: process.env.PATH }, timeoutMs: 10_000 };

  it('runs through sh -c in the given folder with the given environment, keeping both streams', async () => {
    const dir = tempDir();
    const exit = await runCheck({ ...base, cwd: dir, env: { ...base.env, DISTILLERY_ROUND: '4' }, command: 'pwd; echo "round $DISTILLERY_ROUND" >&2; exit 0' });
    expect(exit).toMatchObject({ code: 0, signal: null, timedOut: false, stderr: 'round 4\n' });
    expect(exit.stdout.trim().endsWith(dir.split('/').at(-1)!)).toBe(true);
    expect((await runCheck({ ...base, command: 'exit 7' })).code).toBe(7);
  });

  it('ends the command and what it started on a timeout or a stop request', async () => {
    const t0 = Date.now();
    const slow = await runCheck({ ...base, timeoutMs: 300, command: 'sh -c "sleep 30" & wait' });
    expect(slow.timedOut).toBe(true);
    expect(slow.code === null || slow.code !== 0).toBe(true);
    let asked = false;
    setTimeout(() => (asked = true), 300);
    const stopped = await runCheck({ ...base, command: 'sleep 30', stopped: () => asked });
    expect(stopped).toMatchObject({ interrupted: true, timedOut: false });
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('keeps the end of a long output, where the score is', async () => {
    const exit = await runCheck({ ...base, command: `node -e "for (let i = 0; i < 20000; i++) console.log('training step ' + i); console.log('pass@1: 0.25')"` });
    expect(exit.stdout.length).toBeLessThanOrEqual(64 * 1024);
    expect(exit.stdout.endsWith('pass@1: 0.25\n')).toBe(true);
  });

  it('writes the samples file whole, beside the database', () => {
    const dir = tempDir();
    const path = samplesPath(join(dir, 'runs.db'), '/elsewhere', 'code-run', 3);
    expect(path).toBe(join(dir, 'stop-check', 'code-run', 'round-3.jsonl'));
    writeSamples(path, [
      { instruction: 'Reverse a list.', input: '[1, 2]', output: 'Use reversed().', round: 0 },
      { instruction: 'Reverse a list in place in O(1) extra space.', input: '', output: 'Swap from both ends.', round: 1 },
    ]);
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[1]!)).toEqual({ instruction: 'Reverse a list in place in O(1) extra space.', input: '', output: 'Swap from both ends.', round: 1 });
    expect(lines[2]).toBe('');
  });
});
