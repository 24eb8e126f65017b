import { describe, expect, it } from 'vitest';
import { createProgress, etaText } from '../../src/cli/progress.js';

/** A stream that says it is a terminal and keeps what is written to it. */
function fakeTerminal(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = {
    isTTY,
    columns: 200,
    write(s: string | Uint8Array, cb?: unknown) {
      chunks.push(String(s));
      if (typeof cb === 'function') (cb as () => void)();
      return true;
    },
    on() {
      return stream;
    },
    once() {
      return stream;
    },
    removeListener() {
      return stream;
    },
  };
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
}

describe('progress on a terminal', () => {
  it('a message (Ctrl-C) goes on its own line, the bar is drawn again below it, and stop leaves the bar in place for the summary', () => {
    const t = fakeTerminal(true);
    const p = createProgress(t.stream);
    p.wave({ wave: 1, accepted: 0, target: 100, stage: 'generate' });
    p.call({ stage: 'generate', source: 'new', tokens: 120, cost: 0.001 });
    p.log('SIGINT: finishing requests in flight, then stopping');
    p.stop();
    const out = t.text();
    // The bar neither saves nor restores the cursor: a restore would jump back above the message
    // and the summary would be written over the bar.
    expect(out).not.toContain('\u001b7');
    expect(out).not.toContain('\u001b8');
    const afterMessage = out.slice(out.indexOf('SIGINT: finishing'));
    expect(afterMessage).toMatch(/^SIGINT: finishing[^\n]*\n/);
    expect(afterMessage).toMatch(/0\/100 accepted in run/); // drawn again below the message
    expect(out.endsWith('\n')).toBe(true); // the summary starts on a fresh line
  });

  it('says which counts are the whole run and which this session, and shows no ETA before anything is accepted', () => {
    let now = 0;
    const t = fakeTerminal(true);
    const p = createProgress(t.stream, 5000, () => now);
    // A resumed run: 40 accepted in earlier sessions, nothing yet in this one.
    p.wave({ wave: 5, accepted: 40, target: 100, stage: 'generate' });
    p.call({ stage: 'generate', source: 'cached', tokens: 0, cost: 0 });
    now = 10_000;
    p.wave({ wave: 6, accepted: 40, target: 100, stage: 'generate' });
    p.stop();
    const last = t.text().split('\u001b[1G').at(-1)!;
    expect(last).toMatch(/ 40\/100 accepted in run \| wave 6 \| this session: 1 calls \(1 cached\), 0 tok, \$0\.0000\u001b\[0K/);
    expect(t.text()).not.toMatch(/ETA/);
  });

  it('shows an ETA once this session has accepted something', () => {
    let now = 0;
    const t = fakeTerminal(true);
    const p = createProgress(t.stream, 5000, () => now);
    p.wave({ wave: 5, accepted: 40, target: 100, stage: 'generate' });
    now = 10_000;
    p.wave({ wave: 6, accepted: 50, target: 100, stage: 'generate' });
    p.stop();
    // 10 accepted in 10 s this session, 50 to go: 50 s.
    expect(t.text()).toMatch(/50\/100 accepted in run \| wave 6 \| this session: 0 calls \(0 cached\), 0 tok, \$0\.0000 \| ETA 50s/);
  });
});

describe('progress in logs (not a terminal)', () => {
  it('plain lines with the same labels, and an ETA only once there is a rate', () => {
    let now = 0;
    const t = fakeTerminal(false);
    const p = createProgress(t.stream, 0, () => now);
    p.wave({ wave: 1, accepted: 0, target: 30, stage: 'generate' });
    p.call({ stage: 'generate', source: 'new', tokens: 10, cost: 0.5 });
    now = 60_000;
    p.wave({ wave: 2, accepted: 10, target: 30, stage: 'generate' });
    p.log('SIGINT: finishing requests in flight');
    p.stop();
    const lines = t.text().trim().split('\n');
    expect(lines[0]).toBe('[0s] wave 1: 0/30 accepted in run; this session: calls 0 new, 0 cached, 0 failed; 0 tokens; $0.0000');
    expect(lines[1]).toBe('[0s] wave 1: 0/30 accepted in run; this session: calls 1 new, 0 cached, 0 failed; 10 tokens; $0.5000');
    expect(lines[2]).toBe('[60s] wave 2: 10/30 accepted in run; this session: calls 1 new, 0 cached, 0 failed; 10 tokens; $0.5000; ETA 2m 00s');
    expect(lines[3]).toBe('SIGINT: finishing requests in flight');
  });

  it('formats an ETA in seconds, minutes or hours, and nothing without a rate', () => {
    expect(etaText(undefined)).toBe('');
    expect(etaText(Infinity)).toBe('');
    expect(etaText(0.2)).toBe(' | ETA 1s');
    expect(etaText(75)).toBe(' | ETA 1m 15s');
    expect(etaText(2 * 3600 + 5 * 60)).toBe(' | ETA 2h 05m');
  });
});

describe('what the run waits for (Retry-After, backoff)', () => {
  const wait = (o: Partial<import('../../src/teacher/journal.js').WaitEvent> = {}) => ({
    kind: 'wait' as const,
    stage: 'self-instruct/generate',
    waitMs: 60_000,
    attempt: 2,
    maxAttempts: 6,
    error: 'rate_limit: HTTP 429: Rate limit reached',
    retryAfterMs: 120_000,
    cappedAtMs: 60_000,
    ...o,
  });

  it('a line on a terminal and in logs, naming the wait, the attempt, the error and a capped Retry-After', () => {
    for (const tty of [true, false]) {
      const t = fakeTerminal(tty);
      const p = createProgress(t.stream, 5000, () => 0);
      p.wave({ wave: 1, accepted: 0, target: 10, stage: 'generate' });
      p.call(wait());
      p.stop();
      expect(t.text()).toContain(
        'waiting 60.0 s before attempt 2 of 6 (self-instruct/generate): rate_limit: HTTP 429: Rate limit reached; the server asked for 120.0 s (Retry-After), capped at 60 s (limits.max_retry_after_seconds)\n',
      );
    }
  });

  it('short backoffs pass without a line, and many requests waiting at once make one line', () => {
    let now = 0;
    const t = fakeTerminal(false);
    const p = createProgress(t.stream, 5000, () => now);
    p.call(wait({ waitMs: 300, retryAfterMs: undefined, cappedAtMs: undefined }));
    for (let i = 0; i < 8; i++) p.call(wait({ waitMs: 2000, retryAfterMs: 2000, cappedAtMs: undefined }));
    now = 6000;
    p.call(wait({ waitMs: 2000, retryAfterMs: 2000, cappedAtMs: undefined }));
    const lines = t.text().split('\n').filter((l) => l.startsWith('waiting'));
    expect(lines).toEqual([
      'waiting 2.0 s before attempt 2 of 6 (self-instruct/generate): rate_limit: HTTP 429: Rate limit reached; the server asked for 2.0 s (Retry-After)',
      'waiting 2.0 s before attempt 2 of 6 (self-instruct/generate): rate_limit: HTTP 429: Rate limit reached; the server asked for 2.0 s (Retry-After)',
    ]);
  });
});
