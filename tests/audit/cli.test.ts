import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { Store } from '../../src/store/index.js';
import { getRunByName } from '../../src/store/runs.js';
import { statusCommand } from '../../src/cli/commands/status.js';
import { showCommand } from '../../src/cli/commands/show.js';
import { samplesCommand } from '../../src/cli/commands/samples.js';
import { reportCommand } from '../../src/cli/commands/report.js';
import { spawnCli } from '../support/child.js';
import { buildFixture, HOSTILE, type Fixture } from './fixture.js';

let fx: Fixture;
let hostileId: number;
let ansiId: number;
let rejectedCount: number;

beforeAll(async () => {
  fx = await buildFixture();
  const store = Store.open(fx.dbPath);
  const db = store.db;
  hostileId = (db.prepare(`SELECT id FROM samples WHERE instruction = ? AND kind = 'instruction'`).get(HOSTILE) as { id: number }).id;
  rejectedCount = (db.prepare(`SELECT COUNT(*) AS n FROM samples WHERE status = 'rejected'`).get() as { n: number }).n;
  // Teacher text that would drive a terminal: clear the screen, colour, overwrite the line.
  ansiId = store.samples.insert({
    runId: getRunByName(db, fx.runName)!.id,
    kind: 'instruction',
    stage: 'generate-instructions',
    wave: 99,
    instruction: 'Say \u001b[2J\u001b[31mred\u001b[0m\rhidden',
    status: 'accepted',
    contentHash: 'ansi',
  });
  store.close();
});
afterAll(() => fx.cleanup());

/** Run audit commands in this process, as the CLI registers them; stdout captured. */
async function inProcess(args: string[]): Promise<string> {
  const program = new Command('distillery').exitOverride();
  statusCommand(program);
  showCommand(program);
  samplesCommand(program);
  reportCommand(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await program.parseAsync(['node', 'distillery', ...args, '--db', fx.dbPath]);
  } finally {
    spy.mockRestore();
    errSpy.mockRestore();
  }
  return out;
}

describe('audit commands', () => {
  it('status: progress, counts by kind, stage, reason and filter, calls, tokens, cost', async () => {
    const out = await inProcess(['status']);
    expect(out).toContain(`run "${fx.runName}"`);
    expect(out).toMatch(/samples by stage\n\s+stage\s+accepted\s+rejected\s+pending\s+total/);
    expect(out).toMatch(/rejected by reason\n\s+kind\s+reason\s+samples\n[\s\S]*instruction\s+rouge-l\s+\d+/);
    expect(out).toMatch(/verdicts by filter[\s\S]*rouge-l\s+\d+\s+\d+\s+0\.\d{3}/);
    expect(out).toMatch(/calls by stage[\s\S]*generate-instructions/);
    expect(out).toMatch(/calls: \d+ \(\d+ sent/);
    const json = JSON.parse(await inProcess(['status', fx.runName, '--json'])) as { run: { name: string }; calls: { total: number } };
    expect(json.run.name).toBe(fx.runName);
    expect(json.calls.total).toBeGreaterThan(0);
  });

  it('show: the sample, its verdicts, the prompt and raw output, lineage up and down', async () => {
    const out = await inProcess(['show', String(hostileId)]);
    expect(out).toContain(`sample #${hostileId}: instruction`);
    expect(out).toContain(HOSTILE);
    expect(out).toMatch(/verdicts \(\d+\):\n\s+pass\s+response-complete/);
    expect(out).toContain('prompt (messages):');
    expect(out).toContain('Continue this numbered list');
    expect(out).toMatch(/raw output:\n\s+Describe what <script>/);
    expect(out).toMatch(/lineage up \(where it came from\):\n#\d+ instruction \[accepted\][^\n]*\n├─ demo-in-prompt 0: #\d+ seed[^\n]*\n├─ demo-in-prompt 1: #\d+ seed/);
    expect(out).toMatch(/lineage down \(what came of it\):\n#\d+[^\n]*\n└─ instance-of: #\d+ instance/);
  });

  it('show: control characters of stored text reach the terminal as text', async () => {
    const out = await inProcess(['show', String(ansiId)]);
    expect(out).toContain('Say \\x1b[2J\\x1b[31mred\\x1b[0m\\x0dhidden');
    expect(out).not.toContain('\u001b');
    expect(out).not.toContain('\r');
  });

  it('samples: filters and JSON Lines', async () => {
    const rows = (await inProcess(['samples', fx.runName, '--status', 'rejected', '--json'])).trim().split('\n').map((l) => JSON.parse(l) as { status: string; reason: string; id: number });
    expect(rows).toHaveLength(rejectedCount);
    expect(rows.every((r) => r.status === 'rejected' && r.reason)).toBe(true);
    const table = await inProcess(['samples', fx.runName, '--grep', '<SCRIPT>', '--kind', 'instruction']);
    expect(table.trim().split('\n')).toHaveLength(2);
    expect(table).toMatch(new RegExp(`^\\s+${hostileId}\\s+instruction`, 'm'));
    const page = (await inProcess(['samples', fx.runName, '--json', '--after', String(hostileId), '--limit', '3'])).trim().split('\n').map((l) => (JSON.parse(l) as { id: number }).id);
    expect(page).toHaveLength(3);
    expect(page.every((id) => id > hostileId)).toBe(true);
  });

  it('report: one self-contained HTML file', async () => {
    const out = join(fx.dir, 'nested', 'report.html');
    expect(await inProcess(['report', fx.runName, '--out', out])).toContain('written to');
    expect(existsSync(out)).toBe(true);
    const html = readFileSync(out, 'utf8');
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(5);
    expect(html).not.toMatch(/<script|<link|<img|\ssrc=|url\(/i);
    // The only URL is the SVG namespace, which is never fetched.
    expect([...html.matchAll(/https?:\/\/[^\s"'<>]+/g)].map((m) => m[0]).every((u) => u === 'http://www.w3.org/2000/svg')).toBe(true);
  });

  it('the real CLI has the commands and says what is missing', async () => {
    const c = spawnCli(['show', '99999999', '--db', fx.dbPath]);
    const { code } = await c.exited;
    expect(code).toBe(2);
    expect(c.stderr()).toContain('no sample 99999999');
  });
});
