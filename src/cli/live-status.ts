/**
 * A run stored as "running" whose lease no live process holds (a SIGKILL, an out-of-memory kill,
 * a power cut) is shown as "interrupted" by `status` and `runs`, with how to go on, instead of
 * "running" until someone resumes it. Reads only.
 */
import type { Db } from '../store/db.js';
import { leaseState } from '../store/lease.js';
import type { RunRow } from '../store/runs.js';
import { CLI_NAME } from './format.js';

export type ShownRun<R extends RunRow> = R & { stored_status?: string };

export function withLiveStatus<R extends RunRow>(db: Db, run: R, dbPath: string): ShownRun<R> {
  if (run.status !== 'running') return run;
  let why: string;
  try {
    const lease = leaseState(db, run.id);
    if (lease.state === 'live') return run;
    why = lease.state === 'stale' ? `pid ${lease.holder.pid} on host ${lease.holder.host}: ${lease.why}` : 'no process holds its lease';
  } catch {
    return run; // a database from before leases: nothing to tell
  }
  return {
    ...run,
    stored_status: run.status,
    status: 'interrupted',
    status_detail: `no live process (${why}); resume with ${CLI_NAME} resume ${run.name} --db ${dbPath}`,
  };
}
