import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { startFakeServer } from '../../src/fake-server/index.js';
import { Serving } from '../../src/fake-server/serving.js';
import { RateWindow } from '../../src/fake-server/rate-window.js';
import { readRateHeaders } from '../../src/teacher/endpoints/rate-headers.js';

describe('fake server: server-like mode', () => {
  it('runs N requests at once and queues the rest in order', async () => {
    const s = new Serving({ slots: 2, ttftMs: 10, tpotMs: 1 });
    expect(s.decodeMs(40)).toBe(50);
    const order: number[] = [];
    const gates: (() => void)[] = [];
    const sleep = () => new Promise<void>((r) => gates.push(r));
    const all = [0, 1, 2, 3].map((i) => s.serve(5, sleep).then(() => order.push(i)));
    await new Promise((r) => setImmediate(r));
    expect([s.running, s.queued, gates.length]).toEqual([2, 2, 2]);
    gates.shift()!();
    await new Promise((r) => setImmediate(r));
    expect([s.running, s.queued, gates.length]).toEqual([2, 1, 2]);
    while (gates.length) {
      gates.shift()!();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(all);
    expect(order).toEqual([0, 1, 2, 3]);
    expect([s.running, s.queued, s.maxQueued]).toEqual([0, 0, 2]);
  });

  it('over HTTP: past the slots, latency grows with the queue as on a saturated server', async () => {
    const server = await startFakeServer({ serving: { slots: 2, ttftMs: 60, tpotMs: 0 } });
    try {
      const client = new OpenAI({ apiKey: 'k', baseURL: server.url, maxRetries: 0 });
      const ask = () => client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'Name a river.' }] });
      const t0 = Date.now();
      await ask();
      const one = Date.now() - t0;
      const t1 = Date.now();
      await Promise.all(Array.from({ length: 6 }, ask));
      const six = Date.now() - t1;
      expect(one).toBeGreaterThanOrEqual(55);
      // Six on two slots: three rounds of ~60 ms.
      expect(six).toBeGreaterThanOrEqual(170);
      expect(server.stats.completed).toBe(7);
    } finally {
      await server.close();
    }
  });

  it('sends x-ratelimit-* headers the client reads, and 429 past the window', async () => {
    const server = await startFakeServer({ rateLimit: { requests: 2, windowMs: 60_000 } });
    try {
      const client = new OpenAI({ apiKey: 'k', baseURL: server.url, maxRetries: 0 });
      const ask = () => client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'Name a lake.' }] }).withResponse();
      const { response } = await ask();
      const state = readRateHeaders((n) => response.headers.get(n));
      expect(state?.remainingRequests).toBe(1);
      expect(state?.resetRequestsMs).toBeGreaterThan(50_000);
      expect(response.headers.get('x-ratelimit-reset-requests')).toMatch(/^\d+(\.\d+)?s$|^\d+m\d+(\.\d+)?s$/);
      await ask();
      await expect(ask()).rejects.toMatchObject({ status: 429 });
      expect(server.stats.rateLimited).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('the window refills after its reset', () => {
    let now = 0;
    const w = new RateWindow({ requests: 1, windowMs: 100 }, () => now);
    expect(w.take()).toBe(true);
    expect(w.take()).toBe(false);
    now = 150;
    expect(w.take()).toBe(true);
    expect(w.headers()['x-ratelimit-reset-requests']).toBe('50ms');
  });

  it('fail-at: the server stops answering at the given time', async () => {
    const server = await startFakeServer({ failAtMs: 50 });
    const client = new OpenAI({ apiKey: 'k', baseURL: server.url, maxRetries: 0 });
    await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    await new Promise((r) => setTimeout(r, 120));
    await expect(client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })).rejects.toThrow(/Connection error/i);
  });
});
