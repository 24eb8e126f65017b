import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parsePipeline } from '../../src/app/pipeline.js';
import { ConfigError } from '../../src/config/errors.js';
import { checkJudgeTemplate, judgePrompt, renderJudgeDemos } from '../../src/engine/judge-stage.js';
import { augmentPrompt } from '../../src/methods/backtranslation/prompts.js';
import { instructionVerdicts, parseBacktranslatedInstruction } from '../../src/methods/backtranslation/parse.js';
import { loadTemplate, parseTemplate } from '../../src/prompts/template.js';
import { simStage } from '../../src/teacher/sim/simulate.js';
import { REPO } from '../support/paths.js';

const augment = loadTemplate('prompts/backtranslation/self-augment-v1.txt', REPO);
const curate = loadTemplate('prompts/backtranslation/curate-v1.txt', REPO);
const curateDemos = loadTemplate('prompts/backtranslation/curate-demos-v1.txt', REPO);
const quality = loadTemplate('prompts/judge/quality-v1.txt', REPO);
const chat = (content: string) => ({ mode: 'chat' as const, model: 'm', messages: [{ role: 'user' as const, content }], params: {} });

describe('self-augmentation prompt', () => {
  it('turns seed pairs around (response first) and ends with the passage and "Instruction:"', () => {
    const text = augmentPrompt(
      augment,
      [
        { instruction: 'Why is the sky blue?', output: 'Air scatters blue light more.\n' },
        { instruction: '  Name   three\nprimes. ', output: '2, 3 and 5.' },
      ],
      '  A passage about {{demos}} braces.\n',
    );
    expect(text).toContain('Response:\nAir scatters blue light more.\nInstruction: Why is the sky blue?\n\nResponse:\n2, 3 and 5.\nInstruction: Name three primes.\n\nResponse:\nA passage about {{demos}} braces.\nInstruction:');
    expect(text.endsWith('Response:\nA passage about {{demos}} braces.\nInstruction:')).toBe(true);
    expect(simStage(chat(text)).name).toBe('backtranslation-instruction');
  });

  it('parses the written instruction tolerantly', () => {
    expect(parseBacktranslatedInstruction(' Explain how hash tables work.\n')).toBe('Explain how hash tables work.');
    expect(parseBacktranslatedInstruction('Instruction: "Explain how hash tables work."')).toBe('Explain how hash tables work.');
    expect(parseBacktranslatedInstruction('**Instruction:** Explain it.')).toBe('Explain it.');
    expect(parseBacktranslatedInstruction('Explain it.\nResponse:\nSomething else\nInstruction: more')).toBe('Explain it.');
    expect(parseBacktranslatedInstruction('Explain it.\n\nThis instruction fits because...')).toBe('Explain it.');
    expect(parseBacktranslatedInstruction('Write a poem.\nMake it rhyme.')).toBe('Write a poem.\nMake it rhyme.');
    expect(parseBacktranslatedInstruction('“Quoted.”')).toBe('Quoted.');
    expect(parseBacktranslatedInstruction('   ')).toBe('');
  });

  it('filters instructions by completeness and length (10 to 800 characters by default)', () => {
    const reasons = (s: string, f: 'stop' | 'length' = 'stop') => instructionVerdicts(s, f, { min: 10, max: 800 }).filter((v) => !v.passed).map((v) => v.filter);
    expect(reasons('Explain hashing.')).toEqual([]);
    expect(reasons('Why?')).toEqual(['instruction-length']);
    expect(reasons('x'.repeat(801))).toEqual(['instruction-length']);
    expect(reasons('Explain hashing in', 'length')).toEqual(['response-complete']);
  });
});

