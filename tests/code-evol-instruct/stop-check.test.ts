import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planBySimulation } from '../../src/app/plan-by-simulation.js';
import { executeRun } from '../../src/app/run.js';
import { openDb } from '../../src/store/db.js';
import { spawnCli } from '../support/child.js';
import { REPO } from '../support/paths.js';
import { datasetOf, pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';

/**
 * Code Evol-Instruct's stop rule (WizardCoder stopped evolving when dev pass@1 dropped) as
 * `params.stop_check`: a scorer written here reads DISTILLERY_ROUND, appends the round to a
 * counter file, checks the samples file it is given, and prints the score of its table.
 */
const SEEDS = readFileSync(join(REPO, 'seeds/code-evol-instruct/tasks.jsonl'), 'utf8').trim().split('\n').length;

interface Scorer {
  command: string;
  counter: string;
  /** The rounds the scorer was run for, in order. */
  calls(): number[];
  /** Resolves once the slow round's check is waiting. */
  waitSlow(): Promise<void>;
  /** Kill the waiting check by its pid, and let later checks of that round go through. */
  endSlow(): void;
}

/**
 * A node script printing `table[round]` last, after a line of noise as evaluation scripts print.
 * `slowRound`: that round's check first writes its pid and waits while a marker file exists.
 */
function scorer(dir: string, table: Record<number, number>, slowRound?: number): Scorer {
  mkdirSync(dir, { recursive: true });
  const counter = join(dir, 'checks.txt');
  const script = join(dir, 'score.cjs');
  const marker = join(dir, 'slow');
  const pidFile = join(dir, 'slow.pid');
  if (slowRound !== undefined) writeFileSync(marker, '');
  writeFileSync(
    script,
    [
      `const fs = require('node:fs');`,
      `const round = Number(process.env.DISTILLERY_ROUND);`,
      `if (round === ${slowRound ?? -1}) {`,
      `  fs.writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));`,
      `  while (fs.existsSync(${JSON.stringify(marker)})) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);`,
      `}`,
      `const rows = fs.readFileSync(process.env.DISTILLERY_SAMPLES, 'utf8').trim().split('\\n').map((l) => JSON.parse(l));`,
      `fs.appendFileSync(${JSON.stringify(counter)}, round + ' ' + rows.length + '\\n');`,
      `const table = ${JSON.stringify(table)};`,
      `console.log('evaluating ' + rows.length + ' samples on 164 problems (pass@1)');`,
      `console.log('pass@1: ' + table[round]);`,
    ].join('\n'),
  );
  return {
    command: `node ${JSON.stringify(script)}`,
    counter,
    calls: () => (existsSync(counter) ? readFileSync(counter, 'utf8').trim().split('\n').filter((l) => l !== '').map((l) => Number(l.split(' ')[0])) : []),
    async waitSlow() {
      for (let i = 0; i < 600 && !existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 50));
      if (!existsSync(pidFile)) throw new Error('the slow check never started');
    },
    endSlow() {
      const pid = Number(readFileSync(pidFile, 'utf8'));
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
      rmSync(marker, { force: true });
      rmSync(pidFile, { force: true });
    },
  };
}

function config(name: string, rounds: number, stopCheck?: Record<string, unknown>) {
  return pipeline('code-evol-instruct.yaml', {
    'teacher.provider': 'sim',
    name,
    target: 100000,
    'params.rounds': rounds,
    'limits.concurrency': 4,
    ...(stopCheck ? { 'params.stop_check': stopCheck } : {}),
  });
}

interface Row {
  id: number;
  round: number;
  status: string;
  reason: string | null;
  instruction: string;
  stop: string | null;
}

