import { describe, expect, it } from 'vitest';
import { TeacherConfigSchema } from '../../src/config/common.js';
import { capabilityProblems, PROVIDERS } from '../../src/teacher/providers.js';
import { resolveProvider, resolveTeacher } from '../../src/teacher/factory.js';
import { pricesFor } from '../../src/teacher/billing.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPipelineFile } from '../../src/app/pipeline.js';
import { tempDir } from '../support/tmp.js';

const anthropic = PROVIDERS.anthropic;
const teacher = (o: Record<string, unknown>) => TeacherConfigSchema.parse({ provider: 'anthropic', model: 'claude-3-5-haiku-latest', ...o });
const use = (sampling: Record<string, unknown>, key = 'params.generation') => [{ key, sampling }];

describe('teacher.provider anthropic: config', () => {
  it('reads $ANTHROPIC_API_KEY unless api_key_env says otherwise; openai blocks keep OPENAI_API_KEY', () => {
    expect(teacher({}).api_key_env).toBe('ANTHROPIC_API_KEY');
    expect(teacher({ api_key_env: 'MY_CLAUDE_KEY' }).api_key_env).toBe('MY_CLAUDE_KEY');
    expect(TeacherConfigSchema.parse({ provider: 'openai' }).api_key_env).toBe('OPENAI_API_KEY');
    expect(TeacherConfigSchema.parse({}).api_key_env).toBe('OPENAI_API_KEY');
  });

  it('needs a model name (the default one is an OpenAI model), named in a config error with file, line and key', () => {
    const r = TeacherConfigSchema.safeParse({ provider: 'anthropic' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['model']);
    const file = join(tempDir(), 'claude.yaml');
    writeFileSync(file, 'name: c\nmethod: self-instruct\nteacher:\n  provider: anthropic\n  mode: chat\n');
    expect(() => loadPipelineFile(file)).toThrow(new RegExp(`claude\\.yaml:3: key "teacher\\.model": provider anthropic needs a model name`));
  });

  it('base_url: teacher.base_url, else $ANTHROPIC_BASE_URL, else the API; keyed and billed by endpoint', () => {
    const own = resolveProvider(teacher({}), {});
    expect(own).toMatchObject({ provider: 'anthropic', endpoint: 'https://api.anthropic.com', keyIdentity: 'anthropic', simulated: false, openaiTokenizer: false });
    const viaEnv = resolveProvider(teacher({}), { ANTHROPIC_BASE_URL: 'http://127.0.0.1:9/' });
    expect(viaEnv).toMatchObject({ endpoint: 'http://127.0.0.1:9', keyIdentity: 'anthropic@http://127.0.0.1:9' });
    const explicit = resolveProvider(teacher({ base_url: 'https://gw.example.com/anthropic' }), { ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' });
    expect(explicit.endpoint).toBe('https://gw.example.com/anthropic');
    // Not OpenAI's base URL variable.
    expect(resolveProvider(teacher({}), { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }).endpoint).toBe('https://api.anthropic.com');
  });

  it('prices apply at Anthropic\'s own API under billing auto; elsewhere only with billing prices', () => {
    const prices = { 'claude-3-5-haiku-latest': { input: 0.8, output: 4 } };
    const env = { ANTHROPIC_API_KEY: 'sk-ant-test-0000000000000000' };
    const at = (o: Record<string, unknown>) => pricesFor(prices, resolveTeacher(teacher(o), env).teacher);
    expect(at({})).toBe(prices);
    expect(at({ base_url: 'http://127.0.0.1:9' })).toEqual({});
    expect(at({ base_url: 'http://127.0.0.1:9', billing: 'prices' })).toBe(prices);
    expect(at({ billing: 'free' })).toEqual({});
  });

  it('refuses to start without a key, and a base URL carrying a password without printing it', () => {
    expect(() => resolveTeacher(teacher({}), {})).toThrow(/\$ANTHROPIC_API_KEY/);
    const err = (() => {
      try {
        resolveTeacher(teacher({ base_url: 'https://bob:hunter22@gw.example.com' }), { ANTHROPIC_API_KEY: 'sk-ant-test-0000000000000000' });
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(err).toMatch(/teacher\.base_url/);
    expect(err).not.toContain('hunter22');
  });
});

describe('teacher.provider anthropic: what is refused before the first call', () => {
  const problems = (t: Record<string, unknown>, sampling: Record<string, unknown>) => capabilityProblems(anthropic, teacher(t), use(sampling), {});

  it('completion mode, naming teacher.mode', () => {
    expect(problems({ mode: 'completion' }, {})).toEqual([{ key: 'teacher.mode', message: expect.stringMatching(/no completion mode/) }]);
  });

  it('presence_penalty and frequency_penalty other than 0 (0 changes nothing and is not sent)', () => {
    expect(problems({}, { presence_penalty: 2, frequency_penalty: 0.5 }).map((p) => p.key)).toEqual(['params.generation.presence_penalty', 'params.generation.frequency_penalty']);
    expect(problems({}, { presence_penalty: 2 })[0]!.message).toMatch(/does not accept presence_penalty \(set it to 0/);
    expect(problems({}, { presence_penalty: 0, frequency_penalty: 0 })).toEqual([]);
  });

  it('a temperature above 1', () => {
    expect(problems({}, { temperature: 1.3 })).toEqual([{ key: 'params.generation.temperature', message: expect.stringMatching(/0 to 1/) }]);
    expect(problems({}, { temperature: 1 })).toEqual([]);
  });

  it('temperature with top_p on a model that takes one only; top_p 1 is not sent so it passes', () => {
    const [p, ...rest] = problems({ model: 'claude-sonnet-4-5' }, { temperature: 0.7, top_p: 0.5 });
    expect(rest).toEqual([]);
    expect(p!.key).toBe('params.generation.top_p');
    expect(p!.message).toMatch(/claude-sonnet-4-5 refuses temperature and top_p together.*params\.generation\.top_p to 1/);
    expect(problems({ model: 'claude-sonnet-4-5' }, { temperature: 0.7, top_p: 1 })).toEqual([]);
    expect(problems({ model: 'claude-sonnet-4-5' }, { top_p: 0.5 })).toEqual([]);
    expect(problems({ model: 'claude-sonnet-4-5' }, { temperature: 0, top_p: 0 })).toEqual([]);
    expect(problems({ model: 'claude-3-5-haiku-latest' }, { temperature: 0.7, top_p: 0.5 })).toEqual([]);
  });

  it('more than 4 stop sequences, structured outputs, several endpoints and an OpenAI server profile', () => {
    expect(problems({}, { stop: ['a', 'b', 'c', 'd', 'e'] }).map((p) => p.key)).toEqual(['params.generation.stop']);
    expect(problems({ structured_outputs: true }, {}).map((p) => p.key)).toEqual(['teacher.structured_outputs']);
    expect(problems({ endpoints: [{ base_url: 'http://127.0.0.1:1' }] }, {}).map((p) => p.key)).toEqual(['teacher.endpoints']);
    expect(problems({ server: 'vllm' }, {}).map((p) => p.key)).toEqual(['teacher.server']);
  });
});
