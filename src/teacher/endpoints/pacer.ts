import type { RateState } from './rate-headers.js';

/**
 * Paces one endpoint by the limits it reports (x-ratelimit-*): when the requests (or tokens) it
 * says remain are used up by what was sent since, new requests wait for the window's reset instead
 * of running into a 429.
 */
export class Pacer {
  private requestsLeft = Infinity;
  private tokensLeft = Infinity;
  private requestsResetAt = 0;
  private tokensResetAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** An answer's headers; `inFlight` requests were sent after the server counted (they use up what remains). */
  observe(state: RateState, inFlight: number): void {
    const t = this.now();
    if (state.remainingRequests !== undefined) {
      this.requestsLeft = state.remainingRequests - inFlight;
      this.requestsResetAt = t + (state.resetRequestsMs ?? 1000);
    }
    if (state.remainingTokens !== undefined) {
      this.tokensLeft = state.remainingTokens;
      this.tokensResetAt = t + (state.resetTokensMs ?? 1000);
    }
  }

  /** Milliseconds to wait before sending a request of about `tokens` tokens (0: send now). */
  waitMs(tokens: number): number {
    const t = this.now();
    if (t >= this.requestsResetAt) this.requestsLeft = Infinity;
    if (t >= this.tokensResetAt) this.tokensLeft = Infinity;
    let wait = 0;
    if (this.requestsLeft <= 0) wait = Math.max(wait, this.requestsResetAt - t);
    if (this.tokensLeft < tokens) wait = Math.max(wait, this.tokensResetAt - t);
    return wait;
  }

  /** A request goes out: it uses up one request and its tokens of what remains. */
  take(tokens: number): void {
    this.requestsLeft--;
    this.tokensLeft -= tokens;
  }
}