describe('judge prompts', () => {
  it('fills the generic rubric, showing an empty input as "(none)", and the sim recognises it', () => {
    const p = judgePrompt({ template: quality }, { instruction: 'Add the numbers.', input: '', output: '5' });
    expect(p).toContain('Instruction:\nAdd the numbers.\n\nInput:\n(none)\n\nResponse:\n5\n');
    expect(judgePrompt({ template: quality }, { instruction: 'Add.', input: '2 3', output: '5' })).toContain('Input:\n2 3\n');
    expect(simStage(chat(p)).name).toBe('judge-score');
  });

  it('puts a non-empty input after the instruction for a rubric without {{input}}', () => {
    const p = judgePrompt({ template: curate }, { instruction: 'Summarise.', input: 'Long text.', output: 'Short.' });
    expect(p.endsWith('Instruction:\nSummarise.\n\nLong text.\n\nAnswer:\nShort.')).toBe(true);
  });

  it('shows iteration-2 demonstrations with their scores before the pair', () => {
    const demos = [
      { instruction: 'Explain A.', output: 'A is...', score: 5 },
      { instruction: 'Explain B.', output: 'B is...', score: 4.5 },
    ];
    expect(renderJudgeDemos(demos)).toBe('Example 1\nInstruction:\nExplain A.\n\nAnswer:\nA is...\n\nScore: 5\n\nExample 2\nInstruction:\nExplain B.\n\nAnswer:\nB is...\n\nScore: 4.5');
    const p = judgePrompt({ template: curate, demosTemplate: curateDemos }, { instruction: 'Explain C.', output: 'C is...', demos });
    expect(p.indexOf('Example 2')).toBeLessThan(p.indexOf('Explain C.'));
    expect(p.endsWith('Instruction:\nExplain C.\n\nAnswer:\nC is...')).toBe(true);
    expect(simStage(chat(p)).name).toBe('judge-score');
    expect(() => judgePrompt({ template: curate }, { instruction: 'x', output: 'y', demos })).toThrow(/no rubric with \{\{demos\}\}/);
  });

  it('checks a rubric\'s placeholders before any call', () => {
    expect(() => checkJudgeTemplate(quality)).not.toThrow();
    expect(() => checkJudgeTemplate(curateDemos, { demos: true })).not.toThrow();
    expect(() => checkJudgeTemplate(curate, { demos: true })).toThrow(/missing \{\{demos\}\}/);
    expect(() => checkJudgeTemplate(parseTemplate('r.txt', 'Rate {{instruction}} and {{reply}}'))).toThrow(/r\.txt: .*unknown placeholder\(s\) \{\{reply\}\}; missing \{\{output\}\} or \{\{answer\}\}/);
  });
});

describe('backtranslation config', () => {
  const file = resolve(REPO, 'pipelines', 'backtranslation.yaml');

  it('the shipped pipeline validates with the reference values', () => {
    const cfg = parsePipeline(readFileSync(file, 'utf8'), file);
    if (cfg.method !== 'backtranslation') throw new Error('method');
    expect(cfg.params.corpus).toMatchObject({ paths: ['seeds/corpus'], min_chars: 1000, max_chars: 2200, min_line_chars: 5 });
    expect(cfg.params.min_score).toBe(5);
    expect(cfg.params.iterations).toBe(2);
    expect(cfg.params.augment).toMatchObject({ temperature: 0.7, top_p: 0.9 });
    expect(cfg.judge.enabled).toBe(false);
  });

  it('defaults every key, including the common judge key', () => {
    const cfg = parsePipeline('name: b\nmethod: backtranslation\n', 'x.yaml');
    if (cfg.method !== 'backtranslation') throw new Error('method');
    expect(cfg.params.corpus.on_invalid_utf8).toBe('error');
    expect(cfg.params.prompts.curate_demos).toBe('prompts/backtranslation/curate-demos-v1.txt');
    expect(cfg.judge).toMatchObject({ enabled: false, prompt: 'prompts/judge/quality-v1.txt', min_score: 4 });
    expect(cfg.judge.sampling.temperature).toBe(0);
  });

  it('names file, line and key for bad values', () => {
    const err = (text: string) => {
      try {
        parsePipeline(text, 'p.yaml');
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
      throw new Error('expected an error');
    };
    expect(err('name: b\nmethod: backtranslation\nparams:\n  min_score: 6\n')).toMatch(/^p\.yaml:4: key "params\.min_score": /);
    expect(err('name: b\nmethod: backtranslation\nparams:\n  corpus:\n    min_chars: 3000\n')).toMatch(/^p\.yaml:5: key "params\.corpus\.min_chars": min_chars must not exceed max_chars/);
    expect(err('name: b\nmethod: backtranslation\nparams:\n  corpus:\n    on_invalid_utf8: ignore\n')).toMatch(/^p\.yaml:5: key "params\.corpus\.on_invalid_utf8"/);
    expect(err('name: b\nmethod: self-instruct\njudge:\n  enabled: yes please\n')).toMatch(/^p\.yaml:4: key "judge\.enabled": expected boolean/);
    expect(err('name: b\nmethod: backtranslation\nparams:\n  iterations: 3\n')).toMatch(/key "params\.iterations"/);
  });
});
