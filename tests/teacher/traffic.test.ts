import { describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { createProgress } from '../../src/cli/progress.js';
import { LimitsSchema } from '../../src/config/common.js';
import { Store } from '../../src/store/index.js';
import { createRun } from '../../src/store/runs.js';
import { Journal } from '../../src/teacher/journal.js';
import { timeSplitText, Traffic, trafficText, type TrafficSnapshot } from '../../src/teacher/traffic.js';
import { TeacherError, type Teacher, type TeacherRequest, type TeacherResponse } from '../../src/teacher/types.js';
import { tempDir } from '../support/tmp.js';

describe('traffic: where requests are', () => {
  it('moves an attempt from queued to the server to done, timing both parts', () => {
    let now = 1000;
    const t = new Traffic(() => now);
    const a = t.attempt('generate');
    const b = t.attempt('classify');
    expect(t.snapshot()).toMatchObject({ queued: 2, inFlight: 0, oldest: null, sent: 0 });
    now = 1400;
    a.admitted();
    now = 2000;
    b.admitted();
    now = 5000;
    expect(t.snapshot()).toMatchObject({ queued: 0, inFlight: 2, oldest: { stage: 'generate', ms: 3600 } });
    a.done();
    a.done(); // a second end changes nothing
    expect(t.snapshot()).toMatchObject({ inFlight: 1, oldest: { stage: 'classify', ms: 3000 }, sent: 2, slotWaitMs: 400 + 1000, serverMs: 3600 });
    b.done();
    expect(t.snapshot()).toMatchObject({ inFlight: 0, oldest: null, serverMs: 3600 + 3000 });
  });

  it('an attempt that ends before admission (a stop, the budget) leaves the queue without counting as sent', () => {
    const t = new Traffic(() => 0);
    const a = t.attempt('s');
    a.done();
    a.admitted();
    expect(t.snapshot()).toMatchObject({ queued: 0, inFlight: 0, sent: 0 });
  });

  it('counts requests backing off until their wait is over', () => {
    const t = new Traffic(() => 0);
    const over = t.backoff();
    t.backoff();
    expect(t.snapshot().retrying).toBe(2);
    over();
    over();
    expect(t.snapshot().retrying).toBe(1);
  });

  it('says it in words, and nothing when nothing is out', () => {
    const s: TrafficSnapshot = { queued: 5, inFlight: 3, retrying: 1, oldest: { stage: 'evolve', ms: 121_000 }, sent: 4, slotWaitMs: 2000, serverMs: 48_000 };
    expect(trafficText(s)).toBe('3 in flight (oldest 2m 01s, evolve), 5 queued for a slot, 1 waiting to retry');
    expect(trafficText({ ...s, queued: 0, inFlight: 0, retrying: 0, oldest: null })).toBe('');
    expect(timeSplitText(s)).toMatch(/^4 attempts spent on average 0\.5 s queued for a slot here and 12\.0 s at the server/);
    expect(timeSplitText({ ...s, sent: 0 })).toBe('');
  });
});

/** A teacher whose answers the test releases one at a time, so in-flight counts are exact, not timed. */
class GatedTeacher implements Teacher {
  readonly provider = 'gated';
  readonly model = 'm1';
  readonly simulated = false;
  readonly waiting: { release: () => void; fail: (e: Error) => void }[] = [];
  complete(r: TeacherRequest): Promise<TeacherResponse> {
    return new Promise((resolve, reject) => {
      this.waiting.push({
        release: () => resolve({ text: `answer to ${r.messages?.[0]?.content}`, finishReason: 'stop', usage: { promptTokens: 10, completionTokens: 5, cachedPromptTokens: 0 }, model: 'm1', simulated: false }),
        fail: reject,
      });
    });
  }
}

const tick = () => new Promise((r) => setTimeout(r, 5));
async function until(cond: () => boolean) {
  for (let i = 0; i < 400 && !cond(); i++) await tick();
  expect(cond()).toBe(true);
}

describe('traffic: kept by the journal', () => {
  it('shows requests queued behind the concurrency limit, in flight at the server, and backing off before a retry', async () => {
    const dir = tempDir();
    const store = Store.open(join(dir, 'db.sqlite'));
    const teacher = new GatedTeacher();
    const run = createRun(store.db, { name: 'r', method: 'self-instruct', configJson: '{}', configHash: 'h', configFile: null, seed: 1, provider: teacher.provider, model: teacher.model, simulated: false, target: 1, toolVersion: 't' });
    let wake: () => void = () => {};
    const journal = new Journal({
      store,
      runId: run.id,
      teacher,
      limits: LimitsSchema.parse({ concurrency: 2 }),
      budget: {},
      prices: { m1: { input: 1, output: 2 } },
      sendSeed: true,
      random: () => 0.5,
      // The backoff lasts until the test ends it.
      sleep: () => new Promise<void>((r) => (wake = r)),
    });
    const req = (text: string): TeacherRequest => ({ mode: 'chat', model: 'm1', messages: [{ role: 'user', content: text }], params: { temperature: 1 } });
    const all = journal.callAll(journal.prepare('generate', 1, ['a', 'b', 'c', 'd'].map(req)));
    await until(() => teacher.waiting.length === 2);
    expect(journal.traffic.snapshot()).toMatchObject({ inFlight: 2, queued: 2, retrying: 0, oldest: { stage: 'generate' } });
    // One fails with a retryable error: it backs off, a queued one takes its slot.
    teacher.waiting.shift()!.fail(new TeacherError('HTTP 503: overloaded', 'server', undefined, 503));
    await until(() => journal.traffic.snapshot().retrying === 1);
    await until(() => teacher.waiting.length === 2);
    expect(journal.traffic.snapshot()).toMatchObject({ inFlight: 2, queued: 1, retrying: 1 });
    wake();
    for (let answered = 0; answered < 4; ) {
      await until(() => teacher.waiting.length > 0);
      teacher.waiting.shift()!.release();
      answered++;
    }
    const out = await all;
    expect(out.every((o) => o.ok)).toBe(true);
    expect(journal.traffic.snapshot()).toMatchObject({ inFlight: 0, queued: 0, retrying: 0, sent: 5 });
    store.close();
  });
});

describe('progress heartbeat', () => {
  it('writes a line each interval while calls are out, even when none ends, saying what the run waits for', () => {
    vi.useFakeTimers();
    try {
      const lines: string[] = [];
      const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
      let now = 0;
      const p = createProgress(stream, 5000, () => now);
      p.wave({ wave: 1, accepted: 0, target: 10, stage: 'evolve' });
      const snap: TrafficSnapshot = { queued: 4, inFlight: 8, retrying: 0, oldest: { stage: 'evolve', ms: 0 }, sent: 8, slotWaitMs: 0, serverMs: 0 };
      p.watch(() => ({ ...snap, oldest: { stage: 'evolve', ms: now } }));
      const before = lines.length;
      for (const t of [5000, 10_000, 15_000]) {
        now = t;
        vi.advanceTimersByTime(5000);
      }
      const beats = lines.slice(before);
      expect(beats).toHaveLength(3);
      expect(beats.at(-1)).toMatch(/^\[15s\] wave 1: 0\/10 accepted in run;.*; now: 8 in flight \(oldest 15s, evolve\), 4 queued for a slot\n$/);
      p.stop();
      now = 40_000;
      vi.advanceTimersByTime(20_000);
      expect(lines.length).toBe(before + 4); // the stop's own final line, then no more beats
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('progress heartbeat on a terminal', () => {
  it('redraws the bar each interval with where requests are, and stops redrawing once stopped', () => {
    vi.useFakeTimers();
    try {
      const chunks: string[] = [];
      const stream = {
        isTTY: true,
        columns: 240,
        write: (s: string, cb?: unknown) => {
          chunks.push(String(s));
          if (typeof cb === 'function') (cb as () => void)();
          return true;
        },
        on: () => stream,
        once: () => stream,
        removeListener: () => stream,
      };
      let now = 0;
      const p = createProgress(stream as unknown as NodeJS.WriteStream, 5000, () => now);
      p.wave({ wave: 1, accepted: 0, target: 10, stage: 'evolve' });
      let inFlight = 3;
      p.watch(() => ({ queued: 0, inFlight, retrying: 1, oldest: inFlight ? { stage: 'evolve', ms: now } : null, sent: 3, slotWaitMs: 0, serverMs: 0 }));
      now = 5000;
      vi.advanceTimersByTime(5000);
      expect(chunks.join('')).toMatch(/\| now: 3 in flight \(oldest 5s, evolve\), 1 waiting to retry/);
      inFlight = 0;
      now = 10_000;
      vi.advanceTimersByTime(5000);
      const last = chunks.join('').split('\u001b[1G').at(-1)!;
      expect(last).toMatch(/now: 1 waiting to retry/);
      expect(last).not.toMatch(/in flight/);
      p.stop();
      const after = chunks.length;
      vi.advanceTimersByTime(20_000);
      expect(chunks.length).toBe(after);
    } finally {
      vi.useRealTimers();
    }
  });
});
