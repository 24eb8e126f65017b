// A YAML alias bomb ("billion laughs") in a pipeline file is one ConfigError from the config
// loader, naming the file and the line of an alias, not the yaml package's ReferenceError (issue 21).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePipeline } from '../../src/app/pipeline.js';
import { ConfigError } from '../../src/config/errors.js';
import { spawnCli } from '../support/child.js';
import { tempDir } from '../support/tmp.js';

function bomb(): string {
  const levels = ['name: bomb', 'method: self-instruct', 'a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
  for (const [i, name] of ['b', 'c', 'd', 'e', 'f'].entries()) levels.push(`${name}: &${name} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`);
  return `${levels.join('\n')}\n`;
}

describe('a YAML alias bomb', () => {
  it('is one ConfigError naming the file and a line', () => {
    let error: unknown;
    try {
      parsePipeline(bomb(), 'pipelines/bomb.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const e = error as ConfigError;
    expect(e.file).toBe('pipelines/bomb.yaml');
    expect(e.line).toBe(4); // the first alias
    expect(e.message).toMatch(/^pipelines\/bomb\.yaml:4: invalid YAML: its aliases expand too much/);
  });

  it('a few aliases are fine', () => {
    const cfg = parsePipeline('name: ok\nmethod: self-instruct\ntarget: &t 3\nlimits:\n  concurrency: *t\n', 'ok.yaml');
    expect(cfg.limits.concurrency).toBe(3);
  });

  it('in the CLI: exit 2, one line with file and line', async () => {
    const file = join(tempDir(), 'bomb.yaml');
    writeFileSync(file, bomb());
    const c = spawnCli(['plan', file, '--teacher', 'sim']);
    expect((await c.exited).code).toBe(2);
    expect(c.stderr()).toMatch(/^error: .*bomb\.yaml:4: invalid YAML: its aliases expand too much/m);
    expect(c.stderr()).not.toMatch(/^ {4}at /m);
  });
});
