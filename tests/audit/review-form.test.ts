import { describe, expect, it } from 'vitest';
import { createAccess, csrfToken, newSessionCookie, sessionOf, writeRefusal } from '../../src/web/access.js';
import { describeFilter, parseSampleFilter } from '../../src/web/filter-params.js';
import { localPath, parseLabels, parseReviewForm } from '../../src/web/review-form.js';
import { contentSecurityPolicy } from '../../src/audit/style.js';

const from = (q: Record<string, string>) => (k: string) => q[k];

describe('review form and filter parsing', () => {
  it('reads the browser filter, dropping values that mean nothing', () => {
    expect(parseSampleFilter(from({ kind: 'instance', status: 'accepted', review: 'none', max_score: '3', q: 'tea', limit: '25' }))).toEqual({ kind: 'instance', status: 'accepted', review: 'none', maxScore: 3, grep: 'tea' });
    expect(parseSampleFilter(from({ review: 'maybe', max_score: '3; DROP TABLE', status: '' }))).toEqual({});
    expect(parseSampleFilter(from({ max_score: '-1.5' }))).toEqual({ maxScore: -1.5 });
    expect(describeFilter({ status: 'accepted', maxScore: 3, review: 'none' })).toBe('status accepted, judge score <= 3, not yet reviewed');
    expect(describeFilter({})).toBe('every sample of the run');
  });

  it('reads a posted review: decision checked, labels split, back kept on this site', () => {
    expect(parseReviewForm({ decision: 'approved', note: ' ok\r\nfine ', labels: 'a, ,b ,', back: '/runs/1/samples?review=none', expect: '12' })).toEqual({
      ok: true,
      form: { decision: 'approved', note: 'ok\nfine', labels: ['a', 'b'], back: '/runs/1/samples?review=none', expect: 12 },
    });
    expect(parseReviewForm({ decision: 'delete' })).toEqual({ ok: false, error: 'decision must be approved, rejected or flagged' });
    expect(parseReviewForm({})).toMatchObject({ ok: false });
    for (const bad of ['//evil.example/', 'https://evil.example/', '/\\evil', 'runs/1', '/a b', '/caf\u00e9', '/x\r\nSet-Cookie:a=b', '']) expect(localPath(bad), bad).toBeUndefined();
    expect(parseLabels('x,y , z')).toEqual(['x', 'y', 'z']);
  });

  it('signs sessions and CSRF tokens with a key of this server only', () => {
    const a = createAccess();
    const b = createAccess();
    const { sessionId, value } = newSessionCookie(a);
    expect(sessionOf(a, value)).toBe(sessionId);
    expect(sessionOf(b, value)).toBeUndefined();
    expect(sessionOf(a, value.slice(0, -1) + (value.endsWith('A') ? 'B' : 'A'))).toBeUndefined();
    expect(sessionOf(a, undefined)).toBeUndefined();
    const ok = { origin: 'http://127.0.0.1:8484', ownOrigin: 'http://127.0.0.1:8484', cookie: value, csrf: csrfToken(a, sessionId) };
    expect(writeRefusal(a, ok)).toBeUndefined();
    expect(writeRefusal(b, ok)).toMatch(/no review session/);
    expect(writeRefusal(a, { ...ok, csrf: csrfToken(a, newSessionCookie(a).sessionId) })).toMatch(/CSRF/);
    expect(writeRefusal(a, { ...ok, origin: 'http://localhost:8484' })).toMatch(/another origin/);
    expect(writeRefusal(a, { ...ok, origin: undefined })).toMatch(/no Origin/);
  });

  it('allows a script only where a page names it, by its full path', () => {
    expect(contentSecurityPolicy()).not.toContain('script-src');
    expect(contentSecurityPolicy({ script: 'http://127.0.0.1:1/assets/review-keys.js' })).toContain("script-src http://127.0.0.1:1/assets/review-keys.js; base-uri 'none'");
    expect(contentSecurityPolicy({ forFile: true, script: 'x' })).not.toContain('script-src');
  });
});
