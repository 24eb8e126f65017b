/**
 * `plan` against a server other than OpenAI's: the stored answers it finds are the ones keyed under
 * that endpoint, and its prompt tokens follow the server's own counts once it has answered.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Plan } from '../../src/engine/plan.js';
import { openDb } from '../../src/store/db.js';
import { spawnCli } from '../support/child.js';
import { useFakeServer } from '../support/fake-server.js';
import { tempDir } from '../support/tmp.js';

const sum = (p: Plan, k: 'requests' | 'cached' | 'promptTokens') => p.stages.reduce((a, s) => a + s[k], 0);

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawnCli(args, env);
  const { code } = await child.exited;
  expect(code, child.stderr()).toBe(0);
  return child.stdout();
}

describe('plan for a local OpenAI-compatible server', () => {
  const fake = useFakeServer();

  it('finds the answers stored under that endpoint, and scales prompt tokens by the counts the server reported', async () => {
    const db = join(tempDir(), 'local.db');
    const env = { ...fake.env(), OPENAI_API_KEY: 'sk-local' };
    const common = ['pipelines/alpaca.yaml', '--db', db, '--target', '40', '--set', 'params.wave_size=2', '--set', 'judge.enabled=false'];

    // Before anything is stored: the o200k counts, with the caveat said.
    const cold = JSON.parse(await cli(['plan', ...common, '--json'], env)) as Plan;
    expect(cold.assumptions.join('\n')).toMatch(/counted with o200k_base .* may count 10-30% more/);
    expect(sum(cold, 'cached')).toBe(0);

    const out = await cli(['run', ...common, '--name', 'first'], env);
    // A real server's run says where its attempts' time went (the sim's does not: it answers at once).
    expect(out).toMatch(/^\d+ attempts spent on average \d+\.\d s queued for a slot here and \d+\.\d s at the server/m);
    const offline = ['pipelines/alpaca.yaml', '--db', join(tempDir(), 'sim.db'), '--target', '8', '--teacher', 'sim'];
    expect(await cli(['run', ...offline], {})).not.toMatch(/attempts spent on average/);
    const h = openDb(db, { readonly: true });
    const reported = (h.prepare(`SELECT SUM(prompt_tokens) AS n, COUNT(*) AS calls FROM calls WHERE status = 'ok'`).get() as { n: number; calls: number });
    h.close();

    // The same config under another name sends the same requests: every one is stored already.
    const warm = JSON.parse(await cli(['plan', ...common, '--name', 'second', '--json'], env)) as Plan;
    expect(sum(warm, 'requests')).toBe(reported.calls);
    expect(sum(warm, 'cached')).toBe(reported.calls);
    // Its prompt tokens are what the server reported for those very requests (the fake server counts
    // four characters a token, which o200k does not), not o200k's count of them.
    expect(warm.assumptions.join('\n')).toMatch(/scaled by \d\.\d\d, the ratio of the prompt tokens .* reported/);
    expect(Math.abs(sum(warm, 'promptTokens') - reported.n) / reported.n).toBeLessThan(0.02);
    expect(Math.abs(sum(cold, 'promptTokens') - reported.n) / reported.n).toBeGreaterThan(0.05);
  }, 120_000);
});

describe('token calibration', () => {
  it('needs a few answers with enough tokens, and is their reported-to-counted ratio', async () => {
    const { tokenCalibration, calibratePlan } = await import('../../src/engine/plan-calibration.js');
    const s = (reported: number, counted: number) => ({ reported, counted });
    expect(tokenCalibration([s(500, 400), s(500, 400)], 'e')).toBeUndefined();
    expect(tokenCalibration([s(50, 40), s(50, 40), s(50, 40)], 'e')).toBeUndefined();
    const cal = tokenCalibration([s(600, 500), s(700, 500), s(500, 500)], 'http://gpu:8000/v1')!;
    expect(cal.factor).toBeCloseTo(1.2, 6);
    const plan: Plan = { run: 'r', method: 'm', model: 'x', existing: false, progress: '', assumptions: [], stages: [{ stage: 'a', requests: 2, cached: 0, promptTokens: 1000, completionTokens: 10, completionIsBound: true }] };
    expect(calibratePlan(plan, cal, { name: 'e', openaiTokenizer: false }).stages[0]!.promptTokens).toBe(1200);
    expect(calibratePlan(plan, undefined, { name: 'e', openaiTokenizer: true })).toBe(plan);
  });
});
