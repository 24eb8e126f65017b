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

describe('lean fetch', () => {
  it('sends string bodies itself and hands forms to the global fetch', async () => {
    const { createServer } = await import('node:http');
    const { leanFetch } = await import('../../src/teacher/http-fetch.js');
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.setHeader('x-ratelimit-remaining-requests', '7');
        res.end(JSON.stringify({ method: req.method, type: req.headers['content-type'] ?? null, length: body.length }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/x`;
      const f = leanFetch();
      const a = await f(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
      expect([a.status, a.headers.get('x-ratelimit-remaining-requests')]).toEqual([200, '7']);
      expect(await a.json()).toEqual({ method: 'POST', type: 'application/json', length: 7 });
      const form = new FormData();
      form.append('file', new Blob(['{"x":1}\n']), 'in.jsonl');
      const b = await f(url, { method: 'POST', body: form });
      expect(((await b.json()) as { type: string }).type).toMatch(/^multipart\/form-data/);
      const aborted = new AbortController();
      aborted.abort();
      await expect(f(url, { signal: aborted.signal })).rejects.toThrow(/abort/i);
    } finally {
      server.close();
    }
  });
});
