/**
 * A lean `fetch` for the `openai` client on node:http(s) with a keep-alive agent: the answer is read
 * whole and handed over as one Response, without undici's request and response web streams. At a
 * thousand requests a second those streams and their allocations are a large share of one core
 * (see bench:capacity). Abort signals and timeouts reach the request as with fetch.
 */
import http from 'node:http';
import https from 'node:https';

const NO_BODY = new Set([101, 103, 204, 205, 304]);

export function leanFetch(opts: { maxSockets?: number } = {}): typeof fetch {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? Infinity }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? Infinity }),
  };
  return ((input: string | URL | Request, init: RequestInit = {}) => {
    // Streams and forms (file uploads, e.g. a batch API's input file) go through the global fetch.
    if (init.body != null && typeof init.body !== 'string' && !(init.body instanceof Uint8Array)) return fetch(input, init);
    return new Promise<Response>((resolve, reject) => {
      const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
      const lib = url.protocol === 'https:' ? https : http;
      const agent = agents[url.protocol as 'http:' | 'https:'];
      if (!agent) return reject(new TypeError(`fetch: unsupported protocol ${url.protocol}`));
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((v, k) => (headers[k] = v));
      const body = init.body;
      if (body != null && typeof body !== 'string' && !(body instanceof Uint8Array)) return reject(new TypeError('fetch: only string and byte bodies are sent'));
      if (body != null && headers['content-length'] === undefined) headers['content-length'] = String(Buffer.byteLength(body as string | Uint8Array));
      const req = lib.request(url, { method: init.method ?? 'GET', headers, agent, ...(init.signal ? { signal: init.signal } : {}) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) {
            if (Array.isArray(v)) for (const x of v) h.append(k, x);
            else if (v !== undefined) h.set(k, v);
          }
          const status = res.statusCode ?? 0;
          resolve(new Response(NO_BODY.has(status) ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: h }));
        });
      });
      req.on('error', reject);
      req.end(body ?? undefined);
    });
  }) as typeof fetch;
}
