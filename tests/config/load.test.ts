import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parsePipeline } from '../../src/app/pipeline.js';
import { ConfigError } from '../../src/config/errors.js';
import { REPO } from '../support/paths.js';

function errorOf(text: string, overrides: Record<string, unknown> = {}): ConfigError {
  try {
    parsePipeline(text, 'pipelines/x.yaml', overrides);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('pipeline config', () => {
  it('every shipped pipeline validates as it is', () => {
    const files = readdirSync(resolve(REPO, 'pipelines')).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const cfg = parsePipeline(readFileSync(resolve(REPO, 'pipelines', f), 'utf8'), f);
      expect(cfg.name).toMatch(/\S/);
    }
  });

  it('fills the reference defaults of Self-Instruct', () => {
    const cfg = parsePipeline('name: a\nmethod: self-instruct\n', 'x.yaml');
    if (cfg.method !== 'self-instruct') throw new Error('method');
    expect(cfg.params.demos).toBe(8);
    expect(cfg.params.machine_demos).toBe(2);
    expect(cfg.params.rouge_threshold).toBe(0.7);
    expect(cfg.params.generation).toMatchObject({ temperature: 0.7, top_p: 0.5, max_tokens: 1024, presence_penalty: 2 });
    expect(cfg.params.generation.stop).toEqual(['\n\n', '\n16', '16.', '16 .']);
    expect(cfg.teacher.provider).toBe('auto');
  });

  it('a partly given sampling block keeps the recipe values for the other keys', () => {
    const cfg = parsePipeline('name: a\nmethod: self-instruct\nparams:\n  generation:\n    temperature: 1\n', 'x.yaml');
    if (cfg.method !== 'self-instruct') throw new Error('method');
    expect(cfg.params.generation.temperature).toBe(1);
    expect(cfg.params.generation.max_tokens).toBe(1024);
  });

  it('names file, line and key for a wrong type', () => {
    const e = errorOf('name: a\nmethod: self-instruct\nlimits:\n  concurrency: eight\n');
    expect(e.message).toBe('pipelines/x.yaml:4: key "limits.concurrency": expected number, got "eight"');
    expect(e.line).toBe(4);
    expect(e.key).toBe('limits.concurrency');
  });

  it('names an unknown (misspelt) key and its line', () => {
    const e = errorOf('name: a\nmethod: self-instruct\nparams:\n  wave_size: 4\n  demo: 3\n');
    expect(e.line).toBe(5);
    expect(e.key).toBe('params.demo');
    expect(e.message).toContain('unknown key');
  });

  it('rejects an unknown method', () => {
    const e = errorOf('name: a\nmethod: self-instructt\n');
    expect(e.key).toBe('method');
    expect(e.line).toBe(2);
  });

  it('reports YAML syntax errors with their line', () => {
    const e = errorOf('name: a\nmethod: self-instruct\nparams: [1,\n  2\n: x');
    expect(e.message).toMatch(/^pipelines\/x\.yaml:\d+: invalid YAML/);
  });

  it('blames the file, with its line, when command-line options were given but not this one', () => {
    const e = errorOf('name: a\nmethod: self-instruct\nlimits:\n  concurrency: eight\n', { target: undefined, 'limits.concurrency': undefined, seed: 3 });
    expect(e.message).toBe('pipelines/x.yaml:4: key "limits.concurrency": expected number, got "eight"');
  });

  it('reports a bad command-line override as such', () => {
    const e = errorOf('name: a\nmethod: self-instruct\n', { target: 0 });
    expect(e.message).toContain('(command-line option)');
    expect(e.key).toBe('target');
  });

  it('never accepts an API key in the config', () => {
    const e = errorOf('name: a\nmethod: self-instruct\nteacher:\n  api_key: sk-123\n');
    expect(e.key).toBe('teacher.api_key');
  });
});

describe('command-line bad input', () => {
  it('exits 2 with one message for a usage error, a missing database and a file that is not a database', async () => {
    const { spawnCli } = await import('../support/child.js');
    const { tempDir } = await import('../support/tmp.js');
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = tempDir();
    const notDb = join(dir, 'notes.db');
    writeFileSync(notDb, 'these are notes, not a database\n');
    const cases: [string[], RegExp][] = [
      [['run', 'pipelines/self-instruct.yaml', '--target', 'abc'], /--target must be a non-negative integer/],
      [['runs', '--db', join(dir, 'missing.db')], /missing\.db: no database here/],
      [['runs', '--db', notDb], /notes\.db: not a usable Distillery database/],
      [['run', join(dir, 'nope.yaml')], /nope\.yaml: cannot read the pipeline file/],
    ];
    for (const [args, message] of cases) {
      const child = spawnCli(args);
      const { code } = await child.exited;
      expect(code, args.join(' ')).toBe(2);
      expect(child.stderr()).toMatch(message);
      expect(child.stderr()).not.toMatch(/\n\s+at /); // no stack trace
    }
  });
});