function evolved(dbPath: string, name: string): Row[] {
  const db = openDb(dbPath, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT s.id, s.round, s.status, s.reason, s.instruction,
           (SELECT v.detail_json FROM verdicts v WHERE v.sample_id = s.id AND v.filter = 'stop-check') AS stop
         FROM samples s JOIN runs r ON r.id = s.run_id WHERE r.name = ? AND s.kind = 'evolved' ORDER BY s.id`,
      )
      .all(name) as Row[];
  } finally {
    db.close();
  }
}

/** A process is gone once it is no longer there or only a zombie waiting to be reaped (checked for up to 3 s). */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 60; i++) {
    let state: string | undefined;
    try {
      state = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '')[0];
    } catch {
      return true;
    }
    if (state === 'Z') return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

const byRound = (rows: Row[], round: number) => rows.filter((r) => r.round === round);
const accepted = (rows: Row[]) => rows.filter((r) => r.status === 'accepted');

async function runWithNotes(cfg: ReturnType<typeof config>, dbPath: string) {
  const notes: string[] = [];
  const result = await executeRun({ config: cfg, configFile: null, dbPath, root: REPO, env: {}, progress: { wave: () => {}, note: (l) => notes.push(l) }, retryBaseMs: 1 });
  return { result, notes };
}

describe('code-evol-instruct stop check', () => {
  it('stops after the first round that does not improve, and rejects that round: the dataset ends at the best round', async () => {
    const dir = tempDir();
    const db = join(dir, 'r.db');
    const s = scorer(dir, { 1: 0.3, 2: 0.5, 3: 0.4, 4: 0.6 });
    const { result, notes } = await runWithNotes(config('c', 4, { command: s.command }), db);
    expect(result.status, result.detail).toBe('completed');
    expect(s.calls()).toEqual([1, 2, 3]); // round 4 never ran
    expect(notes).toEqual(['round 1 check: 0.3 (best so far): continuing', 'round 2 check: 0.5 (best so far): continuing', 'round 3 check: 0.4 (best 0.5 at round 2): stopping']);
    expect(result.detail).toContain('stopped by the stop check after round 3: 0.4 (best 0.5 at round 2)');
    expect(result.detail).toContain('scores: round 1: 0.3, round 2: 0.5, round 3: 0.4');

    const rows = evolved(db, 'c');
    expect(byRound(rows, 4)).toEqual([]);
    for (const round of [1, 2]) {
      expect(accepted(byRound(rows, round)).length).toBeGreaterThan(0);
      expect(byRound(rows, round).every((r) => r.reason !== 'stop-check' && r.stop === null)).toBe(true);
    }
    const third = byRound(rows, 3);
    expect(accepted(third)).toEqual([]);
    const dropped = third.filter((r) => r.reason === 'stop-check');
    expect(dropped.length).toBeGreaterThan(0);
    for (const r of dropped) expect(JSON.parse(r.stop!)).toEqual({ round: 3, score: 0.4, best_round: 2, best_score: 0.5 });

    // The same evolutions as a run without the check: the rejected ones are what round 3 accepted there.
    const plainDb = join(dir, 'plain.db');
    expect((await run(config('c', 3), plainDb)).status).toBe('completed');
    const plain = evolved(plainDb, 'c');
    expect(rows.map((r) => r.instruction)).toEqual(plain.map((r) => r.instruction));
    expect(dropped.map((r) => r.instruction)).toEqual(accepted(byRound(plain, 3)).map((r) => r.instruction));

    // The file each check read: the inputs (round 0) and the accepted evolutions of rounds 1..r.
    const file = join(dir, 'stop-check', 'c', 'round-2.jsonl');
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { instruction: string; output: string; round: number });
    expect(lines.filter((l) => l.round === 0)).toHaveLength(SEEDS);
    expect(lines.filter((l) => l.round > 0).map((l) => l.instruction)).toEqual([...accepted(byRound(rows, 1)), ...accepted(byRound(rows, 2))].map((r) => r.instruction));
    expect(Object.keys(lines[0]!).sort()).toEqual(['input', 'instruction', 'output', 'round']);
    expect(readFileSync(s.counter, 'utf8').trim().split('\n')[1]).toBe(`2 ${lines.length}`);

    // Every round's score is in its wave's state.
    const h = openDb(db, { readonly: true });
    const states = h.prepare(`SELECT w.wave, json_extract(w.state_json, '$.stop_check.scores') AS scores FROM waves w JOIN runs r ON r.id = w.run_id WHERE r.name = 'c' AND w.wave > 0 ORDER BY w.wave`).all() as { wave: number; scores: string }[];
    h.close();
    expect(states.map((x) => JSON.parse(x.scores).at(-1))).toEqual([{ round: 1, score: 0.3 }, { round: 2, score: 0.5 }, { round: 3, score: 0.4 }]);
  }, 60_000);

  it('with patience 2 goes one round further and rejects both rounds after the best', async () => {
    const dir = tempDir();
    const db = join(dir, 'p.db');
    const s = scorer(dir, { 1: 0.3, 2: 0.5, 3: 0.4, 4: 0.45, 5: 0.9 });
    const { result, notes } = await runWithNotes(config('p', 5, { command: s.command, patience: 2 }), db);
    expect(result.status, result.detail).toBe('completed');
    expect(s.calls()).toEqual([1, 2, 3, 4]);
    expect(notes[2]).toBe('round 3 check: 0.4 (best 0.5 at round 2): continuing (1 of 2 rounds without improvement)');
    expect(notes[3]).toBe('round 4 check: 0.45 (best 0.5 at round 2): stopping');
    expect(result.detail).toContain("rounds 3, 4's evolutions were rejected (stop-check)");
    const rows = evolved(db, 'p');
    expect(byRound(rows, 5)).toEqual([]);
    expect(accepted(byRound(rows, 2)).length).toBeGreaterThan(0);
    for (const round of [3, 4]) {
      expect(accepted(byRound(rows, round))).toEqual([]);
      const dropped = byRound(rows, round).filter((r) => r.reason === 'stop-check');
      expect(dropped.length).toBeGreaterThan(0);
      const score = round === 3 ? 0.4 : 0.45;
      for (const r of dropped) expect(JSON.parse(r.stop!)).toEqual({ round, score, best_round: 2, best_score: 0.5 });
    }
  }, 60_000);

  it('with direction lower keeps the round of the lowest score', async () => {
    const dir = tempDir();
    const db = join(dir, 'l.db');
    // A loss: it falls for three rounds, then rises; read as "higher" it would stop after round 2.
    const s = scorer(dir, { 1: 2.5, 2: 1.9, 3: 1.2, 4: 1.4, 5: 0.1 });
    const { result, notes } = await runWithNotes(config('l', 5, { command: s.command, direction: 'lower' }), db);
    expect(result.status, result.detail).toBe('completed');
    expect(s.calls()).toEqual([1, 2, 3, 4]);
    expect(notes.at(-1)).toBe('round 4 check: 1.4 (best 1.2 at round 3): stopping');
    const rows = evolved(db, 'l');
    expect(accepted(byRound(rows, 3)).length).toBeGreaterThan(0);
    expect(accepted(byRound(rows, 4))).toEqual([]);
    expect(byRound(rows, 4).some((r) => r.reason === 'stop-check')).toBe(true);
  }, 60_000);

  it('runs to the last round when the score keeps improving, and says the scores', async () => {
    const dir = tempDir();
    const db = join(dir, 'u.db');
    const s = scorer(dir, { 1: 0.1, 2: 0.2 });
    const { result } = await runWithNotes(config('u', 2, { command: s.command }), db);
    expect(result.status, result.detail).toBe('completed');
    expect(result.detail).toContain('all 2 rounds are done');
    expect(result.detail).toContain('stop check scores: round 1: 0.1, round 2: 0.2 (best: round 2)');
    expect(evolved(db, 'u').some((r) => r.reason === 'stop-check')).toBe(false);
  }, 60_000);

  it('fails the run with one message when the check exits non-zero, storing nothing of the round; resume checks it again without resending', async () => {
    const dir = tempDir();
    const db = join(dir, 'f.db');
    const failing = `node -e "console.error('loading the model'); console.error('CUDA error: out of memory'); process.exit(3)"`;
    const r1 = await run(config('f', 2, { command: failing }), db);
    expect(r1.status).toBe('failed');
    expect(r1.detail).toContain('params.stop_check: the check of round 1');
    expect(r1.detail).toContain(JSON.stringify(failing));
    expect(r1.detail).toContain('exited with code 3');
    expect(r1.detail).toContain('its stderr ended with: loading the model | CUDA error: out of memory');
    expect(evolved(db, 'f')).toEqual([]);
    const h = openDb(db, { readonly: true });
    expect(h.prepare(`SELECT MAX(wave) AS w FROM waves`).get()).toEqual({ w: 0 });
    h.close();

    // Fixed: the round is rebuilt from the journal (nothing sent again) and checked.
    const s = scorer(dir, { 1: 0.3, 2: 0.2 });
    const r2 = await run(config('f', 2, { command: s.command }), db);
    expect(r2.status, r2.detail).toBe('completed');
    expect(s.calls()).toEqual([1, 2]);
    expect(r2.stats.cached + r2.stats.reused).toBeGreaterThan(0);
    const fresh = join(dir, 'fresh.db');
    await run(config('f', 2, { command: scorer(join(dir, 'fresh'), { 1: 0.3, 2: 0.2 }).command }), fresh);
    expect(datasetOf(db, 'f')).toEqual(datasetOf(fresh, 'f'));
  }, 60_000);

  it('fails the run when the check prints no number, or runs past its timeout', async () => {
    const dir = tempDir();
    const none = await run(config('n', 2, { command: `echo "evaluation finished"; echo "see results.json" >&2` }), join(dir, 'n.db'));
    expect(none.status).toBe('failed');
    expect(none.detail).toContain('the check of round 1');
    expect(none.detail).toContain('exited with code 0 but printed no number on stdout');
    expect(none.detail).toContain('stdout ended with: evaluation finished');
    expect(none.detail).toContain('its stderr ended with: see results.json');
    expect(evolved(join(dir, 'n.db'), 'n')).toEqual([]);

    const started = Date.now();
    const slow = await run(config('t', 2, { command: `echo "starting" >&2; sleep 20; echo 0.9`, timeout_seconds: 0.5 }), join(dir, 't.db'));
    expect(slow.status).toBe('failed');
    expect(slow.detail).toContain('the check of round 1');
    expect(slow.detail).toContain('timed out after 0.5 s and was ended; its stderr ended with: starting');
    expect(Date.now() - started).toBeLessThan(15_000); // the sleep was killed with its shell
  }, 60_000);

  it('a resumed run never runs the check again for a stored round and reaches the same decision', async () => {
    const dir = tempDir();
    const db = join(dir, 'res.db');
    const table = { 1: 0.3, 2: 0.5, 3: 0.4, 4: 0.6 };
    const s = scorer(dir, table);
    // Stopped after round 2 by the rounds limit, then resumed with more rounds.
    const first = await run(config('r', 2, { command: s.command }), db);
    expect(first.status, first.detail).toBe('completed');
    expect(s.calls()).toEqual([1, 2]);
    const second = await run(config('r', 4, { command: s.command }), db);
    expect(second.status, second.detail).toBe('completed');
    expect(s.calls()).toEqual([1, 2, 3]);
    expect(second.detail).toContain('stopped by the stop check after round 3');
    // Once more: the stored decision stands, no check and no call.
    const third = await run(config('r', 4, { command: s.command }), db);
    expect(third.detail).toBe(second.detail);
    expect(third.stats.new).toBe(0);
    expect(s.calls()).toEqual([1, 2, 3]);

    const whole = join(dir, 'whole.db');
    const other = scorer(join(dir, 'w'), table);
    await run(config('r', 4, { command: other.command }), whole);
    expect(datasetOf(db, 'r')).toEqual(datasetOf(whole, 'r'));
  }, 60_000);

  it('plan does not run the check: it plays every round and says so', async () => {
    const dir = tempDir();
    const s = scorer(dir, { 1: 0.3, 2: 0.1 });
    const plan = await planBySimulation({ config: config('pl', 2, { command: s.command }), dbPath: join(dir, 'plan.db'), provider: 'sim', model: 'distillery-sim-1', endpoint: 'sim', keyIdentity: 'sim', root: REPO });
    expect(s.calls()).toEqual([]);
    expect(plan.assumptions.join(' ')).toContain('params.stop_check was not run (a plan plays every round)');
    expect(plan.stages.find((x) => x.stage === 'evolve')!.requests).toBe(2 * SEEDS);
  }, 60_000);

  it('from the CLI: --set params.stop_check.command, the scores on stderr and in the outcome', async () => {
    const dir = tempDir();
    const s = scorer(dir, { 1: 0.3, 2: 0.5, 3: 0.4, 4: 0.6 });
    const cli = spawnCli(['run', 'pipelines/code-evol-instruct.yaml', '--teacher', 'sim', '--db', join(dir, 'cli.db'), '--name', 'k', '--target', '100000', '--set', 'params.rounds=4', '--set', `params.stop_check.command=${s.command}`]);
    const { code } = await cli.exited;
    expect(code, cli.stderr()).toBe(0);
    expect(cli.stderr()).toContain('round 2 check: 0.5 (best so far): continuing');
    expect(cli.stderr()).toContain('round 3 check: 0.4 (best 0.5 at round 2): stopping');
    expect(cli.stdout()).toContain('stopped by the stop check after round 3');
    expect(s.calls()).toEqual([1, 2, 3]);
    // The export (seed + every accepted evolution) is the best round's file: the dataset ends at round 2.
    const out = join(dir, 'k.jsonl');
    const exp = spawnCli(['export', 'k', '--db', join(dir, 'cli.db'), '--format', 'jsonl', '--kind', 'evolved,source', '--out', out]);
    expect((await exp.exited).code, exp.stderr()).toBe(0);
    const rows = (f: string) => readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { instruction: string; input: string; output: string });
    const best = rows(join(dir, 'stop-check', 'k', 'round-2.jsonl'));
    expect(rows(out).map((r) => [r.instruction, r.input, r.output])).toEqual(best.map((r) => [r.instruction, r.input, r.output]));
  }, 60_000);

  it('Ctrl-C during a check ends it: the run is interrupted, the round not stored, and resume checks it', async () => {
    const dir = tempDir();
    const db = join(dir, 'int.db');
    const s = scorer(dir, { 1: 0.3, 2: 0.5, 3: 0.4, 4: 0.6 }, 2);
    const args = ['run', 'pipelines/code-evol-instruct.yaml', '--teacher', 'sim', '--db', db, '--name', 'i', '--target', '100000', '--set', 'params.rounds=4', '--set', `params.stop_check.command=${s.command}`];
    const child = spawnCli(args);
    await s.waitSlow();
    const pid = Number(readFileSync(join(dir, 'slow.pid'), 'utf8'));
    child.proc.kill('SIGINT');
    const { code } = await child.exited;
    expect(code, child.stderr()).toBe(130);
    expect(child.stdout()).toContain('interrupted');
    expect(await gone(pid)).toBe(true); // the check was ended with the run
    const h = openDb(db, { readonly: true });
    expect(h.prepare(`SELECT MAX(wave) AS w FROM waves`).get()).toEqual({ w: 1 });
    h.close();
    s.endSlow();
    const again = spawnCli(args);
    expect((await again.exited).code, again.stderr()).toBe(0);
    expect(s.calls()).toEqual([1, 2, 3]);
  }, 90_000);

  it('after a SIGKILL during a check, resume checks that round again but no stored round', async () => {
    const dir = tempDir();
    const db = join(dir, 'kill.db');
    const s = scorer(dir, { 1: 0.3, 2: 0.5, 3: 0.4, 4: 0.6 }, 2);
    const args = ['run', 'pipelines/code-evol-instruct.yaml', '--teacher', 'sim', '--db', db, '--name', 'k', '--target', '100000', '--set', 'params.rounds=4', '--set', `params.stop_check.command=${s.command}`];
    const child = spawnCli(args);
    await child.waitFor(/round 1 check: 0\.3/);
    await s.waitSlow(); // round 2's check is running (it waits on its marker file)
    child.proc.kill('SIGKILL');
    await child.exited;
    s.endSlow(); // the orphaned check (its own process group) is ended by its pid
    const h = openDb(db, { readonly: true });
    expect(h.prepare(`SELECT MAX(wave) AS w FROM waves`).get()).toEqual({ w: 1 }); // round 1 stored, round 2 not
    h.close();
    expect(s.calls()).toEqual([1]);
    const again = spawnCli(args);
    const { code } = await again.exited;
    expect(code, again.stderr()).toBe(0);
    expect(s.calls()).toEqual([1, 2, 3]);
    expect(again.stdout()).toContain('stopped by the stop check after round 3: 0.4 (best 0.5 at round 2)');
  }, 90_000);
});
