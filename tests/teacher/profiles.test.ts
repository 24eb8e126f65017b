/**
 * Server profiles (issue 14 item 2): the wire form follows each server's documented rules, configs
 * a server would refuse are refused before the first call, and the shipped pipelines' requests pass
 * the fake server's vLLM, TGI and llama.cpp request checks through the real openai client.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../src/teacher/profiles/catalog.js';
import { profileFor, normaliseBaseUrl } from '../../src/teacher/profiles/endpoint.js';
import { wireSampling } from '../../src/teacher/profiles/wire.js';
import { capabilityProblems, PROVIDERS } from '../../src/teacher/providers.js';
import { TeacherConfigSchema } from '../../src/config/common.js';
import { useFakeServer } from '../support/fake-server.js';
import { pipeline, run, SMALL_SHIPPED } from '../support/runs.js';
import { tempDir } from '../support/tmp.js';

describe('wire translation', () => {
  it('never sends top_p 0: at temperature 0 greedy is the temperature', () => {
    for (const name of ['vllm', 'tgi', 'openai', 'llama.cpp'] as const) {
      const wire = wireSampling(PROFILES[name], 'chat', { temperature: 0, top_p: 0, max_tokens: 3, stop: ['\n'] });
      expect(wire.top_p === undefined || (wire.top_p as number) > 0, name).toBe(true);
      expect(wire.temperature, name).toBeDefined();
    }
  });

  it('sends reasoning models max_completion_tokens and none of the sampling parameters they refuse', () => {
    const wire = wireSampling(PROFILES['openai-reasoning'], 'chat', { temperature: 0.7, top_p: 0.5, max_tokens: 1024, stop: ['\n\n'], presence_penalty: 2, seed: 3 });
    expect(wire.max_completion_tokens).toBe(1024);
    for (const k of ['max_tokens', 'temperature', 'top_p', 'stop', 'presence_penalty']) expect(wire[k], k).toBeUndefined();
  });

  it('picks OpenAI\u2019s reasoning profile for o-series models at OpenAI\u2019s URL, a generic one elsewhere', () => {
    expect(profileFor('auto', 'o3-mini', normaliseBaseUrl(undefined)).name).toBe('openai-reasoning');
    expect(profileFor('auto', 'gpt-4o-mini', normaliseBaseUrl(undefined)).name).toBe('openai');
    expect(profileFor('auto', 'llama-3', normaliseBaseUrl('http://127.0.0.1:8000/v1')).name).toBe('generic');
  });
});

describe('config checks against the profile, before the first call', () => {
  const problems = (teacher: object, sampling: object) =>
    capabilityProblems(PROVIDERS.openai, TeacherConfigSchema.parse(teacher), [{ key: 'params.generation', sampling }], { OPENAI_API_KEY: 'k' });

  it('refuses top_p 0 with a temperature above 0 on vLLM, naming the key', () => {
    const p = problems({ server: 'vllm', base_url: 'http://127.0.0.1:8000/v1', model: 'm' }, { temperature: 0.7, top_p: 0 });
    expect(p.map((x) => x.key)).toContain('params.generation.top_p');
  });

  it('refuses completion mode for a reasoning model', () => {
    const p = problems({ model: 'o3-mini', mode: 'completion' }, { max_tokens: 10 });
    expect(p.map((x) => x.key)).toContain('teacher.mode');
  });

  it('refuses structured outputs where the profile has none', () => {
    const p = problems({ base_url: 'http://127.0.0.1:8000/v1', model: 'm', structured_outputs: true }, {});
    expect(p.map((x) => x.key)).toContain('teacher.structured_outputs');
  });
});

const SHIPPED = SMALL_SHIPPED;

describe.each(['vllm', 'tgi', 'llama.cpp'] as const)('the shipped pipelines against %s rules', (rules) => {
  const fake = useFakeServer({ rules });
  it.each(SHIPPED)('%s: every request accepted', async (file, overrides) => {
    const db = join(tempDir(), 'p.db');
    fake.server.reset();
    const r = await run(pipeline(file, { ...overrides, name: 'p', 'teacher.provider': 'openai', 'teacher.server': rules, 'teacher.model': 'local-model' }), db, fake.env());
    expect(r.status, r.detail).not.toBe('failed');
    expect(r.stats.failed).toBe(0);
  });
});

describe('the fake server refuses what vLLM refuses', () => {
  const fake = useFakeServer({ rules: 'vllm' });
  it('answers top_p 0 with vLLM\u2019s 400', async () => {
    const res = await fetch(`${fake.server.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'Is this a classification task?' }], temperature: 0, top_p: 0, max_tokens: 3 }),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/top_p/);
  });
});
