/**
 * Run leases (DESIGN invariant 9: one process at a time works on a run).
 *
 * A process working on a run holds a row of `leases`: its pid, host, start time, a heartbeat it
 * renews every `heartbeatMs`, the expiry it promises (`ttlMs`) and a random token only it knows.
 * A second process on the same run is refused at once, with the holder named, unless the lease is
 * stale: its heartbeat is older than its expiry (a crashed, suspended or vanished process), or its
 * holder is on this host and no longer running (a SIGKILL, a power cut before a reboot). A stale
 * lease is taken over. The holder checks its token at the start of every write transaction (the
 * store's write guard), so once its lease is taken over it writes nothing more for the run, and its
 * heartbeat stops the run at the next beat.
 *
 * Taking a lease belongs in the same IMMEDIATE transaction as creating or resuming the run, so
 * two processes starting one run at once cannot both see it free.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { StoreError, nowIso, type Db } from './db.js';
import type { Store } from './index.js';

/** Default expiry: a lease not renewed for this long may be taken over. */
export const LEASE_TTL_MS = 30_000;
/** Default heartbeat interval. */
export const LEASE_HEARTBEAT_MS = 5_000;

export interface LeaseOptions {
  /** A lease whose heartbeat is older than this may be taken over (default LEASE_TTL_MS, 30 s; env DISTILLERY_LEASE_TTL_MS). */
  ttlMs?: number;
  /** How often the holder renews it (default LEASE_HEARTBEAT_MS, 5 s, and at most a third of ttlMs; env DISTILLERY_LEASE_HEARTBEAT_MS). */
  heartbeatMs?: number;
}

/** Lease options from DISTILLERY_LEASE_TTL_MS and DISTILLERY_LEASE_HEARTBEAT_MS (whole milliseconds). */
export function leaseOptionsFromEnv(env: NodeJS.ProcessEnv): LeaseOptions {
  const read = (name: string, min: number): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    if (!/^\d+$/.test(raw) || Number(raw) < min) throw new StoreError(`${name} must be a whole number of milliseconds, at least ${min} (got "${raw}")`);
    return Number(raw);
  };
  const ttlMs = read('DISTILLERY_LEASE_TTL_MS', 100);
  const heartbeatMs = read('DISTILLERY_LEASE_HEARTBEAT_MS', 10);
  return { ...(ttlMs !== undefined ? { ttlMs } : {}), ...(heartbeatMs !== undefined ? { heartbeatMs } : {}) };
}

/** Who holds (or held) a lease. */
export interface LeaseHolder {
  pid: number;
  host: string;
  hostId: string;
  startedAt: string;
  heartbeatAt: string;
  ttlMs: number;
}

export type LeaseState =
  | { state: 'free' }
  | { state: 'live'; holder: LeaseHolder }
  | { state: 'stale'; holder: LeaseHolder; why: string };

/** Refused: another live process holds the run. The CLI reports it as a user error (exit 2). */
export class LeaseHeldError extends StoreError {
  constructor(
    readonly runName: string,
    readonly holder: LeaseHolder,
    now = Date.now(),
  ) {
    super(
      `run "${runName}" is in use by another process: ${describeHolder(holder, now)}. ` +
        `One process at a time works on a run: wait for it to finish, stop it, or choose another --name ` +
        `(a lease not renewed for ${seconds(holder.ttlMs)} is taken over)`,
    );
  }
}

/** This process lost its lease (another process took the run over): it stopped writing. */
export class LeaseLostError extends StoreError {}

interface LeaseRow {
  token: string;
  pid: number;
  host: string;
  host_id: string;
  started_at: string;
  heartbeat_at: string;
  ttl_ms: number;
}

const holderOf = (r: LeaseRow): LeaseHolder => ({ pid: r.pid, host: r.host, hostId: r.host_id, startedAt: r.started_at, heartbeatAt: r.heartbeat_at, ttlMs: r.ttl_ms });

const seconds = (ms: number) => `${ms < 10_000 ? (ms / 1000).toFixed(1) : Math.round(ms / 1000)} s`;

/** "pid 123 on host box (started ..., last alive 1.2 s ago, at ...)". */
export function describeHolder(h: LeaseHolder, now = Date.now()): string {
  const ago = Math.max(0, now - Date.parse(h.heartbeatAt));
  return `pid ${h.pid} on host ${h.host} (started ${h.startedAt}, last alive ${seconds(ago)} ago, at ${h.heartbeatAt})`;
}

let identity: string | undefined;
/**
 * Where a pid means one process: the hostname, the boot (a pid from before a reboot is gone) and
 * the pid namespace (containers on one host each number their own processes).
 */
export function hostIdentity(): string {
  if (identity !== undefined) return identity;
  const parts = [hostname()];
  try {
    parts.push(readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim());
  } catch {
    /* not Linux */
  }
  try {
    parts.push(readlinkSync('/proc/self/ns/pid'));
  } catch {
    /* not Linux */
  }
  return (identity = parts.join('|'));
}

