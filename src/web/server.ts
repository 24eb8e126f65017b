/** Start the audit viewer on a local port over a read-only connection. */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { openForAudit } from '../audit/open.js';
import { createApp, type AppOptions } from './app.js';

export interface ViewerServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Host header values a browser sends for this server, for the DNS-rebinding guard. */
export function hostsFor(host: string, port: number): string[] | undefined {
  if (!LOOPBACK.has(host)) return undefined; // bound to a real interface on purpose: any name may reach it
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
}

export async function startViewer(o: { dbPath: string; host?: string; port?: number; app?: Omit<AppOptions, 'allowedHosts' | 'dbPath'> }): Promise<ViewerServer> {
  const host = o.host ?? '127.0.0.1';
  const db = openForAudit(o.dbPath);
  let allowed: string[] | undefined = [];
  const app = createApp(db, {
    ...o.app,
    dbPath: o.dbPath,
    get allowedHosts() {
      return allowed;
    },
  });
  let server: ServerType;
  const port = await new Promise<number>((resolve, reject) => {
    server = serve({ fetch: app.fetch, hostname: host, port: o.port ?? 8484 }, (info: AddressInfo) => resolve(info.port));
    server.once('error', reject);
  });
  allowed = hostsFor(host, port);
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          db.close();
          resolve();
        });
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
