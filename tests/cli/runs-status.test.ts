import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsCommand } from '../../src/cli/commands/runs.js';
import { statusCommand } from '../../src/cli/commands/status.js';
import { openDb } from '../../src/store/db.js';
import { pipeline, run } from '../support/runs.js';
import { inProcess } from './harness.js';

let dir: string;
let db: string;
let counts: Record<string, number>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'distillery-cli-'));
  db = join(dir, 'd.db');
  expect((await run(pipeline('self-instruct.yaml', { 'teacher.provider': 'sim' }), db)).status).toBe('completed');
  const h = openDb(db, { readonly: true });
  counts = Object.fromEntries(
    (h.prepare(`SELECT kind, COUNT(*) AS n FROM samples WHERE status = 'accepted' GROUP BY kind`).all() as { kind: string; n: number }[]).map((r) => [r.kind, r.n]),
  );
  h.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runs', () => {
  it("shows the recipe's main kind (what target counts) and its dataset kind, not every accepted sample added up", async () => {
    expect(counts.instruction).toBeGreaterThan(0);
    expect(counts.instance).not.toBe(counts.instruction);
    const { stdout } = await inProcess([runsCommand], ['runs', '--db', db]);
    const [header, row] = stdout.trim().split('\n');
    expect(header).toMatch(/^id\s+name\s+method\s+status\s+teacher\s+target\s+accepted\s+dataset\s+rejected\s+cost\s+updated$/);
    expect(row).toMatch(new RegExp(`\\s100\\s+${counts.instruction} instruction\\s+${counts.instance} instance\\s`));
    // The old column: every accepted generated sample, instructions and instances added up.
    expect(row).not.toMatch(new RegExp(`\\s${counts.instruction! + counts.instance!}\\s`));
  });

  it('--json: the counts by kind, and the config as an object', async () => {
    const { stdout } = await inProcess([runsCommand], ['runs', '--db', db, '--json']);
    const r = JSON.parse(stdout.trim()) as Record<string, unknown>;
    expect(r.main).toEqual({ kind: 'instruction', accepted: counts.instruction });
    expect(r.dataset).toEqual({ kind: 'instance', accepted: counts.instance });
    expect(r.accepted_by_kind).toMatchObject({ instruction: counts.instruction, instance: counts.instance });
    expect(r).not.toHaveProperty('config_json');
    expect(r.config).toMatchObject({ name: 'self-instruct', method: 'self-instruct', target: 100, teacher: { provider: 'sim' } });
  });
});

describe('status --json', () => {
  it('embeds the config as an object', async () => {
    const { stdout } = await inProcess([statusCommand], ['status', '--db', db, '--json']);
    const report = JSON.parse(stdout) as { run: Record<string, unknown> };
    expect(report.run).not.toHaveProperty('config_json');
    expect(report.run.config).toMatchObject({ name: 'self-instruct', params: { wave_size: 32, wave_depth: 4 } });
  });
});

describe('Evol-Instruct: a target that was not reached is said, with why', () => {
  it('when the rounds are done', async () => {
    const r = await run(pipeline('evol-instruct.yaml', { 'params.inputs.limit': 6, 'teacher.provider': 'sim', name: 'ev' }), join(dir, 'ev.db'));
    expect(r.status).toBe('completed');
    expect(r.detail).toMatch(/^\d+ evolved instructions accepted over 4 of 4 rounds from 6 inputs; target 200 not reached: all 4 rounds are done \(raise params.rounds and run again to go on\)$/);
  });

  it('when no chain is left to evolve', async () => {
    const r = await run(
      pipeline('evol-instruct.yaml', { 'params.inputs.limit': 2, 'params.on_failure': 'drop_parent', 'params.rounds': 30, 'teacher.provider': 'sim', name: 'ev-drop' }),
      join(dir, 'ev-drop.db'),
    );
    expect(r.status).toBe('completed');
    expect(r.detail).toMatch(/; target 200 not reached: no instruction left to evolve after round \d+ \(every chain ended\)$/);
  });

  it('and says it was reached when it was', async () => {
    const r = await run(pipeline('evol-instruct.yaml', { 'params.inputs.limit': 6, target: 5, 'teacher.provider': 'sim', name: 'ev-small' }), join(dir, 'ev-small.db'));
    expect(r.detail).toMatch(/; target 5 reached$/);
  });
});
