import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../support/child.js';
import { REPO } from '../support/paths.js';
import { pipeline, run } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';

const COMMANDS = 'run|resume|plan|runs|status|show|samples|report|serve|export|dedup';

function* sources(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (e.name.endsWith('.ts')) yield p;
  }
}

describe('hints the CLI prints use the README\'s command, npx distillery', () => {
  it('the README runs the CLI as npx distillery', () => {
    expect(readFileSync(join(REPO, 'README.md'), 'utf8')).toMatch(/npx distillery run pipelines\/self-instruct\.yaml/);
  });

  it('no message in src/ names a command as plain "distillery <command>"', () => {
    const bare = new RegExp(`(?<!npx )\\bdistillery (${COMMANDS})\\b`);
    const found: string[] = [];
    for (const file of sources(join(REPO, 'src'))) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/^\s*(\/\/|\*|\/\*)/.test(line)) return; // comments are not printed
          if (bare.test(line)) found.push(`${relative(REPO, file)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });

  it('a run that is not there points to npx distillery runs', async () => {
    const db = join(tempDir(), 'd.db');
    await run(pipeline('self-instruct.yaml', { 'teacher.provider': 'sim', target: 2, 'params.wave_size': 1 }), db);
    const status = spawnCli(['status', 'nope', '--db', db]);
    expect((await status.exited).code).toBe(2);
    expect(status.stderr()).toBe(`error: no run "nope" in ${db} (see: npx distillery runs --db ${db})\n`);
    const resume = spawnCli(['resume', 'nope', '--db', db]);
    expect((await resume.exited).code).toBe(2);
    expect(resume.stderr()).toBe(`error: ${db}: no run named "nope" in this database (see: npx distillery runs --db ${db})\n`);
  });
});
