/**
 * A child process for tests/store/concurrent.test.ts: at each start time given (epoch ms), opens
 * one database of the list (creating and migrating it when new) through the store, records a run
 * of its own in a write transaction, and closes it. Prints one JSON line per database; exits 1
 * on the first error, with the message on stderr.
 * It prints "ready" once loaded and waits for a line "go <startAt>" on stdin, so that children
 * loaded at different speeds still meet.
 * Usage: node --import tsx open-child.ts <label> <stepMs> <db>...
 */
import { createInterface } from 'node:readline';
import { Store } from '../../../src/store/index.js';
import { createRun } from '../../../src/store/runs.js';

const [label, stepArg, ...dbs] = process.argv.slice(2);
const step = Number(stepArg);
const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
const go = await new Promise<string>((res) => lines.once('line', res));
lines.close();
const startAt = Number(go.split(' ')[1]);

for (const [i, path] of dbs.entries()) {
  const at = startAt + i * step;
  const late = Date.now() > at;
  if (!late) {
    await new Promise((r) => setTimeout(r, Math.max(0, at - Date.now() - 20)));
    while (Date.now() < at) {
      /* spin to the start time: the processes meet within a millisecond */
    }
  }
  try {
    const store = Store.open(path);
    const version = store.db.pragma('user_version', { simple: true });
    store.transaction(() => {
      const n = (store.db.prepare(`SELECT COUNT(*) AS n FROM runs`).get() as { n: number }).n;
      createRun(store.db, { name: `${label}-${n}-${process.pid}`, method: 'self-instruct', configJson: '{}', configHash: 'h', configFile: null, seed: 1, provider: 'p', model: 'm', simulated: false, target: 1, toolVersion: 't' });
    });
    store.close();
    process.stdout.write(`${JSON.stringify({ path, version, late })}\n`);
  } catch (err) {
    process.stderr.write(`${label} on ${path}: ${(err as Error).message}\n`);
    process.exit(1);
  }
}
