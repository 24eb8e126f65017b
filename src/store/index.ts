import { openDb, type Db } from './db.js';
import { CallsRepo } from './calls.js';
import { SamplesRepo } from './samples.js';
import { WavesRepo } from './waves.js';
import { GroupCommit } from './group-commit.js';

/** The one door to SQLite: repositories over a single connection. */
export class Store {
  readonly calls: CallsRepo;
  readonly samples: SamplesRepo;
  readonly waves: WavesRepo;
  /** Batched commits for the journal's per-answer writes. */
  readonly group: GroupCommit;

  constructor(readonly db: Db) {
    this.group = new GroupCommit(db);
    this.calls = new CallsRepo(db);
    this.samples = new SamplesRepo(db);
    this.waves = new WavesRepo(db);
  }

  static open(path: string): Store {
    return new Store(openDb(path));
  }

  /** Run `fn` in one transaction: all of it is stored, or none. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  close(): void {
    this.group.flush();
    this.db.close();
  }
}

export type { Db };
