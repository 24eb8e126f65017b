import { describe, expect, it } from 'vitest';
import { EndpointPool } from '../../src/teacher/endpoints/pool.js';
import { Pacer } from '../../src/teacher/endpoints/pacer.js';
import { TeacherError, type Teacher, type TeacherRequest, type TeacherResponse } from '../../src/teacher/types.js';

const req: TeacherRequest = { mode: 'chat', model: 'm', messages: [{ role: 'user', content: 'x' }], params: {} };
const ok = (text: string): TeacherResponse => ({ text, finishReason: 'stop', usage: { promptTokens: 1, completionTokens: 1, cachedPromptTokens: 0 }, model: 'm', simulated: false });

function fakeTeacher(answer: () => Promise<TeacherResponse>): Teacher & { sent: number } {
  const t = { provider: 'openai', model: 'm', simulated: false, endpoint: 'group', keyIdentity: 'openai@group', sent: 0, complete: () => (t.sent++, answer()) };
  return t;
}

describe('endpoint pool', () => {
  it('fails over on a connection error, and opens the dead replica\'s breaker', async () => {
    let now = 0;
    const dead = fakeTeacher(() => Promise.reject(new TeacherError('connection error: ECONNREFUSED', 'connection')));
    const live = fakeTeacher(() => Promise.resolve(ok('fine')));
    const pool = new EndpointPool([{ url: 'http://a/v1', weight: 1, teacher: dead }, { url: 'http://b/v1', weight: 1, teacher: live }], { maxConcurrency: 4, breakerOpenMs: 1000, now: () => now });
    const answers = await Promise.all([1, 2, 3, 4].map(() => pool.complete(req)));
    expect(answers.every((a) => a.answeredBy === 'http://b/v1' && a.text === 'fine')).toBe(true);
    // Once open, the dead replica is skipped instead of tried first.
    const sentBefore = dead.sent;
    await pool.complete(req);
    expect(dead.sent).toBe(sentBefore);
    // After the open time it is probed again.
    now = 2000;
    await pool.complete(req);
    expect(dead.sent).toBe(sentBefore + 1);
    expect(pool.shares().map((s) => s.answered)).toEqual([0, 6]);
    expect(pool.keyIdentity).toBe('openai@group');
  });

  it('does not send a request the server refused (4xx) elsewhere', async () => {
    const a = fakeTeacher(() => Promise.reject(new TeacherError('HTTP 400: bad', 'client', undefined, 400)));
    const b = fakeTeacher(() => Promise.resolve(ok('x')));
    const pool = new EndpointPool([{ url: 'a', weight: 1, teacher: a }, { url: 'b', weight: 1, teacher: b }], { maxConcurrency: 4 });
    await expect(pool.complete(req)).rejects.toMatchObject({ kind: 'client', status: 400 });
    expect(b.sent).toBe(0);
  });

  it('gives the journal the last error when every replica failed', async () => {
    const a = fakeTeacher(() => Promise.reject(new TeacherError('HTTP 503: busy', 'server', undefined, 503)));
    const b = fakeTeacher(() => Promise.reject(new TeacherError('HTTP 503: busy', 'server', undefined, 503)));
    const pool = new EndpointPool([{ url: 'a', weight: 1, teacher: a }, { url: 'b', weight: 1, teacher: b }], { maxConcurrency: 4 });
    await expect(pool.complete(req)).rejects.toThrow(/HTTP 503: busy \(at [ab]\)/);
    expect(a.sent + b.sent).toBe(2);
  });

  it('pacer: waits for the reset once what remains is used up', () => {
    let now = 0;
    const p = new Pacer(() => now);
    p.observe({ remainingRequests: 3, resetRequestsMs: 500 }, 1);
    expect(p.waitMs(10)).toBe(0);
    p.take(10);
    p.take(10);
    expect(p.waitMs(10)).toBe(500);
    now = 499;
    expect(p.waitMs(10)).toBe(1);
    now = 500;
    expect(p.waitMs(10)).toBe(0);
    p.observe({ remainingTokens: 100, resetTokensMs: 6000 }, 0);
    expect(p.waitMs(50)).toBe(0);
    expect(p.waitMs(150)).toBe(6000);
  });
});
