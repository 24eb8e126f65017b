import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseCard } from './readers.js';
import { buildCard, fenced, sizeCategory, table, type CardInput } from '../../src/export/card.js';
import { recordFields } from '../../src/export/columns.js';

const config = {
  name: 'bt',
  method: 'backtranslation',
  teacher: { provider: 'openai', model: 'gpt-4o-mini', mode: 'chat' },
  params: { note: 'a ``` fence and a | pipe', threshold: 4 },
};

function input(over: Partial<CardInput> = {}): CardInput {
  return {
    run: {
      name: 'bt',
      method: 'backtranslation',
      provider: 'openai',
      model: 'gpt-4o-mini',
      simulated: false,
      seed: 7,
      status: 'completed',
      toolVersion: '0.1.0',
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-02T00:00:00Z',
    },
    config,
    selection: { kinds: ['pair'], statuses: ['accepted'], minScore: 4, provenance: true, systemPrompt: false, splitSeed: 7 },
    splits: [
      { name: 'train', rows: 1900, path: 'data/train-00000-of-00001.parquet', bytes: 1000 },
      { name: 'test', rows: 100, path: 'data/test-00000-of-00001.parquet', bytes: 80 },
    ],
    fields: recordFields({ single: true, conversations: false, provenance: true }),
    samples: [
      { kind: 'pair', status: 'accepted', reason: null, n: 2100 },
      { kind: 'pair', status: 'rejected', reason: 'judge|low', n: 400 },
    ],
    filters: [{ kind: 'pair', filter: 'judge-iter2', checked: 2500, passed: 2100, failed: 400, meanScore: 3.91234 }],
    calls: { total: 5000, promptTokens: 1_000_000, completionTokens: 200_000, cost: 0.27, byStage: [{ stage: 'judge', calls: 2500, tokens: 600_000, cost: 0.1 }] },
    ...over,
  };
}

describe('dataset card', () => {
  it('declares configs, features and split sizes in its front matter', () => {
    const { front } = parseCard(buildCard(input()));
    expect(front.configs).toEqual([
      {
        config_name: 'default',
        data_files: [
          { split: 'train', path: 'data/train-*' },
          { split: 'test', path: 'data/test-*' },
        ],
      },
    ]);
    const features = front.dataset_info.features as { name: string; dtype?: string; list?: { name: string; dtype: string }[] }[];
    expect(features.map((f) => f.name)).toEqual(['instruction', 'input', 'output', 'messages', 'sample_id', 'run', 'kind', 'stage', 'status', 'call_id', 'judge_score', 'verdicts', 'parents']);
    expect(features.find((f) => f.name === 'messages')).toEqual({ name: 'messages', list: [{ name: 'role', dtype: 'string' }, { name: 'content', dtype: 'string' }] });
    expect(features.find((f) => f.name === 'sample_id')).toEqual({ name: 'sample_id', dtype: 'int64' });
    expect(features.find((f) => f.name === 'verdicts')!.list!.map((i) => i.dtype)).toEqual(['string', 'bool', 'float64']);
    expect(front.dataset_info.splits).toEqual([
      { name: 'train', num_examples: 1900 },
      { name: 'test', num_examples: 100 },
    ]);
    expect(front.dataset_info.download_size).toBe(1080);
    expect(front.size_categories).toEqual(['1K<n<10K']);
    expect(front.license).toBe('other');
    expect(front.tags).toContain('backtranslation');
    expect(front.tags).not.toContain('simulated');
  });

  it('gives the recipe, teacher, counts by filter, cost, the config and the terms of teacher outputs', () => {
    const { body } = parseCard(buildCard(input()));
    expect(body).toMatch(/Instruction backtranslation \(Humpback; Li et al\., 2023\)/);
    expect(body).toMatch(/2000 examples/);
    expect(body).toMatch(/\| openai \| `gpt-4o-mini` \| chat \|/);
    expect(body).toContain('| pair | judge\\|low | 400 |');
    expect(body).toContain('| pair | judge-iter2 | 2500 | 2100 | 400 | 3.9123 |');
    expect(body).toContain('| 5000 | 1000000 | 200000 | 0.27 |');
    expect(body).toMatch(/latest judge score is at least 4/);
    expect(body).toMatch(/provider's terms of use/);
    expect(body).toMatch(/arXiv:2308\.06259/);
    // The config block parses back to the config, although the config itself holds a ``` fence.
    const block = /\n(`{4,})yaml\n([\s\S]*?)\n\1\n/.exec(body);
    expect(block).not.toBeNull();
    expect(parse(block![2]!)).toEqual(config);
  });

  it('says so when the data is simulated, and takes a chosen license', () => {
    const base = input();
    const card = buildCard(input({ run: { ...base.run, simulated: true, provider: 'sim', model: 'distillery-sim-1' }, license: 'apache-2.0' }));
    const { front, body } = parseCard(card);
    expect(front.tags).toContain('simulated');
    expect(front.license).toBe('apache-2.0');
    expect(body).toMatch(/\*\*Simulated data\.\*\*/);
    expect(body).toMatch(/no real cost/);
    expect(body).not.toMatch(/provider's terms of use/);
  });

  it('has helpers that keep Markdown intact', () => {
    expect(table(['a', 'b'], [['x|y', 'line\nbreak']])).toBe('| a | b |\n|---|---|\n| x\\|y | line break |');
    expect(fenced('yaml', 'a: "````"')[0]).toBe('`````yaml');
    expect(fenced('yaml', 'a: 1')).toEqual(['```yaml', 'a: 1', '```']);
    expect(sizeCategory(999)).toBe('n<1K');
    expect(sizeCategory(1000)).toBe('1K<n<10K');
    expect(sizeCategory(1_000_000)).toBe('1M<n<10M');
  });
});
