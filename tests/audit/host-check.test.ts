import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { hostsFor, startViewer, type ViewerServer } from '../../src/web/server.js';
import { buildFixture, type Fixture } from './fixture.js';

/** A GET to the viewer with a chosen Host header, over real HTTP. */
function get(server: ViewerServer, bind: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: bind, port: server.port, path: '/', headers: { Host: host } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The viewer's DNS-rebinding guard holds whatever address it is bound to (issue 21). */
describe('viewer Host check', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await buildFixture();
  });
  afterAll(() => fx.cleanup());

  it('bound to 127.0.0.2: its own host:port and the loopback names are served, a foreign Host is refused', async () => {
    const server = await startViewer({ dbPath: fx.dbPath, host: '127.0.0.2', port: 0 });
    try {
      const p = server.port;
      expect(server.url).toBe(`http://127.0.0.2:${p}`);
      for (const ok of [`127.0.0.2:${p}`, `localhost:${p}`, `127.0.0.1:${p}`]) expect(await get(server, '127.0.0.2', ok), ok).toBe(200);
      for (const bad of [`evil.example:${p}`, `evil.example`, `127.0.0.2:${p + 1}`, `10.0.0.1:${p}`]) expect([403, 421], bad).toContain(await get(server, '127.0.0.2', bad));
    } finally {
      await server.close();
    }
  });

  it('bound to a non-loopback address or every interface, only that address (or this machine) is accepted', () => {
    expect(hostsFor('192.0.2.7', 8484)).toEqual(['192.0.2.7:8484']);
    expect(hostsFor('Viewer.Example', 80)).toEqual(['viewer.example']);
    const any = hostsFor('0.0.0.0', 8484);
    expect(any).toContain('127.0.0.1:8484');
    expect(any).not.toContain('evil.example:8484');
  });
});
