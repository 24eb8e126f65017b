import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { exportCommand } from '../../src/cli/commands/export.js';
import { exportRun } from '../../src/export/export.js';
import { formatStatus, runStatus } from '../../src/audit/status.js';
import { openDb } from '../../src/store/db.js';
import { recordReview } from '../../src/store/reviews.js';
import { getRunByName } from '../../src/store/runs.js';
import { samplesCommand } from '../../src/cli/commands/samples.js';
import { showCommand } from '../../src/cli/commands/show.js';
import { inProcess } from '../cli/harness.js';
import { tempDir } from '../support/tmp.js';
import { fixtureDb, singleTurn } from './fixtures.js';
import { readJsonLines } from './readers.js';

async function cli(args: string[]) {
  const err: string[] = [];
  let code = 0;
  const program = new Command('distillery').exitOverride().configureOutput({ writeOut: () => undefined, writeErr: (s) => void err.push(s) });
  exportCommand(program, { out: () => undefined, err: (s) => void err.push(s), exit: (c) => (code = c) });
  try {
    await program.parseAsync(['node', 'distillery', 'export', ...args]);
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    code = e.exitCode;
  }
  return { code, stderr: err.join('') };
}

/** 12 accepted and 4 rejected instances; reviews: 1,2 approved; 3 rejected; 4 flagged; 5 rejected then approved; 6 approved then rejected; 13 (machine-rejected) approved. */
function reviewedFixture(dir: string) {
  const { path, ids } = fixtureDb(dir, 'self-instruct', [...singleTurn('instance', 12), ...singleTurn('instance', 4, { status: 'rejected', reason: 'rouge-l' })]);
  const before = join(dir, 'before.jsonl');
  const db = openDb(path);
  const decide = (i: number, decision: 'approved' | 'rejected' | 'flagged') => recordReview(db, ids[i - 1]!, { decision, reviewer: 'ann' });
  return {
    path,
    ids,
    before,
    review: () => {
      decide(1, 'approved');
      decide(2, 'approved');
      decide(3, 'rejected');
      decide(4, 'flagged');
      decide(5, 'rejected');
      decide(5, 'approved');
      decide(6, 'approved');
      decide(6, 'rejected');
      decide(13, 'approved');
      db.close();
    },
  };
}

const sampleIds = (file: string) => readJsonLines(file).map((r) => (r.provenance as { sample_id: number }).sample_id);

