import { describe, expect, it } from 'vitest';
import { Limiter } from '../../src/teacher/limiter.js';
import { backoffMs } from '../../src/teacher/backoff.js';

describe('limiter', () => {
  it('halves the concurrency window on 429 and grows it back additively', () => {
    const l = new Limiter({ concurrency: 16, requestsPerMinute: 0, tokensPerMinute: 0 });
    expect(l.concurrency).toBe(16);
    l.onRateLimited();
    expect(l.concurrency).toBe(8);
    l.onRateLimited();
    l.onRateLimited();
    expect(l.concurrency).toBe(2);
    let successes = 0;
    while (l.concurrency < 16 && successes < 10_000) {
      l.onSuccess();
      successes++;
    }
    expect(l.concurrency).toBe(16);
    // Additive: about one step per window's worth of successes (2+3+...+15 = 119).
    expect(successes).toBeGreaterThan(100);
    expect(successes).toBeLessThan(140);
  });

  it('never lets more than `concurrency` jobs run at once', async () => {
    const l = new Limiter({ concurrency: 3, requestsPerMinute: 0, tokensPerMinute: 0 });
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        l.run(async () => {
          peak = Math.max(peak, ++active);
          await new Promise((r) => setTimeout(r, 2));
          active--;
        }, 1),
      ),
    );
    expect(peak).toBe(3);
  });

  it('admits at most requests_per_minute in a minute', async () => {
    const l = new Limiter({ concurrency: 10, requestsPerMinute: 4, tokensPerMinute: 0 });
    let started = 0;
    for (let i = 0; i < 10; i++) void l.run(async () => void started++, 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(started).toBe(4);
    l.queue.clear();
  });

  it('holds requests back when the tokens-per-minute bucket is empty', async () => {
    const l = new Limiter({ concurrency: 10, requestsPerMinute: 0, tokensPerMinute: 1000 });
    let started = 0;
    for (let i = 0; i < 5; i++) void l.run(async () => void started++, 400);
    await new Promise((r) => setTimeout(r, 100));
    // 1,000 tokens cover two requests of 400; the third waits for the bucket to refill.
    expect(started).toBe(2);
  });
});

describe('backoff', () => {
  it('grows exponentially with jitter, capped, and never below Retry-After', () => {
    const mid = () => 0.5;
    expect(backoffMs(1, 500, 30_000, mid)).toBe(375);
    expect(backoffMs(3, 500, 30_000, mid)).toBe(1500);
    expect(backoffMs(20, 500, 30_000, mid)).toBe(22_500);
    expect(backoffMs(1, 500, 30_000, () => 0)).toBe(250);
    expect(backoffMs(1, 500, 30_000, () => 0.999)).toBeLessThan(500);
    expect(backoffMs(1, 500, 30_000, mid, 4000)).toBe(4000);
  });
});
