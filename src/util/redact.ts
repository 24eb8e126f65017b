/**
 * Secrets out of text a server sent or a user will see (DESIGN invariant 6: API keys never reach
 * the database, logs or exports). Pure: given the secrets in play (the API key, configured header
 * values, a URL's user and password, org and project ids), every occurrence of one is replaced by
 * REDACTED, and so is anything shaped like a credential: `sk-...` keys, `org-...` and `proj_...`
 * ids, `Bearer <token>` / `Basic <token>`, and the `user:password@` of a URL.
 */

export const REDACTED = '[redacted]';

/** Shorter values are not treated as secrets: redacting "a" or "1" would mangle every message. */
const MIN_SECRET_LENGTH = 4;

const PATTERNS: readonly [RegExp, string][] = [
  // user:password@ (or user@) in a URL.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi, `$1${REDACTED}@`],
  // Authorization header values.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=*-]+/g, `$1 ${REDACTED}`],
  // OpenAI-style keys (sk-..., sk-proj-..., sk-svcacct-...), masked or not.
  [/\bsk-[A-Za-z0-9_*-]{16,}/g, REDACTED],
  // Organization and project ids.
  [/\borg-[A-Za-z0-9]{12,}/g, REDACTED],
  [/\bproj_[A-Za-z0-9]{12,}/g, REDACTED],
];

/** The secret values, longest first, with their URL-encoded forms (a URL carries them encoded). */
function variants(secrets: readonly (string | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const s of secrets) {
    if (typeof s !== 'string' || s.length < MIN_SECRET_LENGTH) continue;
    out.add(s);
    const encoded = encodeURIComponent(s);
    if (encoded !== s) out.add(encoded);
    try {
      const decoded = decodeURIComponent(s);
      if (decoded !== s && decoded.length >= MIN_SECRET_LENGTH) out.add(decoded);
    } catch {
      /* not percent-encoded */
    }
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/** Only the given secret values replaced (no patterns): for text whose other content must stay as it is, e.g. a model's answer. */
export function redactValues(text: string, secrets: readonly (string | null | undefined)[]): string {
  let out = text;
  for (const s of variants(secrets)) if (out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}

/** The given secret values and every credential-shaped string replaced by REDACTED. */
export function redact(text: string, secrets: readonly (string | null | undefined)[] = []): string {
  let out = redactValues(text, secrets);
  for (const [re, by] of PATTERNS) out = out.replace(re, by);
  return out;
}

/** The user name and password of a URL (decoded), for the list of secrets in play; [] when it has none or is not a URL. */
export function urlCredentials(url: string | null | undefined): string[] {
  if (!url) return [];
  try {
    const u = new URL(url);
    return [u.username, u.password].filter((s) => s !== '').flatMap((s) => [s, safeDecode(s)]);
  } catch {
    return [];
  }
}

/** Whether a URL carries a user name or password. */
export function hasUrlCredentials(url: string | null | undefined): boolean {
  return urlCredentials(url).length > 0;
}

/** A URL fit to print or store: its `user:password@` replaced by `[redacted]@`; anything else unchanged. */
export function redactUrl(url: string): string {
  if (!hasUrlCredentials(url)) return url;
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, `$1${REDACTED}@`);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
