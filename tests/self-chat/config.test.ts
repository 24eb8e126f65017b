import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parsePipeline } from '../../src/app/pipeline.js';
import { ConfigError } from '../../src/config/errors.js';
import { REPO } from '../support/paths.js';

const file = resolve(REPO, 'pipelines/self-chat.yaml');
const text = readFileSync(file, 'utf8');
const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('pipelines/self-chat.yaml', () => {
  it('validates as shipped with the documented defaults', () => {
    const c = parsePipeline(text, file);
    expect(c.method).toBe('self-chat');
    if (c.method !== 'self-chat') return;
    expect(c.params).toMatchObject({ mode: 'transcript', min_turns: 2, languages: ['en'], rouge_threshold: 0.7, human: { stop: ['[AI]'] } });
    expect(c.params.topics.path).toBe('seeds/topics.txt');
  });

  it('rejects two-context mode with a completion endpoint, naming file, line and key', () => {
    const bad = text.replace('mode: chat ', 'mode: completion ').replace('mode: transcript ', 'mode: two-context ');
    const err = (() => {
      try {
        parsePipeline(bad, 'pipelines/self-chat.yaml');
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('no error');
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe(
      `pipelines/self-chat.yaml:${lineOf('mode: transcript ')}: key "params.mode": two-context needs teacher.mode "chat" ` +
        '(the assistant answers in its own chat context; use mode "transcript" with completion endpoints), got "completion"',
    );
  });

  it('refuses the common judge, which rates single instruction/output pairs', () => {
    expect(() => parsePipeline(`${text}\njudge:\n  enabled: true\n`, 'x.yaml')).toThrow(
      `x.yaml:${text.split('\n').length + 2}: key "judge.enabled": the judge rates one instruction and its output; self-chat conversations are not judged (remove judge.enabled), got true`,
    );
  });

  it('names an unknown key and a bad language code', () => {
    expect(() => parsePipeline(text.replace('  passes: 1 ', '  pases: 1 '), 'x.yaml')).toThrow(`x.yaml:${lineOf('  passes: 1 ')}: key "params.pases": unknown key`);
    expect(() => parsePipeline(text.replace('languages: [en]', 'languages: [English]'), 'x.yaml')).toThrow(
      new RegExp(`^x\\.yaml:${lineOf('languages:')}: key "params\\.languages\\.0": .*ISO 639-1`),
    );
  });
});
