import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Store } from '../../src/store/index.js';
import { openPlanCopy } from '../../src/store/plan-copy.js';
import { createRun } from '../../src/store/runs.js';
import { LEASE_HEARTBEAT_MS, LEASE_TTL_MS, LeaseHeldError, LeaseLostError, hostIdentity, leaseOptionsFromEnv, leaseState, takeLease } from '../../src/store/lease.js';
import { simulate } from '../../src/teacher/sim/index.js';
import type { CallOptions, Teacher, TeacherRequest } from '../../src/teacher/types.js';
import { executeRun } from '../../src/app/run.js';
import { pipeline, run } from '../support/runs.js';
import { REPO } from '../support/paths.js';
import { tempDir } from '../support/tmp.js';

function query(path: string, sql: string): unknown[] {
  const h = new Database(path, { readonly: true });
  try {
    return h.prepare(sql).all();
  } finally {
    h.close();
  }
}

const newRun = (store: Store, name: string) =>
  createRun(store.db, { name, method: 'self-instruct', configJson: '{}', configHash: 'h', configFile: null, seed: 1, provider: 'p', model: 'm', simulated: false, target: 1, toolVersion: 't' });

/** The sim answering by declared stage, calling `onCall` with the number of each request first. */
function simTeacher(onCall: (n: number) => void = () => {}): Teacher {
  let n = 0;
  return {
    provider: 'sim',
    model: 'distillery-sim-1',
    simulated: true,
    complete: async (r: TeacherRequest, o?: CallOptions) => {
      onCall(++n);
      return simulate(r, o?.stage?.example);
    },
  };
}

