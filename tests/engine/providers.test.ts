import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCapabilities, samplingUses } from '../../src/app/capabilities.js';
import { recipeOf } from '../../src/methods/registry.js';
import { PROVIDERS, capabilityProblems, providerFor, type ProviderDecl } from '../../src/teacher/providers.js';
import { resolveTeacher } from '../../src/teacher/factory.js';
import { ConfigError } from '../../src/config/errors.js';
import { REPO } from '../support/paths.js';
import { pipeline } from '../support/runs.js';

/** A provider like Anthropic's Messages API: chat only, no presence or frequency penalty. */
const chatOnly: ProviderDecl = { ...PROVIDERS.openai, capabilities: { modes: ['chat'], params: ['temperature', 'top_p', 'max_tokens', 'stop'], maxStop: 4 } };

describe('the provider registry', () => {
  it('passes every shipped pipeline for both providers', () => {
    for (const file of readdirSync(resolve(REPO, 'pipelines'))) {
      for (const provider of ['sim', 'openai'] as const) {
        const cfg = pipeline(file, { 'teacher.provider': provider });
        expect(() => checkCapabilities(cfg, recipeOf(cfg.method)!.manifest, { OPENAI_API_KEY: 'k' }, file)).not.toThrow();
      }
    }
  });

  it('names each setting a provider cannot honour: the mode, a parameter, too many stop strings', () => {
    const cfg = pipeline('self-instruct.yaml', { 'teacher.mode': 'completion', 'judge.enabled': true, 'judge.sampling.frequency_penalty': 0.5 });
    const uses = samplingUses(cfg, recipeOf('self-instruct')!.manifest);
    expect(uses.map((u) => u.key)).toEqual(['params.generation', 'params.classify', 'params.instances', 'judge.sampling']);
    const problems = capabilityProblems(chatOnly, cfg.teacher.mode, uses);
    expect(problems).toContainEqual({ key: 'teacher.mode', message: 'provider "openai" has no completion mode (it has chat)' });
    // Self-Instruct's reference sends presence_penalty 2 on generation and 1.5 on instances.
    expect(problems).toContainEqual({ key: 'params.generation.presence_penalty', message: 'provider "openai" does not accept presence_penalty (set it to 0, which changes nothing and is not sent)' });
    expect(problems).toContainEqual({ key: 'params.instances.presence_penalty', message: 'provider "openai" does not accept presence_penalty (set it to 0, which changes nothing and is not sent)' });
    expect(problems).toContainEqual({ key: 'judge.sampling.frequency_penalty', message: 'provider "openai" does not accept frequency_penalty (set it to 0, which changes nothing and is not sent)' });
    // A penalty of 0 changes nothing: taken as unset (a recipe's defaults cannot be unset).
    expect(capabilityProblems(chatOnly, 'chat', [{ key: 'params.x', sampling: { presence_penalty: 0, frequency_penalty: 0 } }])).toEqual([]);
    expect(capabilityProblems({ ...chatOnly, capabilities: { ...chatOnly.capabilities, maxStop: 1 } }, 'chat', [{ key: 'params.x', sampling: { stop: ['a', 'b'] } }])).toEqual([
      { key: 'params.x.stop', message: 'provider "openai" takes at most 1 stop strings' },
    ]);
  });

  it('turns a problem into one config error with the key, before any call', () => {
    const cfg = pipeline('alpaca.yaml', {});
    const manifest = { ...recipeOf('alpaca')!.manifest, sampling: ['generation'] };
    // Only the check is swapped for a stricter provider; the error names the file and the first key.
    const original = PROVIDERS.sim.capabilities;
    (PROVIDERS.sim as { capabilities: typeof original }).capabilities = { ...original, params: ['temperature'] };
    try {
      expect(() => checkCapabilities({ ...cfg, teacher: { ...cfg.teacher, provider: 'sim' } }, manifest, {}, 'pipelines/alpaca.yaml')).toThrow(ConfigError);
      expect(() => checkCapabilities({ ...cfg, teacher: { ...cfg.teacher, provider: 'sim' } }, manifest, {}, 'pipelines/alpaca.yaml')).toThrow(
        /^pipelines\/alpaca\.yaml: key "params\.generation\.top_p": provider "sim" does not accept top_p \(and \d+ more\)$/,
      );
    } finally {
      (PROVIDERS.sim as { capabilities: typeof original }).capabilities = original;
    }
  });

  it('resolves auto to openai only with a key, and builds each provider from its options', () => {
    const cfg = pipeline('alpaca.yaml', {}).teacher;
    expect(providerFor(cfg, {}).name).toBe('sim');
    expect(providerFor(cfg, { OPENAI_API_KEY: 'k' }).name).toBe('openai');
    expect(resolveTeacher(cfg, {}).notice).toMatch(/^no OPENAI_API_KEY is set, so the offline sim teacher answers/);
    const t = resolveTeacher({ ...cfg, base_url: 'http://127.0.0.1:9/v1' }, { OPENAI_API_KEY: 'k' });
    expect(t.teacher.provider).toBe('openai');
    expect(t.notice).toBe('teacher: gpt-4o-mini at http://127.0.0.1:9/v1 (chat mode; rules of an OpenAI-compatible server (teacher.server auto: generic); calls priced at 0 (teacher.billing))');
    expect(() => resolveTeacher({ ...cfg, provider: 'openai' }, {})).toThrow(/needs an API key in \$OPENAI_API_KEY/);
  });
});
