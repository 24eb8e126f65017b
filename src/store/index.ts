import { openDb, type Db } from './db.js';
import { CallsRepo, type AnswersElsewhere } from './calls.js';
import { SamplesRepo } from './samples.js';
import { WavesRepo } from './waves.js';
import { GroupCommit } from './group-commit.js';
import { BatchJobsRepo } from './batch-jobs.js';

/** The one door to SQLite: repositories over a single connection. */
export class Store {
  readonly calls: CallsRepo;
  readonly samples: SamplesRepo;
  readonly waves: WavesRepo;
  readonly batches: BatchJobsRepo;
  /** Batched commits for the journal's per-answer writes. */
  readonly group: GroupCommit;

  /** Checked first in every write transaction; see setWriteGuard. */
  private writeGuard: (() => void) | null = null;

  /** `answersElsewhere`: stored answers outside this database (plan's in-memory copy; see store/plan-copy.ts). */
  constructor(
    readonly db: Db,
    answersElsewhere?: AnswersElsewhere,
  ) {
    this.group = new GroupCommit(db, () => this.writeGuard?.());
    this.calls = new CallsRepo(db, answersElsewhere);
    this.samples = new SamplesRepo(db);
    this.waves = new WavesRepo(db);
    this.batches = new BatchJobsRepo(db);
  }

  static open(path: string): Store {
    return new Store(openDb(path));
  }

  /**
   * Run `fn` in one transaction: all of it is stored, or none. The transaction starts IMMEDIATE
   * (it takes the write lock first, waiting up to the busy timeout while another process writes),
   * so a read followed by a write can never fail half-way with "database is locked".
   */
  transaction<T>(fn: () => T): T {
    return this.db
      .transaction(() => {
        this.writeGuard?.();
        return fn();
      })
      .immediate();
  }

  /**
   * A check run first inside every write transaction (`transaction` and the group commits); when it
   * throws, nothing of that transaction is written. The run lease uses it so that a process that
   * lost its lease cannot write another row for the run. `null` removes it.
   */
  setWriteGuard(guard: (() => void) | null): void {
    this.writeGuard = guard;
  }

  close(): void {
    this.group.flush();
    this.db.close();
  }
}

export type { Db };
