/** Start the audit viewer on a local port over a read-only connection. */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { hostname, networkInterfaces, userInfo } from 'node:os';
import { openForAudit } from '../audit/open.js';
import { warmTagger } from '../audit/verbs.js';
import { createAccess } from './access.js';
import { createApp, type AppOptions } from './app.js';
import { reviewWriter } from './review-writer.js';

export interface ViewerServer {
  /** The server's address (reads need nothing more). */
  url: string;
  /** The address with the access token: its first visit starts a review session. */
  reviewUrl: string;
  /** Who the decisions are recorded as. */
  reviewer: string;
  /** Why this viewer cannot record decisions (a read-only database), when it cannot. */
  readOnly: string | undefined;
  port: number;
  /** Resolves once the start-up work after listening is done (the verb tagger loaded for the first dashboard). */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Whether `host` names this machine's loopback interface (127.0.0.0/8, ::1, localhost). */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** `host:port` as a URL spells it (lower case, IPv6 in brackets, no :80), the form the Host check compares. */
function hostPort(host: string, port: number): string | undefined {
  try {
    return new URL(`http://${host.includes(':') ? `[${host}]` : host}:${port}`).host;
  } catch {
    return undefined;
  }
}

/**
 * Host header values a browser sends for this server, for the DNS-rebinding guard: the bound
 * address (or name) with its port; bound to loopback, also the usual loopback names; bound to
 * every interface (0.0.0.0, ::), this machine's addresses and host name.
 */
export function hostsFor(host: string, port: number): string[] {
  const names = new Set<string>([host]);
  if (isLoopback(host)) for (const h of ['127.0.0.1', 'localhost', '::1']) names.add(h);
  if (host === '0.0.0.0' || host === '::') {
    names.add('localhost').add(hostname());
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) names.add(a.address.replace(/%.*$/, ''));
  }
  return [...names].map((h) => hostPort(h, port)).filter((h): h is string => h !== undefined);
}

/** The OS user name, the default reviewer. */
export function defaultReviewer(): string {
  try {
    const name = userInfo().username.trim();
    if (name) return name;
  } catch {
    // No passwd entry (some containers): fall through.
  }
  return process.env.USER?.trim() || process.env.USERNAME?.trim() || 'reviewer';
}

export async function startViewer(o: {
  dbPath: string;
  host?: string;
  port?: number;
  reviewer?: string;
  app?: Omit<AppOptions, 'allowedHosts' | 'dbPath' | 'review'>;
}): Promise<ViewerServer> {
  const host = o.host ?? '127.0.0.1';
  const db = openForAudit(o.dbPath);
  const access = createAccess();
  const writer = reviewWriter(o.dbPath);
  const reviewer = o.reviewer ?? defaultReviewer();
  let allowed: string[] = [];
  const app = createApp(db, {
    ...o.app,
    review: { access, writer, reviewer },
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
  access.cookieName = `distillery_review_${port}`;
  const shown = host.includes(':') ? `[${host}]` : host;
  // Once listening (the URL is printed meanwhile): a request arriving in this half second waits for it.
  const ready = new Promise<void>((resolve) =>
    setImmediate(() => {
      warmTagger();
      resolve();
    }),
  );
  return {
    url: `http://${shown}:${port}`,
    reviewUrl: `http://${shown}:${port}/?token=${access.token}`,
    reviewer,
    readOnly: writer.unavailable,
    port,
    ready,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          db.close();
          writer.close();
          resolve();
        });
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