describe('export --reviewed', () => {
  it('keeps exactly the rows the latest human decision allows; any (the default) is byte-identical to before reviews', async () => {
    const dir = tempDir();
    const fx = reviewedFixture(dir);
    const base = { dbPath: fx.path, run: 'self-instruct', format: 'jsonl' as const, withProvenance: true };
    await exportRun({ ...base, out: fx.before });
    fx.review();
    const id = (i: number) => fx.ids[i - 1]!;
    const accepted = fx.ids.slice(0, 12);

    const anyOut = join(dir, 'any.jsonl');
    await exportRun({ ...base, out: anyOut });
    expect(readFileSync(anyOut)).toEqual(readFileSync(fx.before));
    const anyExplicit = join(dir, 'any2.jsonl');
    await exportRun({ ...base, out: anyExplicit, reviewed: 'any' });
    expect(readFileSync(anyExplicit)).toEqual(readFileSync(fx.before));

    const approved = join(dir, 'approved.jsonl');
    await exportRun({ ...base, out: approved, reviewed: 'approved' });
    expect(sampleIds(approved)).toEqual([id(1), id(2), id(5)]);

    const notRejected = join(dir, 'nr.jsonl');
    await exportRun({ ...base, out: notRejected, reviewed: 'not-rejected' });
    expect(sampleIds(notRejected)).toEqual(accepted.filter((x) => x !== id(3) && x !== id(6)));

    // With every status: a machine-rejected sample a reviewer approved comes back.
    const all = join(dir, 'all.jsonl');
    await exportRun({ ...base, out: all, reviewed: 'approved', statuses: ['accepted', 'rejected'] });
    expect(sampleIds(all)).toEqual([id(1), id(2), id(5), id(13)]);
  });

  it('counts human decisions in the dataset card', async () => {
    const dir = tempDir();
    const fx = reviewedFixture(dir);
    fx.review();
    const out = join(dir, 'hf');
    await exportRun({ dbPath: fx.path, run: 'self-instruct', format: 'hf', out, reviewed: 'not-rejected' });
    const card = readFileSync(join(out, 'README.md'), 'utf8');
    expect(card).toContain('- no sample whose latest human review rejected it (unreviewed and flagged samples are kept);');
    expect(card).toContain("People reviewed 7 of the run's 16 exportable samples of kind `instance`");
    // approved 1, 2, 5, 13; rejected 3, 6; flagged 4; the other 9 not reviewed.
    expect(card).toContain('| approved | rejected | flagged | not reviewed |\n|---|---|---|---|\n| 4 | 2 | 1 | 9 |');
    expect(card).toMatch(/num_examples: 10\b/);
  });

  it('leaves the card without a review section when nobody reviewed and the export did not ask', async () => {
    const dir = tempDir();
    const { path } = fixtureDb(dir, 'self-instruct', singleTurn('instance', 3));
    const out = join(dir, 'hf');
    await exportRun({ dbPath: path, run: 'self-instruct', format: 'hf', out });
    expect(readFileSync(join(out, 'README.md'), 'utf8')).not.toContain('Human review');
  });

  it('refuses an unknown choice, and says when the review leaves nothing', async () => {
    const dir = tempDir();
    const { path } = fixtureDb(dir, 'self-instruct', singleTurn('instance', 3));
    const bad = await cli(['self-instruct', '--db', path, '--format', 'jsonl', '--out', join(dir, 'x.jsonl'), '--reviewed', 'maybe']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/argument 'maybe' is invalid. Allowed choices are approved, not-rejected, any/);
    const none = await cli(['self-instruct', '--db', path, '--format', 'jsonl', '--out', join(dir, 'y.jsonl'), '--reviewed', 'approved']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no samples match \(kind instance, status accepted, reviewed approved\); nothing was written/);
  });

  it('samples --review lists by the latest decision', async () => {
    const dir = tempDir();
    const fx = reviewedFixture(dir);
    fx.review();
    const list = async (state: string) =>
      (await inProcess([samplesCommand], ['samples', 'self-instruct', '--db', fx.path, '--review', state, '--json'])).stdout
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { id: number }).id);
    const id = (i: number) => fx.ids[i - 1]!;
    expect(await list('approved')).toEqual([id(1), id(2), id(5), id(13)]);
    expect(await list('rejected')).toEqual([id(3), id(6)]);
    expect(await list('flagged')).toEqual([id(4)]);
    expect(await list('none')).toEqual(fx.ids.filter((x) => ![1, 2, 3, 4, 5, 6, 13].map(id).includes(x)));
    await expect(inProcess([samplesCommand], ['samples', 'self-instruct', '--db', fx.path, '--review', 'maybe'])).rejects.toThrow(/--review must be none, approved, rejected or flagged/);
  });

  it('show lists a sample\'s decisions, oldest first; --json holds them', async () => {
    const dir = tempDir();
    const fx = reviewedFixture(dir);
    fx.review();
    const sample = fx.ids[5]!; // approved, then rejected
    const text = (await inProcess([showCommand], ['show', String(sample), '--db', fx.path])).stdout;
    expect(text).toMatch(/human review \(2; the last counts\):\n  \S+  approved  ann\n  \S+  rejected  ann\n/);
    const json = JSON.parse((await inProcess([showCommand], ['show', String(sample), '--db', fx.path, '--json'])).stdout) as { reviews: { decision: string }[] };
    expect(json.reviews.map((r) => r.decision)).toEqual(['approved', 'rejected']);
    const unreviewed = (await inProcess([showCommand], ['show', String(fx.ids[10]!), '--db', fx.path])).stdout;
    expect(unreviewed).not.toContain('human review');
  });

  it('status shows review progress and machine-human agreement', () => {
    const dir = tempDir();
    const fx = reviewedFixture(dir);
    const db0 = openDb(fx.path, { readonly: true });
    expect(formatStatus(runStatus(db0, getRunByName(db0, 'self-instruct')!))).toContain('human review: none yet (review in npx distillery serve)');
    db0.close();
    fx.review();
    const db = openDb(fx.path, { readonly: true });
    try {
      const report = runStatus(db, getRunByName(db, 'self-instruct')!);
      expect(report.review.progress).toEqual([{ kind: 'instance', samples: 16, reviewed: 7, approved: 4, rejected: 2, flagged: 1 }]);
      // Of the 6 reviewed accepted samples (flag left out), 2 rejected; of the 1 reviewed rejected sample, 1 approved.
      expect(report.review.agreement[0]).toEqual({ filter: '(status)', passedReviewed: 5, rejectedWhatPassed: 2, failedReviewed: 1, approvedWhatFailed: 1 });
      const text = formatStatus(report);
      expect(text).toMatch(/human review \(latest decision per sample\)\n +kind +samples +reviewed +approved +rejected +flagged +done\n +instance +16 +7 +4 +2 +1 +43\.8%/);
      expect(text).toMatch(/\(status\) +5 +2 40\.0% +1 +1 100\.0%/);
    } finally {
      db.close();
    }
  });
});
