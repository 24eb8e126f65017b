/**
 * `plan` plays a run on an in-memory database holding what that play can read: every run row and
 * stored answer, and the whole of the runs it continues or reads. Its predictions are the real
 * run's, request for request, as with a copy of the whole file.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { planBySimulation } from '../../src/app/plan-by-simulation.js';
import type { Plan } from '../../src/engine/plan.js';
import { openPlanCopy } from '../../src/store/plan-copy.js';
import { REPO } from '../support/paths.js';
import { pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';

const sim = { provider: 'sim', model: 'distillery-sim-1', endpoint: 'sim', keyIdentity: 'sim', root: REPO };
const total = (p: Plan, k: 'requests' | 'cached') => p.stages.reduce((a, s) => a + s[k], 0);

describe('the plan copy', () => {
  it('holds every run and the planned run whole, and copies in another run\'s answer only when its key is asked for', async () => {
    const db = join(tempDir(), 'c.db');
    await run(pipeline('alpaca.yaml', { 'teacher.provider': 'sim', name: 'other', target: 20 }), db);
    await run(pipeline('alpaca.yaml', { 'teacher.provider': 'sim', name: 'mine', target: 10, 'params.wave_size': 2 }), db);
    const { db: copy, answersElsewhere } = openPlanCopy(db, ['mine']);
    const n = (sql: string) => (copy.prepare(sql).get() as { n: number }).n;
    expect(n(`SELECT COUNT(*) AS n FROM runs`)).toBe(2);
    expect(n(`SELECT COUNT(*) AS n FROM samples s JOIN runs r ON r.id = s.run_id WHERE r.name = 'other'`)).toBe(0);
    expect(n(`SELECT COUNT(*) AS n FROM samples s JOIN runs r ON r.id = s.run_id WHERE r.name = 'mine'`)).toBeGreaterThan(10);
    expect(n(`SELECT COUNT(*) AS n FROM verdicts v JOIN samples s ON s.id = v.sample_id`)).toBe(n(`SELECT COUNT(*) AS n FROM verdicts`));
    expect(n(`SELECT COUNT(*) AS n FROM calls c JOIN runs r ON r.id = c.run_id WHERE r.name = 'other'`)).toBe(0);
    expect(n(`SELECT COUNT(*) AS n FROM calls c JOIN runs r ON r.id = c.run_id WHERE r.name = 'mine'`)).toBeGreaterThan(0);
    // An answer only the other run holds: found in the file, copied in once, then found here.
    const { default: Database } = await import('better-sqlite3');
    const file = new Database(db, { readonly: true });
    const theirs = file.prepare(`SELECT c.key, c.response_text FROM calls c JOIN runs r ON r.id = c.run_id WHERE r.name = 'other' AND c.status = 'ok' AND c.key NOT IN (SELECT key FROM calls c2 JOIN runs r2 ON r2.id = c2.run_id WHERE r2.name = 'mine') LIMIT 1`).get() as { key: string; response_text: string };
    file.close();
    const found = answersElsewhere!(theirs.key)!;
    expect(found.response_text).toBe(theirs.response_text);
    expect(n(`SELECT COUNT(*) AS n FROM calls c JOIN runs r ON r.id = c.run_id WHERE r.name = 'other'`)).toBe(1);
    expect(answersElsewhere!('no such key')).toBeUndefined();
    copy.close();
  });

  it('predicts what a new run sends when another run already answered part of it', async () => {
    const db = join(tempDir(), 'p.db');
    await run(pipeline('alpaca.yaml', { 'teacher.provider': 'sim', name: 'before', target: 20 }), db);
    const cfg = pipeline('alpaca.yaml', { 'teacher.provider': 'sim', name: 'after', target: 40 });
    const plan = await planBySimulation({ config: cfg, dbPath: db, ...sim });
    expect(total(plan, 'cached')).toBeGreaterThan(0);
    const done = await run(cfg, db);
    expect(done.status).toBe('completed');
    expect(total(plan, 'requests') - total(plan, 'cached')).toBe(done.stats.new);
    expect(total(plan, 'cached')).toBe(done.stats.reused + done.stats.cached);
  });

  it('plays an Evol-Instruct run whose inputs are another run\'s accepted samples', async () => {
    const db = join(tempDir(), 'e.db');
    await run(pipeline('alpaca.yaml', { 'teacher.provider': 'sim', name: 'src', target: 12 }), db);
    const cfg = pipeline('evol-instruct.yaml', { 'teacher.provider': 'sim', name: 'evolved', target: 6, 'params.inputs.from_run': 'src', 'params.inputs.path': undefined });
    const plan = await planBySimulation({ config: cfg, dbPath: db, ...sim });
    const done = await run(cfg, db);
    expect(done.status).toBe('completed');
    expect(total(plan, 'requests') - total(plan, 'cached')).toBe(done.stats.new);
  });
});
