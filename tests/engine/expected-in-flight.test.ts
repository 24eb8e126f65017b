import { describe, expect, it } from 'vitest';
import { expectedInFlight, formatPlan, type Plan } from '../../src/engine/plan.js';

describe('expected requests in flight (plan)', () => {
  it('spreads a wave over its stages, multiplies by the depth, and never passes the concurrency', () => {
    expect(expectedInFlight(120, 3, 1, 256)).toBe(40);
    expect(expectedInFlight(120, 3, 4, 256)).toBe(160);
    expect(expectedInFlight(120, 3, 8, 256)).toBe(256);
  });

  it('is printed with its basis when the recipe gives it', () => {
    const plan: Plan = { run: 'r', method: 'self-instruct', model: 'm', existing: false, progress: 'new run', assumptions: [], stages: [] };
    expect(formatPlan(plan, {}, true)).not.toContain('in flight');
    const text = formatPlan({ ...plan, inFlight: { expected: 160, concurrency: 256, basis: 'test basis' } }, {}, true);
    expect(text).toContain('expected requests in flight: about 160 of 256 (63%; test basis)');
  });
});

describe('expected requests in flight of a played plan', () => {
  it('follows the played waves, their stages and wave_depth', async () => {
    const { planBySimulation } = await import('../../src/app/plan-by-simulation.js');
    const { pipeline } = await import('../support/runs.js');
    const { REPO } = await import('../support/paths.js');
    const { tempDir } = await import('../support/tmp.js');
    const { join } = await import('node:path');
    const plan = (depth: number) =>
      planBySimulation({
        config: pipeline('unnatural.yaml', { target: 60, 'params.wave_size': 8, 'params.wave_depth': depth, 'limits.concurrency': 256, 'teacher.provider': 'sim' }),
        dbPath: join(tempDir(), 'p.db'), provider: 'sim', model: 'distillery-sim-1', endpoint: 'sim', keyIdentity: 'sim', root: REPO,
      });
    const one = (await plan(1)).inFlight!;
    const four = (await plan(4)).inFlight!;
    // Three stages a wave (core, output, reformulate): about a third of a wave's requests at a time, times the depth.
    expect(one.basis).toMatch(/3\.0 stages each in series, 1 wave\(s\) at once/);
    expect(four.expected).toBeCloseTo(Math.min(256, one.expected * 4), 0);
    expect(one.expected).toBeGreaterThan(8);
    expect(one.concurrency).toBe(256);
  });
});
