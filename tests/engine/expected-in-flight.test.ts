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