describe('run lease (in process)', () => {
  it('has documented defaults, and reads its timings from the environment', () => {
    expect(LEASE_TTL_MS).toBe(30_000);
    expect(LEASE_HEARTBEAT_MS).toBe(5_000);
    expect(leaseOptionsFromEnv({})).toEqual({});
    expect(leaseOptionsFromEnv({ DISTILLERY_LEASE_TTL_MS: '1500', DISTILLERY_LEASE_HEARTBEAT_MS: '100' })).toEqual({ ttlMs: 1500, heartbeatMs: 100 });
    expect(() => leaseOptionsFromEnv({ DISTILLERY_LEASE_TTL_MS: 'soon' })).toThrow(/DISTILLERY_LEASE_TTL_MS must be a whole number of milliseconds/);
  });

  it('one holder at a time: a second take is refused naming the holder; after release the run is free', () => {
    const store = Store.open(join(tempDir(), 'l.db'));
    const r = newRun(store, 'r');
    const lease = store.transaction(() => takeLease(store, r));
    lease.start();
    const second = () => store.transaction(() => takeLease(store, r));
    expect(second).toThrow(LeaseHeldError);
    expect(second).toThrow(new RegExp(`run "r" is in use by another process: pid ${process.pid} on host .* last alive`));
    expect(leaseState(store.db, r.id).state).toBe('live');
    lease.release();
    expect(leaseState(store.db, r.id)).toEqual({ state: 'free' });
    const again = store.transaction(() => takeLease(store, r));
    expect(again.tookOver).toBeUndefined();
    again.release();
    store.close();
  });

  it('the heartbeat keeps a lease alive past its expiry; a lease not renewed goes stale', async () => {
    const store = Store.open(join(tempDir(), 'l.db'));
    const r = newRun(store, 'r');
    const kept = store.transaction(() => takeLease(store, r, { ttlMs: 300, heartbeatMs: 50 }));
    kept.start();
    await new Promise((res) => setTimeout(res, 700));
    expect(leaseState(store.db, r.id).state).toBe('live');
    kept.release();
    // Taken but never started: no heartbeat.
    const silent = store.transaction(() => takeLease(store, r, { ttlMs: 300 }));
    await new Promise((res) => setTimeout(res, 500));
    const seen = leaseState(store.db, r.id);
    expect(seen.state).toBe('stale');
    expect(seen.state === 'stale' && seen.why).toMatch(/silent for 0\.\d s, longer than its expiry of 0\.3 s/);
    const taker = store.transaction(() => takeLease(store, r));
    expect(taker.tookOver?.holder.pid).toBe(process.pid);
    taker.release();
    silent.release(); // no longer its own: removes nothing
    store.close();
  });

  it('a holder whose lease was taken over writes nothing more and is told so', async () => {
    const path = join(tempDir(), 'l.db');
    const store = Store.open(path);
    const r = newRun(store, 'r');
    const lease = store.transaction(() => takeLease(store, r, { ttlMs: 1000, heartbeatMs: 50 }));
    let told: Error | undefined;
    lease.start((e) => (told = e));
    store.transaction(() => store.db.prepare(`UPDATE runs SET status_detail = 'mine' WHERE id = ?`).run(r.id));
    // Another process takes the run over (as after this one was suspended past the expiry).
    const other = new Database(path);
    other.prepare(`UPDATE leases SET token = 'theirs', pid = 1, host = 'elsewhere', heartbeat_at = ? WHERE run_id = ?`).run(new Date().toISOString(), r.id);
    other.close();
    expect(() => store.transaction(() => store.db.prepare(`UPDATE runs SET status_detail = 'late' WHERE id = ?`).run(r.id))).toThrow(LeaseLostError);
    await expect(store.group.write(() => store.db.prepare(`UPDATE runs SET status_detail = 'late' WHERE id = ?`).run(r.id))).rejects.toThrow(/lost its lease .* pid 1 on host elsewhere .* took it over/);
    expect(told).toBeInstanceOf(LeaseLostError);
    lease.release();
    expect(leaseState(store.db, r.id).state).not.toBe('free'); // theirs stays
    expect((store.db.prepare(`SELECT status_detail FROM runs WHERE id = ?`).get(r.id) as { status_detail: string }).status_detail).toBe('mine');
    store.close();
  });

  it('executeRun stops once its lease is taken over: no answer stored after that, the status left to the new holder', async () => {
    const path = join(tempDir(), 'l.db');
    let stolenAt = -1;
    const teacher = simTeacher((n) => {
      if (n !== 12) return;
      const other = new Database(path);
      other.prepare(`UPDATE leases SET token = 'theirs', pid = 1, host = 'elsewhere', heartbeat_at = ?`).run(new Date().toISOString());
      stolenAt = (other.prepare(`SELECT COUNT(*) AS n FROM calls WHERE status = 'ok'`).get() as { n: number }).n;
      other.close();
    });
    const config = pipeline('self-instruct.yaml', { 'teacher.provider': 'sim', target: 60, name: 'stolen', 'limits.concurrency': 4 });
    await expect(run(config, path, {}, { teacher })).rejects.toThrow(LeaseLostError);
    expect(stolenAt).toBeGreaterThanOrEqual(0);
    const h = new Database(path, { readonly: true });
    expect((h.prepare(`SELECT COUNT(*) AS n FROM calls WHERE status = 'ok'`).get() as { n: number }).n).toBe(stolenAt);
    expect(h.prepare(`SELECT status FROM runs WHERE name = 'stolen'`).get()).toEqual({ status: 'running' });
    expect(h.prepare(`SELECT token, pid FROM leases`).all()).toEqual([{ token: 'theirs', pid: 1 }]);
    h.close();
  });

  it('a run takes, renews and releases its lease; plan, on an in-memory copy, needs none while a live process holds the run', async () => {
    const dir = tempDir();
    const path = join(dir, 'l.db');
    const config = pipeline('self-instruct.yaml', { 'teacher.provider': 'sim', target: 20, name: 'planned' });
    let seen: unknown[] = [];
    const teacher = simTeacher((n) => {
      if (n === 3) seen = query(path, `SELECT pid, host, ttl_ms FROM leases`);
    });
    expect((await run(config, path, {}, { teacher })).status).toBe('completed');
    expect(seen).toEqual([{ pid: process.pid, host: expect.any(String), ttl_ms: LEASE_TTL_MS }]);
    expect(query(path, `SELECT COUNT(*) AS n FROM leases`)).toEqual([{ n: 0 }]);

    // A live holder (another process of this host) on the run, as while `distillery run` works on it.
    const holder = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      const h = new Database(path);
      const now = new Date().toISOString();
      h.prepare(`INSERT INTO leases (run_id, token, pid, host, host_id, started_at, heartbeat_at, ttl_ms) SELECT id, 'x', ?, 'here', ?, ?, ?, 60000 FROM runs WHERE name = 'planned'`).run(
        holder.pid!,
        hostIdentity(),
        now,
        now,
      );
      h.close();
      await expect(run({ ...config, target: 30 }, path, {}, { teacher: simTeacher() })).rejects.toThrow(LeaseHeldError);
      const { db: memory, answersElsewhere } = openPlanCopy(path, ['planned']);
      const copy = new Store(memory, answersElsewhere);
      const planned = await executeRun({ config: { ...config, target: 30 }, configFile: null, dbPath: path, root: REPO, env: {}, progress: { wave: () => {} }, teacher: simTeacher(), store: copy });
      expect(planned.status).toBe('completed');
      copy.close();
    } finally {
      holder.kill('SIGKILL');
    }
  });
});
