import { expect } from 'vitest';
import type { FakeServer } from '../../src/fake-server/index.js';
import { openDb } from '../../src/store/db.js';
import { spawnCli } from './child.js';
import { datasetOf } from './runs.js';

/**
 * The CLI run `args` killed with SIGKILL after each of `delays` (ms after it says it started), then
 * run to its end: it must end with the reference database's dataset, and every stored answer must
 * be the last the fake server issued for its request (nothing stored was sent again). Returns the
 * kills that landed (a run that ended before its kill is not killed).
 */
export async function killAndResume(o: { args: readonly string[]; env: NodeJS.ProcessEnv; server: FakeServer; run: string; db: string; refDb: string; delays: readonly number[] }): Promise<number> {
  let kills = 0;
  for (const delay of o.delays) {
    const child = spawnCli([...o.args], o.env);
    await child.waitFor(/(new|resuming) run/);
    await new Promise((r) => setTimeout(r, delay));
    if (child.proc.exitCode !== null) break;
    child.proc.kill('SIGKILL');
    if ((await child.exited).signal === 'SIGKILL') kills++;
  }
  const last = spawnCli([...o.args], o.env);
  const { code } = await last.exited;
  expect(code, last.stderr()).toBe(0);
  expect(datasetOf(o.db, o.run)).toEqual(datasetOf(o.refDb, o.run));
  const h = openDb(o.db, { readonly: true });
  const stored = h.prepare(`SELECT response_id FROM calls WHERE status = 'ok' AND reused_from IS NULL`).all() as { response_id: string }[];
  h.close();
  for (const { response_id } of stored) expect(o.server.issuedFor(response_id)!.at(-1)).toBe(response_id);
  return kills;
}
