import type { Db } from './db.js';

/**
 * Group commit: writes queued in one turn of the event loop are committed together in one
 * transaction on the next, and each caller's promise settles once its write is committed.
 * Under hundreds of answers a second this replaces hundreds of commits by a few, while an answer
 * is still stored before anything derived from it is computed (callers await the commit).
 */
export class GroupCommit {
  private queue: { write: () => void; done: (err?: unknown) => void }[] = [];
  private scheduled = false;

  /** `guard` runs first in every batch's transaction (the run lease check): throwing rolls the batch back. */
  constructor(
    private readonly db: Db,
    private readonly guard: () => void = () => {},
  ) {}

  write(write: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ write, done: (err) => (err === undefined ? resolve() : reject(err)) });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commit everything queued now (also used before closing). */
  flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    try {
      // IMMEDIATE: the write lock is taken (waiting up to the busy timeout) before anything is read,
      // so a concurrent process can never make this transaction fail half-way with SQLITE_BUSY.
      this.db
        .transaction(() => {
          this.guard();
          for (const item of batch) item.write();
        })
        .immediate();
    } catch (err) {
      for (const item of batch) item.done(err);
      return;
    }
    for (const item of batch) item.done();
  }
}
