import PQueue from 'p-queue';

export interface LimiterOptions {
  concurrency: number;
  requestsPerMinute: number;
  tokensPerMinute: number;
}

/**
 * Admission control for teacher requests: a p-queue for concurrency and requests per minute,
 * a token bucket for tokens per minute, and additive-increase / multiplicative-decrease of the
 * concurrency window when the server answers 429.
 */
export class Limiter {
  readonly queue: PQueue;
  private window: number;
  private tokens: number;
  private lastRefill = Date.now();

  constructor(private readonly opts: LimiterOptions, private readonly now: () => number = Date.now) {
    const rpm = opts.requestsPerMinute;
    this.queue = new PQueue({
      concurrency: opts.concurrency,
      ...(rpm > 0 ? { intervalCap: rpm, interval: 60_000, carryoverIntervalCount: true } : {}),
    });
    this.window = opts.concurrency;
    this.tokens = opts.tokensPerMinute;
  }

  get concurrency(): number {
    return this.queue.concurrency;
  }

  /**
   * Run `job` when admitted; `estimatedTokens` (a number, or a function computed only when a
   * tokens-per-minute cap is set) is charged to the bucket first. Jobs of a higher `priority`
   * (default 0) are admitted first: the journal passes minus the wave, so with waves in flight
   * ahead of their turn the oldest wave's later stages never queue behind them.
   */
  run<T>(job: () => Promise<T>, estimatedTokens: number | (() => number), priority = 0): Promise<T> {
    if (this.opts.tokensPerMinute <= 0) return this.queue.add(job, { priority }) as Promise<T>;
    return this.queue.add(
      async () => {
        await this.takeTokens(typeof estimatedTokens === 'function' ? estimatedTokens() : estimatedTokens);
        return job();
      },
      { priority },
    ) as Promise<T>;
  }

  /** 429: halve the window. */
  onRateLimited(): void {
    this.window = Math.max(1, this.window / 2);
    this.queue.concurrency = Math.max(1, Math.floor(this.window));
  }

  /** Success: grow the window by about one request per window's worth of successes. */
  onSuccess(): void {
    if (this.window >= this.opts.concurrency) return;
    this.window = Math.min(this.opts.concurrency, this.window + 1 / this.window);
    this.queue.concurrency = Math.max(1, Math.floor(this.window));
  }

  private async takeTokens(n: number): Promise<void> {
    const cap = this.opts.tokensPerMinute;
    if (cap <= 0) return;
    const want = Math.min(n, cap);
    for (;;) {
      const t = this.now();
      this.tokens = Math.min(cap, this.tokens + ((t - this.lastRefill) / 60_000) * cap);
      this.lastRefill = t;
      if (this.tokens >= want) {
        this.tokens -= want;
        return;
      }
      const waitMs = ((want - this.tokens) / cap) * 60_000;
      await new Promise((r) => setTimeout(r, Math.min(waitMs, 5_000)));
    }
  }
}
