import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface JitterProxy {
  url: string;
  close(): Promise<void>;
}

/**
 * An HTTP proxy in front of a server that holds each request a random time (0..maxMs) before
 * passing it on, so answers come back in an order unlike the order they were sent in. The random
 * source is Math.random on purpose: a dataset must not depend on it.
 */
export async function startJitterProxy(target: string, maxMs: number): Promise<JitterProxy> {
  const to = new URL(target);
  const server: Server = createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (d: Buffer) => body.push(d));
    req.on('end', () => {
      setTimeout(() => {
        const fwd = request(
          { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
          (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          },
        );
        fwd.on('error', () => res.destroy());
        fwd.end(Buffer.concat(body));
      }, Math.random() * maxMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${to.pathname}`,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
