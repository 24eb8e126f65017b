import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { planBySimulation } from '../../src/app/plan-by-simulation.js';
import { formatPlan, planCost } from '../../src/engine/plan.js';
import { planSelfInstruct } from '../../src/methods/self-instruct/plan.js';
import { Store } from '../../src/store/index.js';
import { getRunByName } from '../../src/store/runs.js';
import { REPO } from '../support/paths.js';
import { pipeline, run, selfInstruct } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';

const sum = (xs: { requests: number; cached: number }[], k: 'requests' | 'cached') => xs.reduce((a, s) => a + s[k], 0);

describe('plan', () => {
  it('predicts exactly what a sim run will send, and what a paused run still has to send', async () => {
    const db = join(tempDir(), 'p.db');
    const cfg = pipeline('alpaca.yaml', { 'teacher.provider': 'sim', name: 'alp', target: 30 });
    const fresh = await planBySimulation({ config: cfg, dbPath: db, provider: 'sim', model: 'distillery-sim-1', endpoint: 'sim', keyIdentity: 'sim', root: REPO });
    expect(fresh.existing).toBe(false);
    expect(sum(fresh.stages, 'cached')).toBe(0);
    const paused = await run({ ...cfg, budget: { max_calls: 2 } }, db);
    expect(paused.status).toBe('paused');
    const rest = await planBySimulation({ config: cfg, dbPath: db, provider: 'sim', model: 'distillery-sim-1', endpoint: 'sim', keyIdentity: 'sim', root: REPO });
    expect(rest.existing).toBe(true);
    const done = await run(cfg, db);
    expect(done.status).toBe('completed');
    // The plan of the remainder is what the resumed run sent, request for request.
    expect(sum(rest.stages, 'requests') - sum(rest.stages, 'cached')).toBe(done.stats.new);
    expect(sum(fresh.stages, 'requests')).toBe(paused.stats.new + done.stats.new);
    // Planning wrote nothing to the real database.
    const s = Store.open(db);
    expect((s.db.prepare(`SELECT COUNT(*) AS n FROM runs`).get() as { n: number }).n).toBe(1);
    s.close();
  });

  it('self-instruct: renders the next wave exactly and finds it in the journal of another run', async () => {
    const db = join(tempDir(), 'q.db');
    const base = { 'teacher.provider': 'openai', target: 24, 'params.wave_size': 4 };
    const a = selfInstruct({ ...base, name: 'first' });
    const store = Store.open(db);
    const before = await planSelfInstruct({ config: a, store, run: undefined, provider: 'openai', model: 'gpt-4o-mini', keyIdentity: 'openai', root: REPO, defaultAcceptRate: 2 });
    store.close();
    expect(before.stages[0]!.cached).toBe(0);
    expect(before.stages[0]!.requests).toBe(Math.ceil(24 / (2 * 4)) * 4);
    expect(planCost(before, a.prices)).toBeGreaterThan(0);
    expect(formatPlan(before, a.prices, false)).toMatch(/estimated cost of what is left to send: at most \$/);
    // A run under another name with the same config: its first wave's answers are in the journal.
    await run(pipeline('self-instruct.yaml', { ...base, 'teacher.provider': 'sim', name: 'warm' }), db);
    const s2 = Store.open(db);
    const simPlan = await planSelfInstruct({ config: selfInstruct({ ...base, 'teacher.provider': 'sim', name: 'second' }), store: s2, run: undefined, provider: 'sim', model: 'distillery-sim-1', keyIdentity: 'sim', root: REPO, defaultAcceptRate: 2 });
    expect(simPlan.stages[0]!.cached).toBe(4);
    // And for the run itself, the plan uses its observed acceptance rate.
    const own = await planSelfInstruct({ config: selfInstruct({ ...base, 'teacher.provider': 'sim', name: 'warm', target: 200 }), store: s2, run: getRunByName(s2.db, 'warm'), provider: 'sim', model: 'distillery-sim-1', keyIdentity: 'sim', root: REPO, defaultAcceptRate: 2 });
    expect(own.assumptions[0]).toMatch(/as observed over this run's \d+ waves/);
    s2.close();
  });

  it('never creates or changes the database it reads', async () => {
    const { spawnCli } = await import('../support/child.js');
    const { existsSync } = await import('node:fs');
    const dir = tempDir();
    const missing = join(dir, 'sub', 'none.db');
    const child = spawnCli(['plan', 'pipelines/evol-instruct.yaml', '--db', missing, '--target', '5']);
    const { code } = await child.exited;
    expect(code, child.stderr()).toBe(0);
    expect(child.stdout()).toMatch(/plan for run "evol-instruct" \(new\)/);
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(join(dir, 'sub'))).toBe(false);
  });
});