/** Whether a process of this host is running (a zombie, killed but not yet reaped, is not). */
function running(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** The lease of a run as another process sees it; reads only (status displays may use it). */
export function leaseState(db: Db, runId: number, now = Date.now()): LeaseState {
  const row = db.prepare(`SELECT * FROM leases WHERE run_id = ?`).get(runId) as LeaseRow | undefined;
  if (!row) return { state: 'free' };
  const holder = holderOf(row);
  const silent = now - Date.parse(holder.heartbeatAt);
  if (!(silent <= holder.ttlMs)) return { state: 'stale', holder, why: `silent for ${seconds(silent)}, longer than its expiry of ${seconds(holder.ttlMs)}` };
  if (holder.hostId === hostIdentity() && !running(holder.pid)) return { state: 'stale', holder, why: 'that process is no longer running' };
  return { state: 'live', holder };
}

/**
 * Take the lease of a run for this process, or throw LeaseHeldError naming the live holder.
 * Call it inside a write transaction (Store.transaction) with the run's creation or resumption.
 */
export function takeLease(store: Store, run: { id: number; name: string }, opts: LeaseOptions = {}): RunLease {
  const ttlMs = opts.ttlMs ?? LEASE_TTL_MS;
  const heartbeatMs = Math.max(10, Math.min(opts.heartbeatMs ?? LEASE_HEARTBEAT_MS, Math.floor(ttlMs / 3)));
  const now = Date.now();
  const before = leaseState(store.db, run.id, now);
  if (before.state === 'live') throw new LeaseHeldError(run.name, before.holder, now);
  const token = randomBytes(16).toString('hex');
  const at = new Date(now).toISOString();
  store.db
    .prepare(
      `INSERT INTO leases (run_id, token, pid, host, host_id, started_at, heartbeat_at, ttl_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (run_id) DO UPDATE SET token = excluded.token, pid = excluded.pid, host = excluded.host, host_id = excluded.host_id,
         started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at, ttl_ms = excluded.ttl_ms`,
    )
    .run(run.id, token, process.pid, hostname(), hostIdentity(), at, at, ttlMs);
  return new RunLease(store, run, token, ttlMs, heartbeatMs, before.state === 'stale' ? { holder: before.holder, why: before.why } : undefined);
}

/** A lease this process holds: renewed by a heartbeat until released. */
export class RunLease {
  private timer: NodeJS.Timeout | undefined;
  private lostError: LeaseLostError | null = null;
  private onLost: ((err: LeaseLostError) => void) | undefined;
  private readonly stmts;

  constructor(
    private readonly store: Store,
    readonly run: { id: number; name: string },
    private readonly token: string,
    readonly ttlMs: number,
    readonly heartbeatMs: number,
    /** The stale lease this one replaced, if any. */
    readonly tookOver?: { holder: LeaseHolder; why: string },
  ) {
    this.stmts = {
      renew: store.db.prepare(`UPDATE leases SET heartbeat_at = ? WHERE run_id = ? AND token = ?`),
      current: store.db.prepare(`SELECT * FROM leases WHERE run_id = ?`),
      release: store.db.prepare(`DELETE FROM leases WHERE run_id = ? AND token = ?`),
    };
  }

  /** The error this process stopped with once its lease was taken over, or null while it holds it. */
  get lost(): LeaseLostError | null {
    return this.lostError;
  }

  /**
   * Start the heartbeat (an unref'd timer: it never keeps the process alive) and guard every write
   * transaction of the store; `onLost` is called once if another process takes the run over.
   */
  start(onLost?: (err: LeaseLostError) => void): void {
    this.onLost = onLost;
    this.store.setWriteGuard(() => this.assertHeld());
    this.timer = setInterval(() => this.beat(), this.heartbeatMs);
    this.timer.unref();
  }

  /** Whether this process still holds the lease (reads the row). */
  holds(): boolean {
    if (this.lostError) return false;
    const row = this.stmts.current.get(this.run.id) as LeaseRow | undefined;
    return row?.token === this.token;
  }

  /** Throws LeaseLostError when another process took the lease over. */
  assertHeld(): void {
    if (this.lostError) throw this.lostError;
    const row = this.stmts.current.get(this.run.id) as LeaseRow | undefined;
    if (row?.token !== this.token) throw this.markLost(row);
  }

  private beat(): void {
    if (this.lostError) return;
    try {
      if (this.stmts.renew.run(nowIso(), this.run.id, this.token).changes === 0) this.markLost(this.stmts.current.get(this.run.id) as LeaseRow | undefined);
    } catch {
      // Busy past the timeout, or the database closed under us: the next beat tries again.
    }
  }

  private markLost(row: LeaseRow | undefined): LeaseLostError {
    if (this.lostError) return this.lostError;
    const by = row ? `${describeHolder(holderOf(row))} took it over` : 'its lease row was removed';
    this.lostError = new LeaseLostError(
      `run "${this.run.name}": this process lost its lease (not renewed within ${seconds(this.ttlMs)}, e.g. while suspended) and ${by}; it stopped without writing more`,
    );
    this.stop();
    try {
      this.onLost?.(this.lostError);
    } catch {
      /* the callback only asks the run to stop */
    }
    return this.lostError;
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Stop the heartbeat and give the lease up (only if still ours: a lost lease keeps the write guard
   * refusing). Never throws: a lease left behind goes stale once this process has exited.
   */
  release(): void {
    this.stop();
    if (this.lostError) return;
    try {
      this.stmts.release.run(this.run.id, this.token);
    } catch {
      /* left behind: its holder is gone once this process exits, so the next one takes it over */
    }
    this.store.setWriteGuard(null);
  }
}
