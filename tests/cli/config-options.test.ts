import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadPipelineFile } from '../../src/app/pipeline.js';
import { cliOverrides, runCommand, type RunCliOptions } from '../../src/cli/commands/run.js';
import { runsCommand } from '../../src/cli/commands/runs.js';
import { ConfigError } from '../../src/config/errors.js';
import { openDb } from '../../src/store/db.js';
import { spawnCli } from '../support/child.js';
import { REPO } from '../support/paths.js';
import { tempDir } from '../support/tmp.js';
import { inProcess } from './harness.js';

const FILE = 'pipelines/self-instruct.yaml';
const PATH = resolve(REPO, FILE);
const load = (o: Partial<RunCliOptions>) => loadPipelineFile(PATH, cliOverrides({ db: 'x.db', ...o }, PATH));

describe('--set key=value and --model', () => {
  it('read values as YAML: numbers, booleans, strings, lists and maps, at dotted keys', () => {
    const c = load({
      set: {
        target: '50',
        'teacher.send_seed': 'false',
        'teacher.system_prompt': 'You are terse.',
        'params.blocklist': '[image, video]',
        'params.generation': '{temperature: 0.9}',
        'prices.my-model': '{input: 0.1, output: 0.4}',
      },
      model: 'my-model',
    });
    expect(c.target).toBe(50);
    expect(c.teacher.send_seed).toBe(false);
    expect(c.teacher.system_prompt).toBe('You are terse.');
    expect(c.teacher.model).toBe('my-model');
    expect(c.prices['my-model']).toMatchObject({ input: 0.1, output: 0.4 });
    if (c.method !== 'self-instruct') throw new Error('not self-instruct');
    expect(c.params.blocklist).toEqual(['image', 'video']);
    expect(c.params.generation.temperature).toBe(0.9);
  });

  it('a named option wins over --set of the same key', () => {
    expect(load({ set: { target: '50' }, target: 7 }).target).toBe(7);
    expect(load({ set: { 'teacher.model': 'a' }, model: 'b' }).teacher.model).toBe('b');
    expect(load({ set: { target: '50' } }).target).toBe(50);
  });

  it('are validated like the file, with the file, the key and "(command-line option)"', () => {
    const error = (o: Partial<RunCliOptions>) => {
      try {
        load(o);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
      throw new Error('no error');
    };
    expect(error({ set: { 'limits.max_attempts': 'six' } })).toBe(`${PATH} (command-line option): key "limits.max_attempts": expected number, got "six"`);
    expect(error({ set: { 'params.nope': '1' } })).toBe(`${PATH} (command-line option): key "params.nope": unknown key (not part of this method's configuration)`);
    expect(error({ set: { teacher: '{model: 3}' } })).toBe(`${PATH} (command-line option): key "teacher.model": expected string, got 3`);
    expect(error({ set: { 'params.blocklist': '[a' } })).toMatch(new RegExp(`^${PATH.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(command-line option\\): key "params.blocklist": --set: invalid YAML value "\\[a" \\(.+\\)$`));
  });

  it('a --set without key=value is a usage error', async () => {
    const r = await inProcess([runCommand], ['run', FILE, '--set', 'target']);
    expect(r.code).toBe(1); // commander's code for an invalid argument; the CLI maps every usage error to 2
    expect(r.stderr).toMatch(/option '--set <key=value>' argument 'target' is invalid\. expected key=value/);
  });
});

it('the real CLI exits 2 with the one-line config error for a bad --set', async () => {
  const c = spawnCli(['run', FILE, '--teacher', 'sim', '--set', 'limits.max_attempts=six'], { DISTILLERY_DB: join(tempDir(), 'x.db') });
  expect((await c.exited).code).toBe(2);
  expect(c.stderr()).toBe(`error: ${FILE} (command-line option): key "limits.max_attempts": expected number, got "six"\n`);
});

describe('DISTILLERY_DB', () => {
  it('is the default --db of every command, and --db still wins', async () => {
    const dir = tempDir();
    const db = join(dir, 'env.db');
    // The real CLI: run with --set and --model, the database named by the environment only.
    const c = spawnCli(['run', FILE, '--teacher', 'sim', '--name', 'env-run', '--set', 'target=4', '--set', 'params.wave_size=2', '--model', 'my-model'], { DISTILLERY_DB: db });
    const { code } = await c.exited;
    expect(c.stderr()).toContain(`new run "env-run" (id 1) in ${db}`);
    expect(code).toBe(0);
    expect(existsSync(resolve(REPO, 'data', 'env.db'))).toBe(false);
    const h = openDb(db, { readonly: true });
    const config = JSON.parse((h.prepare(`SELECT config_json FROM runs WHERE name = 'env-run'`).get() as { config_json: string }).config_json);
    h.close();
    expect(config).toMatchObject({ target: 4, params: { wave_size: 2 }, teacher: { model: 'my-model' } });

    vi.stubEnv('DISTILLERY_DB', db);
    try {
      expect((await inProcess([runsCommand], ['runs'])).stdout).toMatch(/^1\s+env-run\s/m);
      await expect(inProcess([runsCommand], ['runs', '--db', join(dir, 'other.db')])).rejects.toThrow(/other\.db: no database here/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
