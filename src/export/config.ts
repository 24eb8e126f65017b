/**
 * The pipeline config as it may appear in an export: keys that could hold a credential are dropped,
 * URLs lose their user:password and query, and anything shaped like an API key is masked. (Keys never
 * enter the database; this is the second lock.)
 */
const SECRET_KEY = /(api[-_]?key|secret|passw(or)?d|credential|authori[sz]ation|bearer|access[-_]?token|private[-_]?key)/i;
const KEY_LIKE = /\b(sk|pk|rk)-[A-Za-z0-9_-]{12,}|\bhf_[A-Za-z0-9]{16,}|\bBearer\s+\S+/g;

export function safeConfig(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(safeConfig);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_KEY.test(k)) continue;
      out[k] = safeConfig(v);
    }
    return out;
  }
  if (typeof value === 'string') return safeString(value);
  return value;
}

function safeString(s: string): string {
  let out = s;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(out)) {
    try {
      const url = new URL(out);
      if (url.username || url.password || url.search) {
        url.username = '';
        url.password = '';
        url.search = '';
        out = url.toString();
      }
    } catch {
      /* not a URL after all */
    }
  }
  return out.replace(KEY_LIKE, '[redacted]');
}

/** The system prompt the pipeline gave the teacher, if any (a method's own `params.system_prompt` first). */
export function configSystemPrompt(config: unknown): string | undefined {
  const c = config as { params?: { system_prompt?: unknown }; teacher?: { system_prompt?: unknown } } | null;
  const p = c?.params?.system_prompt ?? c?.teacher?.system_prompt;
  return typeof p === 'string' && p.trim() !== '' ? p : undefined;
}
