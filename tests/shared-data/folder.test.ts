/** The data suite's inputs, checked once with one clear message (each test also fails on its own). */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DATA_DIR, DATA_FILES, dataProblem, referenceScript } from './data.js';

describe('the data folder (DISTILLERY_DATA)', () => {
  it(`holds ${DATA_FILES.join(' and ')}`, () => {
    const problem = dataProblem();
    if (problem !== null) throw new Error(problem);
    expect(DATA_DIR).toBeTruthy();
  });

  it('has the ROUGE-L reference script beside it, and python3 runs it', () => {
    const script = referenceScript();
    const out = execFileSync('python3', ['-c', 'import sys; print(sys.version_info[0])'], { encoding: 'utf8' });
    expect(out.trim()).toBe('3');
    expect(script).toMatch(/\.py$/);
  });
});
