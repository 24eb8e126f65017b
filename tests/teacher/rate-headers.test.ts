import { describe, expect, it } from 'vitest';
import { formatResetDuration, parseResetDuration, readRateHeaders } from '../../src/teacher/endpoints/rate-headers.js';

describe('rate-limit headers', () => {
  it('reads the reset durations OpenAI sends', () => {
    expect(parseResetDuration('1s')).toBe(1000);
    expect(parseResetDuration('6m0s')).toBe(360_000);
    expect(parseResetDuration('20ms')).toBe(20);
    expect(parseResetDuration('12ms')).toBe(12);
    expect(parseResetDuration('1h2m3.5s')).toBe(3_723_500);
    expect(parseResetDuration('0.5s')).toBe(500);
    expect(parseResetDuration('2')).toBe(2000);
  });

  it('refuses what is not a duration', () => {
    for (const bad of ['', 'soon', '1x', 's', '5s later', null, undefined]) expect(parseResetDuration(bad)).toBeUndefined();
  });

  it('reads a full header set and ignores missing ones', () => {
    const h = new Headers({
      'x-ratelimit-limit-requests': '5000',
      'x-ratelimit-remaining-requests': '4999',
      'x-ratelimit-remaining-tokens': '159976',
      'x-ratelimit-reset-requests': '12ms',
      'x-ratelimit-reset-tokens': '6m0s',
    });
    expect(readRateHeaders((n) => h.get(n))).toEqual({ remainingRequests: 4999, remainingTokens: 159976, resetRequestsMs: 12, resetTokensMs: 360_000 });
    expect(readRateHeaders(() => null)).toBeNull();
    expect(readRateHeaders((n) => (n === 'x-ratelimit-remaining-requests' ? 'lots' : null))).toBeNull();
  });

  it('formats what it parses', () => {
    for (const ms of [20, 1000, 90_000, 360_000]) expect(parseResetDuration(formatResetDuration(ms))).toBe(ms);
  });
});
