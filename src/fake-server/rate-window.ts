import { formatResetDuration } from '../teacher/endpoints/rate-headers.js';

/**
 * An OpenAI-style requests-per-window limit for the fake server: each answer carries
 * x-ratelimit-limit/remaining/reset-requests, and a request beyond the limit gets a 429.
 */
export interface RateWindowOptions {
  requests: number;
  windowMs: number;
}

export class RateWindow {
  private start: number;
  private used = 0;

  constructor(readonly opts: RateWindowOptions, private readonly now: () => number = Date.now) {
    this.start = now();
  }

  /** Count a request; false when the window is spent (answer 429). */
  take(): boolean {
    this.roll();
    if (this.used >= this.opts.requests) return false;
    this.used++;
    return true;
  }

  headers(): Record<string, string> {
    this.roll();
    const resetMs = Math.max(0, this.start + this.opts.windowMs - this.now());
    return {
      'x-ratelimit-limit-requests': String(this.opts.requests),
      'x-ratelimit-remaining-requests': String(Math.max(0, this.opts.requests - this.used)),
      'x-ratelimit-reset-requests': formatResetDuration(resetMs),
    };
  }

  resetMs(): number {
    return Math.max(0, this.start + this.opts.windowMs - this.now());
  }

  private roll(): void {
    const t = this.now();
    if (t >= this.start + this.opts.windowMs) {
      this.start = t - ((t - this.start) % this.opts.windowMs);
      this.used = 0;
    }
  }
}
