import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ENTRY = join(REPO, 'tests', 'dedup', 'cli-entry.ts');
// The child runs in a temporary directory, so tsx is named by its path, not resolved from there.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;
const dir = mkdtempSync(join(tmpdir(), 'dedup-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', TSX, ENTRY, 'dedup', ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('distillery dedup (subprocess)', () => {
  it('writes kept and rejected rows and prints the counts', () => {
    const input = join(dir, 'rows.jsonl');
    writeFileSync(
      input,
      [
        { instruction: 'Write a poem about the ocean.', output: 'x' },
        { instruction: 'Write a poem about the ocean!', output: 'y' },
        { instruction: 'Translate this sentence into French.' },
        { instruction: 'Write a short poem about the sea.' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const r = cli(input, '--out', 'kept.jsonl', '--rejected', 'rejected.jsonl');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/rows: +4\nkept: +2 \(50\.0%\)[^\n]*kept\.jsonl\nrejected: +2 \(50\.0%\)/);
    const kept = readFileSync(join(dir, 'kept.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).instruction);
    expect(kept).toEqual(['Write a poem about the ocean.', 'Translate this sentence into French.']);
    const rejected = readFileSync(join(dir, 'rejected.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rejected.map((x) => [x.index, x.line, x.most_similar.index, x.score])).toEqual([
      [1, 2, 0, 1],
      [3, 4, 0, rejected[1].score],
    ]);
    expect(rejected[1].score).toBeGreaterThan(0.7);
  });

  it('fails with one located error and leaves existing outputs untouched', () => {
    const input = join(dir, 'bad.json');
    writeFileSync(input, '[\n  {"instruction": "fine"},\n  {"prompt": "no instruction here"}\n]\n');
    writeFileSync(join(dir, 'out.jsonl'), 'previous contents\n');
    const r = cli(input, '--out', 'out.jsonl', '--rejected', 'rej.jsonl');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${input}:3: element 1: key "instruction": missing\n`);
    expect(r.stdout).toBe('');
    expect(readFileSync(join(dir, 'out.jsonl'), 'utf8')).toBe('previous contents\n');
    expect(existsSync(join(dir, 'rej.jsonl'))).toBe(false);
  });

  it('validates its options', () => {
    const r = cli(join(dir, 'missing.jsonl'), '--threshold', '1.5');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--threshold.*between 0 and 1/);
    const missing = cli(join(dir, 'missing.jsonl'));
    expect(missing.stderr).toMatch(/missing\.jsonl: cannot read: ENOENT/);
    expect(missing.code).toBe(2);
  });
});
