import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { spawnCli, type Child } from '../support/child.js';
import { useFakeServer } from '../support/fake-server.js';
import { tempDir } from '../support/tmp.js';

/**
 * DESIGN invariant 9: one process at a time works on a run, through a lease in the database.
 * Real CLI processes against the fake OpenAI server, which counts what it answered per request content.
 */
describe('run lease', () => {
  // A little latency keeps a run going for a few seconds, long enough for a second process to meet it.
  const LATENCY_MS = 25;
  const fake = useFakeServer({ latencyMs: LATENCY_MS });

  const args = (db: string, name: string, target = 200) => ['run', 'pipelines/self-instruct.yaml', '--teacher', 'openai', '--db', db, '--target', String(target), '--name', name, '--concurrency', '4'];

  /** Every clean answer the server gave was the only one for its request content. */
  function nothingAnsweredTwice(): void {
    const twice = [...fake.server.stats.byContent.values()].filter((c) => c.completed > 1 || c.receivedAfterCompleted > 0);
    expect(twice, 'request contents answered more than once').toEqual([]);
  }

  /** The answers stored in `db` for `run` are each the last the server issued for their request: none was sent again after it was stored. */
  function noStoredAnswerResent(db: string, run: string): number {
    const h = new Database(db, { readonly: true });
    const stored = h.prepare(`SELECT c.response_id FROM calls c JOIN runs r ON r.id = c.run_id WHERE r.name = ? AND c.status = 'ok' AND c.reused_from IS NULL`).all(run) as { response_id: string }[];
    h.close();
    for (const { response_id } of stored) expect(fake.server.issuedFor(response_id)?.at(-1)).toBe(response_id);
    return stored.length;
  }

  function leaseRows(db: string): unknown[] {
    const h = new Database(db, { readonly: true });
    try {
      return h.prepare(`SELECT * FROM leases`).all();
    } finally {
      h.close();
    }
  }

  function runStatus(db: string, name: string): string {
    const h = new Database(db, { readonly: true });
    try {
      return (h.prepare(`SELECT status FROM runs WHERE name = ?`).get(name) as { status: string }).status;
    } finally {
      h.close();
    }
  }

  it('the same run started twice at once: one runs, the other refuses at once naming the holder; nothing is paid twice', async () => {
    const dir = tempDir();
    const db = join(dir, 'twice.db');
    fake.server.reset();
    const env = fake.env();
    // Slow answers while both start, so the one that gets the run is still at it when the other arrives.
    fake.server.setLatency(150);
    const a = spawnCli(args(db, 'twice'), env);
    const b = spawnCli(args(db, 'twice'), env);
    await Promise.race([a.exited, b.exited]);
    fake.server.setLatency(LATENCY_MS);
    const [ea, eb] = await Promise.all([a.exited, b.exited]);
    const byCode = new Map<number | null, Child>([
      [ea.code, a],
      [eb.code, b],
    ]);
    expect([ea.code, eb.code].sort(), `a: ${a.stderr()}\nb: ${b.stderr()}`).toEqual([0, 2]);
    const winner = byCode.get(0)!;
    const loser = byCode.get(2)!;
    expect(winner.stdout()).toContain('completed');
    const message = loser.stderr();
    expect(message).toMatch(/^error: run "twice" is in use by another process: /m);
    expect(message).toContain(`pid ${winner.proc.pid} on host ${hostname()}`);
    expect(message).toMatch(/last alive \d+(\.\d)? s ago/);
    expect(message).not.toMatch(/\n\s+at /); // one message, no stack trace
    nothingAnsweredTwice();
    expect(noStoredAnswerResent(db, 'twice')).toBeGreaterThan(0);
    expect(runStatus(db, 'twice')).toBe('completed');
    expect(leaseRows(db)).toEqual([]); // released at the end
  }, 120_000);

  it('a run started while another process works on it is refused; once that one ends, the run resumes', async () => {
    const dir = tempDir();
    const db = join(dir, 'busy.db');
    fake.server.reset();
    const env = fake.env();
    fake.server.setLatency(150);
    const a = spawnCli(args(db, 'busy'), env);
    await a.waitFor(/new run "busy"/);
    const resume = spawnCli(['resume', 'busy', '--db', db], env);
    const r = await resume.exited;
    fake.server.setLatency(LATENCY_MS);
    expect(r.code, resume.stderr()).toBe(2);
    expect(resume.stderr()).toContain(`run "busy" is in use by another process: pid ${a.proc.pid} on host ${hostname()}`);
    expect(a.proc.exitCode).toBeNull(); // the holder was not disturbed
    expect((await a.exited).code, a.stderr()).toBe(0);
    nothingAnsweredTwice();
    const again = spawnCli(['resume', 'busy', '--db', db], env);
    expect((await again.exited).code, again.stderr()).toBe(0);
    expect(again.stderr()).not.toContain('taking over');
  }, 120_000);

  it('a lease left by a SIGKILLed process is taken over at once (its pid is gone) and the run completes', async () => {
    const dir = tempDir();
    const db = join(dir, 'killed.db');
    fake.server.reset();
    const env = fake.env();
    const a = spawnCli(args(db, 'killed', 150), env);
    await a.waitFor(/new run "killed"/);
    await new Promise((r) => setTimeout(r, 400));
    a.proc.kill('SIGKILL');
    expect((await a.exited).signal).toBe('SIGKILL');
    expect(runStatus(db, 'killed')).toBe('running');
    expect(leaseRows(db)).toHaveLength(1); // left behind

    const b = spawnCli(['resume', 'killed', '--db', db], env);
    const done = await b.exited;
    expect(done.code, b.stderr()).toBe(0);
    expect(b.stderr()).toContain(`taking over run "killed" from pid ${a.proc.pid} on host ${hostname()}`);
    expect(b.stderr()).toContain('that process is no longer running');
    expect(runStatus(db, 'killed')).toBe('completed'); // not left "running"
    expect(leaseRows(db)).toEqual([]);
    noStoredAnswerResent(db, 'killed');
  }, 120_000);

  it('a lease left by a SIGKILLed process whose pid now belongs to another process is refused until it expires, then taken over', async () => {
    const dir = tempDir();
    const db = join(dir, 'reused.db');
    fake.server.reset();
    const ttlMs = 6000;
    const env = fake.env();
    const a = spawnCli(args(db, 'reused', 150), { ...env, DISTILLERY_LEASE_TTL_MS: String(ttlMs), DISTILLERY_LEASE_HEARTBEAT_MS: '200' });
    // Stands for the unrelated process the dead holder's pid was given to: the pid looks alive.
    const other = spawn('sleep', ['120'], { stdio: 'ignore' });
    try {
      await a.waitFor(/new run "reused"/);
      await new Promise((r) => setTimeout(r, 300));
      a.proc.kill('SIGKILL');
      expect((await a.exited).signal).toBe('SIGKILL');
      const killedAt = Date.now();
      const h = new Database(db);
      expect(h.prepare(`UPDATE leases SET pid = ?`).run(other.pid!).changes).toBe(1);
      h.close();

      const early = spawnCli(['resume', 'reused', '--db', db], env);
      expect((await early.exited).code, early.stderr()).toBe(2);
      expect(early.stderr()).toContain(`run "reused" is in use by another process: pid ${other.pid} on host ${hostname()}`);
      expect(early.stderr()).toMatch(/last alive \d+(\.\d)? s ago/);
      expect(early.stderr()).toContain('a lease not renewed for 6.0 s is taken over');
      expect(Date.now() - killedAt).toBeLessThan(ttlMs); // refused before the expiry, without waiting for it
      expect(runStatus(db, 'reused')).toBe('running');

      await new Promise((r) => setTimeout(r, Math.max(0, killedAt + ttlMs + 300 - Date.now())));
      const late = spawnCli(['resume', 'reused', '--db', db], env);
      const done = await late.exited;
      expect(done.code, late.stderr()).toBe(0);
      expect(late.stderr()).toMatch(new RegExp(`taking over run "reused" from pid ${other.pid} on host .*: silent for \\d+(\\.\\d)? s, longer than its expiry of 6\\.0 s`));
      expect(runStatus(db, 'reused')).toBe('completed'); // not left "running" for good
      expect(leaseRows(db)).toEqual([]);
      noStoredAnswerResent(db, 'reused');
    } finally {
      other.kill('SIGKILL');
    }
  }, 120_000);

  it('--wait-for-lease: the second process waits for the first to finish, then finds the run done; a short wait still refuses', async () => {
    const dir = tempDir();
    const db = join(dir, 'wait.db');
    fake.server.reset();
    const env = fake.env();
    fake.server.setLatency(150);
    const a = spawnCli(args(db, 'waited', 60), env);
    await a.waitFor(/new run "waited"/);
    const impatient = spawnCli([...args(db, 'waited', 60), '--wait-for-lease', '1'], env);
    const patient = spawnCli([...args(db, 'waited', 60), '--wait-for-lease', '120'], env);
    await patient.waitFor(/is in use by pid \d+ .*waiting up to \d+ s for it \(--wait-for-lease\)/);
    const quick = await impatient.exited;
    expect(quick.code, impatient.stderr()).toBe(2);
    expect(impatient.stderr()).toMatch(/^error: run "waited" is in use by another process: /m);
    fake.server.setLatency(LATENCY_MS);
    const [ea, ep] = await Promise.all([a.exited, patient.exited]);
    expect(ea.code, a.stderr()).toBe(0);
    expect(ep.code, patient.stderr()).toBe(0);
    expect(patient.stderr()).toMatch(/resuming run "waited"/);
    expect(patient.stdout()).toContain('completed');
    nothingAnsweredTwice();
    expect(leaseRows(db)).toEqual([]);
  }, 120_000);
});
