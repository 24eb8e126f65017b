import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { exportCommand } from '../../src/cli/commands/export.js';
import { tempDir } from '../support/tmp.js';
import { fixtureDb, singleTurn } from './fixtures.js';
import { readJsonLines } from './readers.js';

/** The command in-process, its output and exit code captured. */
async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  let code = 0;
  const program = new Command('distillery').exitOverride().configureOutput({ writeOut: (s) => void out.push(s), writeErr: (s) => void err.push(s) });
  exportCommand(program, { out: (s) => void out.push(s), err: (s) => void err.push(s), exit: (c) => (code = c) });
  try {
    await program.parseAsync(['node', 'distillery', 'export', ...args]);
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    code = e.exitCode;
  }
  return { code, stdout: out.join(''), stderr: err.join('') };
}


describe('distillery export (command line)', () => {
  it('exports with its options parsed, and says what it wrote where', async () => {
    const dir = tempDir();
    const { path } = fixtureDb(dir, 'self-instruct', [...singleTurn('instance', 40), ...singleTurn('instance', 5, { status: 'rejected', reason: 'r' })], { simulated: true });
    const out = join(dir, 'd.jsonl');
    const r = await cli(['self-instruct', '--db', path, '--format', 'openai', '--out', out, '--status', 'all', '--kind', 'instance', '--with-provenance', '--split', 'train=0.75,test=0.25', '--split-seed', '3', '--system-prompt', 'Hi.']);
    // Provenance in a file meant for upload is said (see the warnings test below); nothing else.
    expect(r.stderr).toMatch(/^warning: --with-provenance adds a "provenance" key to every line[^\n]*\n$/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^exported 45 instance samples of run "self-instruct" \(self-instruct\) as openai\n/);
    expect(r.stdout).toMatch(/train +\d+ rows +.*d\.train\.jsonl/);
    expect(r.stdout).toMatch(/simulated placeholder text/);
    const rows = [...readJsonLines(join(dir, 'd.train.jsonl')), ...readJsonLines(join(dir, 'd.test.jsonl'))];
    expect(rows).toHaveLength(45);
    expect(rows.filter((x) => (x.provenance as { status: string }).status === 'rejected')).toHaveLength(5);
    expect((rows[0]!.messages as { role: string; content: string }[])[0]).toEqual({ role: 'system', content: 'Hi.' });
  });

  it('exits 2 with one line when nothing matches, and writes nothing ', async () => {
    const dir = tempDir();
    const { path } = fixtureDb(dir, 'self-instruct', singleTurn('instance', 3));
    const out = join(dir, 'x.parquet');
    const r = await cli(['self-instruct', '--db', path, '--format', 'parquet', '--out', out, '--stage', 'nowhere']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: run "self-instruct": no samples match (kind instance, status accepted, stage nowhere); nothing was written (the run has 3 accepted exportable samples of these kinds, with an output or messages)\n');
    expect(existsSync(out)).toBe(false);
  });

  it('rejects bad options before reading anything', async () => {
    const dir = tempDir();
    const { path } = fixtureDb(dir, 'self-instruct', singleTurn('instance', 3));
    const bad = [
      [['--format', 'csv'], /argument 'csv' is invalid. Allowed choices are alpaca, jsonl, sharegpt, openai, parquet, hf/],
      [['--format', 'jsonl', '--split', 'train=0.9'], /fractions must sum to 1/],
      [['--format', 'jsonl', '--status', 'done'], /expected accepted, rejected, pending or all, got "done"/],
      [['--format', 'jsonl', '--min-score', 'high'], /expected a number/],
    ] as const;
    for (const [args, message] of bad) {
      const r = await cli(['self-instruct', '--db', path, '--out', join(dir, 'o'), ...args]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
    }
    expect((await cli(['self-instruct', '--db', path, '--format', 'jsonl'])).stderr).toMatch(/required option '--out <path>'/);
    expect(existsSync(join(dir, 'o'))).toBe(false);
  });

  it('writes a Hugging Face folder whose card names the run', async () => {
    const dir = tempDir();
    const { path } = fixtureDb(dir, 'self-instruct', singleTurn('instance', 3));
    const r = await cli(['self-instruct', '--db', path, '--format', 'hf', '--out', join(dir, 'hf'), '--license', 'cc-by-4.0', '--no-system-prompt']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/dataset card: .*hf\/README\.md/);
    expect(readFileSync(join(dir, 'hf', 'README.md'), 'utf8')).toMatch(/^---\npretty_name: self-instruct\nlicense: cc-by-4.0\n/);
  });

  it('warns (stderr) about options that do not fit the format, and still writes the export', async () => {
    const dir = tempDir();
    const { path } = fixtureDb(dir, 'self-instruct', singleTurn('instance', 6));
    const alpaca = await cli(['self-instruct', '--db', path, '--format', 'alpaca', '--out', join(dir, 'a.json'), '--system-prompt', 'Be brief.']);
    expect(alpaca.code).toBe(0);
    expect(alpaca.stderr).toBe('warning: --system-prompt is ignored with --format alpaca (Alpaca rows have no system message); use sharegpt, openai, jsonl, parquet or hf to keep it\n');
    expect(existsSync(join(dir, 'a.json'))).toBe(true);
    // Without --system-prompt, alpaca says nothing.
    expect((await cli(['self-instruct', '--db', path, '--format', 'alpaca', '--out', join(dir, 'b.json')])).stderr).toBe('');

    const few = await cli(['self-instruct', '--db', path, '--format', 'openai', '--out', join(dir, 'ft.jsonl')]);
    expect(few.code).toBe(0);
    expect(few.stderr).toBe('warning: the export has 6 rows; OpenAI fine-tuning needs at least 10 examples in a training file\n');
    expect(readJsonLines(join(dir, 'ft.jsonl'))).toHaveLength(6);

    const prov = await cli(['self-instruct', '--db', path, '--format', 'openai', '--out', join(dir, 'p.jsonl'), '--with-provenance']);
    expect(prov.stderr).toContain('warning: the export has 6 rows');
    expect(prov.stderr).toContain(
      'warning: --with-provenance adds a "provenance" key to every line; OpenAI fine-tuning expects only "messages", so keep this file for your records and export again without --with-provenance to upload\n',
    );
    // Other formats keep provenance without a word.
    expect((await cli(['self-instruct', '--db', path, '--format', 'jsonl', '--out', join(dir, 'j.jsonl'), '--with-provenance'])).stderr).toBe('');
  });

  it('says when the train split of an openai export is under the minimum (a validation split has none)', async () => {
    const dir = tempDir();
    const { path } = fixtureDb(dir, 'self-instruct', singleTurn('instance', 40));
    const small = await cli(['self-instruct', '--db', path, '--format', 'openai', '--out', join(dir, 's.jsonl'), '--split', 'train=0.1,test=0.9']);
    expect(small.code).toBe(0);
    expect(small.stderr).toMatch(/^warning: split "train" has \d rows?; OpenAI fine-tuning needs at least 10 examples in a training file\n$/);
    const big = await cli(['self-instruct', '--db', path, '--format', 'openai', '--out', join(dir, 't.jsonl'), '--split', 'train=0.9,test=0.1']);
    expect(big.stderr).toBe('');
  });
});
