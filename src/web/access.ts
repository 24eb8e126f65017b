/**
 * Who may write through the viewer. `serve` prints a URL with a random access token; its first
 * visit trades the token for a session cookie (HttpOnly, SameSite=Strict), and every write must
 * carry that cookie, the session's CSRF token in its form, and an Origin naming this very server.
 * Sessions are stateless: a random id signed with a key that lives only in this process, so a
 * restart ends them all.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface Access {
  /** The secret in the printed URL. */
  readonly token: string;
  readonly key: Buffer;
  /** Per server (cookies are shared by every port of a host): set once the port is known. */
  cookieName: string;
}

export function createAccess(): Access {
  return { token: randomBytes(24).toString('base64url'), key: randomBytes(32), cookieName: 'distillery_review' };
}

function sign(key: Buffer, what: string): string {
  return createHmac('sha256', key).update(what).digest('base64url');
}

/** Equal strings, compared in constant time. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function newSessionCookie(a: Access): { sessionId: string; value: string } {
  const sessionId = randomBytes(18).toString('base64url');
  return { sessionId, value: `${sessionId}.${sign(a.key, `session:${sessionId}`)}` };
}

/** The session id of a cookie value this server signed, or undefined. */
export function sessionOf(a: Access, cookie: string | undefined): string | undefined {
  if (!cookie) return undefined;
  const m = /^([A-Za-z0-9_-]{24})\.([A-Za-z0-9_-]{43})$/.exec(cookie);
  if (!m) return undefined;
  return sameSecret(m[2]!, sign(a.key, `session:${m[1]}`)) ? m[1] : undefined;
}

/** The CSRF token of a session: put in every review form, checked on every write. */
export function csrfToken(a: Access, sessionId: string): string {
  return sign(a.key, `csrf:${sessionId}`);
}

export function setCookieHeader(a: Access, value: string): string {
  return `${a.cookieName}=${value}; Path=/; HttpOnly; SameSite=Strict`;
}

/**
 * Why a write must be refused, or undefined when it may go ahead: the Origin must be this
 * server's own (`origin`, from the Host already checked), the cookie a session of this server,
 * and the form's CSRF token that session's.
 */
export function writeRefusal(a: Access, o: { origin: string | undefined; ownOrigin: string; cookie: string | undefined; csrf: string | undefined }): string | undefined {
  if (o.origin === undefined) return 'the request has no Origin header (writes come only from the viewer\'s own pages)';
  if (o.origin.toLowerCase() !== o.ownOrigin.toLowerCase()) return `the request comes from another origin (${o.origin.slice(0, 200)})`;
  const session = sessionOf(a, o.cookie);
  if (!session) return 'no review session: open the URL with the access token that `npx distillery serve` printed';
  if (!o.csrf || !sameSecret(o.csrf, csrfToken(a, session))) return 'the form\'s CSRF token is missing or not this session\'s (reload the page and try again)';
  return undefined;
}
