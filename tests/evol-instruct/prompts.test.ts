import { describe, expect, it } from 'vitest';
import { parsePipeline } from '../../src/app/pipeline.js';
import { stepRng } from '../../src/engine/rng.js';
import { loadEvolTemplates } from '../../src/methods/evol-instruct/recipe.js';
import { OPERATIONS, type Operation } from '../../src/methods/evol-instruct/params.js';
import { drawOperation, equalityPrompt, evolutionPrompt } from '../../src/methods/evol-instruct/prompts.js';
import { simStage } from '../../src/teacher/sim/simulate.js';
import { REPO } from '../support/paths.js';

const config = parsePipeline('name: e\nmethod: evol-instruct\n', 'x.yaml');
if (config.method !== 'evol-instruct') throw new Error('method');
const templates = loadEvolTemplates({ config, root: REPO });
const chat = (content: string) => ({ mode: 'chat' as const, model: 'm', messages: [{ role: 'user' as const, content }], params: {} });
const INSTRUCTION = 'Summarise the table below in two sentences.\n| city | rain (mm) |\n|---|---|\n| Oslo | 763 |';

describe('Evol-Instruct prompts', () => {
  it('defaults follow methods.md section 3', () => {
    expect(config.params.rounds).toBe(4);
    expect(config.params.on_failure).toBe('keep_parent');
    expect(config.params.sorry_max_words).toBe(80);
    expect(config.params.rouge_threshold).toBe(0.7);
    expect(config.params.evolution).toMatchObject({ temperature: 1, top_p: 0.95, max_tokens: 2048, presence_penalty: 0, frequency_penalty: 0 });
    expect(Object.values(config.params.operations)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('in-depth: the rewriter frame with the method text, the 10-20 word limit, the marker ban, the instruction last', () => {
    for (const op of OPERATIONS.filter((o) => o !== 'in_breadth')) {
      const p = evolutionPrompt(templates, op, INSTRUCTION);
      expect(p).toContain(templates.methods[op as Exclude<Operation, 'in_breadth'>].text.trim());
      expect(p).toMatch(/10 to 20 words/);
      for (const marker of ['"#The Given Prompt#"', '"#Rewritten Prompt#"', '"given prompt"', '"rewritten prompt"']) expect(p).toContain(marker);
      expect(p.endsWith(`#The Given Prompt#:\n${INSTRUCTION}\n#Rewritten Prompt#:\n`)).toBe(true);
      expect(simStage(chat(p)).name).toBe('evol-in-depth');
    }
    expect(evolutionPrompt(templates, 'complicate_input', 'x')).toMatch(/table, code, SQL, XML, JSON or a formula/);
  });

  it('in-breadth: the creator frame, same domain but rarer, the marker ban, the instruction last', () => {
    const p = evolutionPrompt(templates, 'in_breadth', INSTRUCTION);
    expect(p).toMatch(/same domain/);
    expect(p).toMatch(/rarer/);
    for (const marker of ['"#Given Prompt#"', '"#Created Prompt#"', '"given prompt"', '"created prompt"']) expect(p).toContain(marker);
    expect(p.endsWith(`#Given Prompt#:\n${INSTRUCTION}\n#Created Prompt#:\n`)).toBe(true);
    expect(simStage(chat(p)).name).toBe('evol-in-breadth');
  });

  it('inserts instructions as data: placeholders in them are never expanded', () => {
    const p = evolutionPrompt(templates, 'deepening', 'Explain {{method}} and {{instruction}}.');
    expect(p).toContain('Explain {{method}} and {{instruction}}.');
    expect(equalityPrompt(templates.equality, 'A {{second}}', 'B')).toContain('A {{second}}');
  });

  it('the equality check shows the parent first and the evolution second', () => {
    const p = equalityPrompt(templates.equality, 'Name a colour.', 'Name a warm colour and explain why it feels warm.');
    expect(p.indexOf('Name a colour.')).toBeLessThan(p.indexOf('Name a warm colour'));
    expect(p).toMatch(/"Equal" or "Not Equal"/);
    expect(simStage(chat(p)).name).toBe('evol-equality');
  });

  it('draws operations per (seed, round, chain): reproducible, weighted, uniform by default', () => {
    const w = config.params.operations;
    const draw = (seed: number, round: number, i: number, weights = w) => drawOperation(stepRng(seed, 'evol-op', round, i), weights);
    expect(draw(42, 2, 7)).toBe(draw(42, 2, 7));
    const counts = new Map<string, number>();
    for (let i = 0; i < 1200; i++) counts.set(draw(42, 1, i), (counts.get(draw(42, 1, i)) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([...OPERATIONS].sort());
    for (const n of counts.values()) expect(n).toBeGreaterThan(140); // 200 expected each
    const onlyBreadth = { ...w, add_constraints: 0, deepening: 0, concretizing: 0, increase_reasoning: 0, complicate_input: 0 };
    for (let i = 0; i < 50; i++) expect(draw(1, 1, i, onlyBreadth)).toBe('in_breadth');
    // Different rounds draw differently for the same chain.
    expect(new Set(Array.from({ length: 12 }, (_, r) => draw(42, r + 1, 0))).size).toBeGreaterThan(1);
  });

  it('rejects a config that disables every operation or names both a file and a run', () => {
    expect(() => parsePipeline('name: e\nmethod: evol-instruct\nparams:\n  operations: {add_constraints: 0, deepening: 0, concretizing: 0, increase_reasoning: 0, complicate_input: 0, in_breadth: 0}\n', 'x.yaml')).toThrow(
      /params\.operations.*at least one operation/,
    );
    expect(() => parsePipeline('name: e\nmethod: evol-instruct\nparams:\n  inputs:\n    path: a.json\n    from_run: other\n', 'x.yaml')).toThrow(/x\.yaml:4: key "params\.inputs": set either/);
    expect(() => parsePipeline('name: e\nmethod: evol-instruct\nparams:\n  round: 3\n', 'x.yaml')).toThrow(/x\.yaml:4: key "params\.round": unknown key/);
  });
});
