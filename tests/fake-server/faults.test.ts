import { describe, expect, it } from 'vitest';
import { FAULT_KINDS, FaultPlan } from '../../src/fake-server/index.js';

describe('FaultPlan', () => {
  it('is a pure function of (seed, request number)', () => {
    const a = new FaultPlan({ rate: 0.3, kinds: [...FAULT_KINDS], seed: 5 });
    const b = new FaultPlan({ rate: 0.3, kinds: [...FAULT_KINDS], seed: 5 });
    const c = new FaultPlan({ rate: 0.3, kinds: [...FAULT_KINDS], seed: 6 });
    const seq = (p: FaultPlan) => Array.from({ length: 500 }, (_, i) => p.faultFor(i + 1) ?? '-');
    expect(seq(a)).toEqual(seq(b));
    expect(seq(a)).not.toEqual(seq(c));
  });

  it('faults about `rate` of requests, spread over the kinds', () => {
    const p = new FaultPlan({ rate: 0.2, kinds: ['rate_limit', 'server_500', 'drop'], seed: 1 });
    const counts: Record<string, number> = {};
    const n = 5000;
    for (let i = 1; i <= n; i++) {
      const f = p.faultFor(i);
      if (f) counts[f] = (counts[f] ?? 0) + 1;
    }
    const total = Object.values(counts).reduce((x, y) => x + y, 0);
    expect(total / n).toBeGreaterThan(0.17);
    expect(total / n).toBeLessThan(0.23);
    for (const k of ['rate_limit', 'server_500', 'drop']) expect(counts[k]! / total).toBeGreaterThan(0.25);
  });

  it('rate 0 never faults, rate 1 always does, scripts take precedence', () => {
    const none = new FaultPlan({});
    const all = new FaultPlan({ rate: 1, kinds: ['empty'], script: { 3: 'drop' } });
    for (let i = 1; i <= 50; i++) expect(none.faultFor(i)).toBeUndefined();
    expect(all.faultFor(1)).toBe('empty');
    expect(all.faultFor(3)).toBe('drop');
  });

  it('accepts a bare scripted list', () => {
    const p = new FaultPlan([{ request: 2, kind: 'timeout' }]);
    expect(p.faultFor(1)).toBeUndefined();
    expect(p.faultFor(2)).toBe('timeout');
  });
});
