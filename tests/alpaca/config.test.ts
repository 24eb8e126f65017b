import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parsePipeline } from '../../src/app/pipeline.js';
import { REPO } from '../support/paths.js';

describe('pipelines/alpaca.yaml', () => {
  const afile = resolve(REPO, 'pipelines/alpaca.yaml');
  const atext = readFileSync(afile, 'utf8');
  it('validates as shipped with the reference parameters', () => {
    const c = parsePipeline(atext, afile);
    if (c.method !== 'alpaca') throw new Error('not alpaca');
    expect(c.params).toMatchObject({ wave_size: 5, demos: 3, min_words: 4, max_words: 150, generation: { temperature: 1, top_p: 1, max_tokens: 3072, stop: ['\n20', '20.'] } });
    expect(c.params.blocklist).toHaveLength(18);
  });
  it('names the key of a bad value', () => {
    const line = atext.split('\n').findIndex((l) => l.includes('demos: 3')) + 1;
    expect(() => parsePipeline(atext.replace('demos: 3 ', 'demos: three '), 'a.yaml')).toThrow(`a.yaml:${line}: key "params.demos": expected number, got "three"`);
  });
});
