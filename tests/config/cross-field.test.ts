import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePipeline } from '../../src/app/pipeline.js';
import { ConfigError } from '../../src/config/errors.js';
import { startFakeServer } from '../../src/fake-server/index.js';
import { spawnCli } from '../support/child.js';
import { tempDir } from '../support/tmp.js';

function errorOf(text: string): ConfigError {
  try {
    parsePipeline(text, 'p.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error(`expected a ConfigError for:\n${text}`);
}

/** Cross-key checks (issue 21 item 9): a min above its max is one ConfigError naming the key and its line. */
describe('min <= max pairs', () => {
  const cases: { text: string; line: number; key: string; message: string }[] = [
    { text: 'name: a\nmethod: self-instruct\nparams:\n  max_words: 20\n  min_words: 30\n', line: 5, key: 'params.min_words', message: 'min_words must not exceed max_words (20), got 30' },
    { text: 'name: a\nmethod: self-instruct\nparams:\n  max_words: 2\n', line: 4, key: 'params.max_words', message: 'max_words must be at least min_words (4), got 2' },
    { text: 'name: a\nmethod: alpaca\nparams:\n  min_words: 300\n', line: 4, key: 'params.min_words', message: 'min_words must not exceed max_words (150), got 300' },
    { text: 'name: a\nmethod: alpaca\nparams:\n  wave_size: 2\n  max_words: 3\n', line: 5, key: 'params.max_words', message: 'max_words must be at least min_words (4), got 3' },
    { text: 'name: a\nmethod: backtranslation\nparams:\n  corpus:\n    min_chars: 3000\n', line: 5, key: 'params.corpus.min_chars', message: 'min_chars must not exceed max_chars (2200), got 3000' },
    { text: 'name: a\nmethod: backtranslation\nparams:\n  corpus:\n    max_chars: 500\n', line: 5, key: 'params.corpus.max_chars', message: 'max_chars must be at least min_chars (1000), got 500' },
    {
      text: 'name: a\nmethod: backtranslation\nparams:\n  corpus:\n    min_chars: 10\n    max_chars: 40\n    min_line_chars: 50\n',
      line: 7,
      key: 'params.corpus.min_line_chars',
      message: 'min_line_chars must not exceed max_chars (40), got 50',
    },
    {
      text: 'name: a\nmethod: backtranslation\nparams:\n  instruction_min_chars: 900\n',
      line: 4,
      key: 'params.instruction_min_chars',
      message: 'instruction_min_chars must not exceed instruction_max_chars (800), got 900',
    },
    {
      text: 'name: a\nmethod: backtranslation\nparams:\n  instruction_max_chars: 5\n',
      line: 4,
      key: 'params.instruction_max_chars',
      message: 'instruction_max_chars must be at least instruction_min_chars (10), got 5',
    },
    { text: 'name: a\nmethod: self-chat\nparams:\n  mode: two-context\n  max_rounds: 1\n', line: 5, key: 'params.max_rounds', message: 'max_rounds must be at least min_turns (2), got 1' },
    { text: 'name: a\nmethod: self-chat\nparams:\n  mode: two-context\n  min_turns: 9\n', line: 5, key: 'params.min_turns', message: 'min_turns must not exceed max_rounds (5), got 9' },
  ];
  for (const c of cases) {
    it(`${c.key}: ${c.message}`, () => {
      const e = errorOf(c.text);
      expect(e.message).toBe(`p.yaml:${c.line}: key "${c.key}": ${c.message}`);
      expect(e.line).toBe(c.line);
      expect(e.key).toBe(c.key);
    });
  }

  it('equal bounds, and pairs a mode does not use, are accepted', () => {
    expect(() => parsePipeline('name: a\nmethod: self-instruct\nparams:\n  min_words: 7\n  max_words: 7\n', 'p.yaml')).not.toThrow();
    expect(() => parsePipeline('name: a\nmethod: backtranslation\nparams:\n  corpus:\n    min_chars: 10\n    max_chars: 10\n', 'p.yaml')).not.toThrow();
    // transcript mode has no rounds: max_rounds does not bound the turns there.
    expect(() => parsePipeline('name: a\nmethod: self-chat\nparams:\n  max_rounds: 1\n', 'p.yaml')).not.toThrow();
  });

  it('the real CLI refuses min_words > max_words before the first request (exit 2, no run)', async () => {
    const server = await startFakeServer();
    try {
      const dir = tempDir();
      const file = join(dir, 'p.yaml');
      writeFileSync(file, 'name: mm\nmethod: self-instruct\nparams:\n  min_words: 200\n  max_words: 150\n');
      const db = join(dir, 'mm.db');
      const run = spawnCli(['run', file, '--teacher', 'openai', '--db', db], { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: server.url });
      expect((await run.exited).code).toBe(2);
      expect(run.stderr()).toBe(`error: ${file}:4: key "params.min_words": min_words must not exceed max_words (150), got 200\n`);
      expect(server.stats.received).toBe(0);
    } finally {
      await server.close();
    }
  }, 30_000);
});
