/**
 * Every real template under prompts/, rendered with plausible values, must be recognised by the right
 * stage of the simulated teacher, in completion mode and as a chat user message.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simStage, simulate } from '../../src/teacher/sim/index.js';
import { detectMethod } from '../../src/teacher/sim/stages/evol-in-depth.js';
import type { TeacherRequest } from '../../src/teacher/types.js';
import { REPO_ROOT, SEED_DEMOS, chat, completion, fill, numbered, parseSelfInstruct, readTemplate } from './helpers.js';

const PROMPTS = resolve(REPO_ROOT, 'prompts');

const alpacaDemos =
  '###\n1. Instruction: Give three tips for staying healthy.\n1. Input:\n<noinput>\n1. Output:\nEat vegetables, sleep well and walk daily.\n' +
  '###\n2. Instruction: Classify the sentiment of the sentence.\n2. Input:\nI love this phone.\n2. Output:\nPositive\n' +
  '###\n3. Instruction: What is the capital of France?\n3. Input:\n<noinput>\n3. Output:\nParis.\n###\n4. Instruction:';

const passage =
  'The Danube River flows through ten countries. Ships on the Danube River carry grain and steel, and the Danube River delta is home to many birds.';

const METHODS = ['add-constraints', 'deepening', 'concretizing', 'increase-reasoning', 'complicate-input'] as const;

/** How each template is rendered and which stage must answer it. Method files are fragments of depth-v1. */
const CASES: Record<string, { stage: string; render: (t: string) => string }> = {
  'self-instruct/instructions-v1.txt': { stage: 'self-instruct-instructions', render: (t) => fill(t, { demos: numbered(SEED_DEMOS), next: '9' }) },
  'self-instruct/instructions-clf-v1.txt': { stage: 'self-instruct-instructions', render: (t) => fill(t, { demos: numbered(SEED_DEMOS), next: '9' }) },
  'self-instruct/is-classification-v1.txt': { stage: 'self-instruct-is-classification', render: (t) => fill(t, { instruction: 'Decide whether the review is positive or negative.' }) },
  'self-instruct/instances-clf-v1.txt': { stage: 'self-instruct-instances-output-first', render: (t) => fill(t, { instruction: 'Classify the following tweet as sarcastic or sincere.' }) },
  'self-instruct/instances-gen-v1.txt': { stage: 'self-instruct-instances-input-first', render: (t) => fill(t, { instruction: 'Rewrite the given sentence in a formal tone.' }) },
  'alpaca/instructions-v1.txt': { stage: 'alpaca-instructions', render: (t) => `${fill(t, {})}\n${alpacaDemos}` },
  'evol-instruct/depth-v1.txt': {
    stage: 'evol-in-depth',
    render: (t) => fill(t, { method: readTemplate('evol-instruct/add-constraints-v1.txt'), instruction: 'Explain how vaccines train the immune system.' }),
  },
  'evol-instruct/breadth-v1.txt': { stage: 'evol-in-breadth', render: (t) => fill(t, { instruction: 'How do I bake sourdough bread at home?' }) },
  'evol-instruct/equality-v1.txt': { stage: 'evol-equality', render: (t) => fill(t, { first: 'Explain gravity.', second: 'Explain gravity to a child.' }) },
  'backtranslation/self-augment-v1.txt': {
    stage: 'backtranslation-instruction',
    render: (t) =>
      fill(t, {
        demos: 'Response:\nParis has been the capital of France since 987.\nInstruction: What is the capital of France?\n\nResponse:\nBoil water, add pasta, cook ten minutes.\nInstruction: How do I cook pasta?',
        passage,
      }),
  },
  'backtranslation/curate-v1.txt': { stage: 'judge-score', render: (t) => fill(t, { instruction: 'Tell me about the Danube.', answer: passage }) },
  'judge/quality-v1.txt': { stage: 'judge-score', render: (t) => fill(t, { instruction: 'Tell me about the Danube.', input: '(none)', output: passage }) },
  'self-chat/transcript-v1.txt': { stage: 'self-chat-transcript', render: (t) => fill(t, { topic: 'How do I keep a sourdough starter alive?' }) },
  'self-chat/human-turn-v1.txt': {
    stage: 'self-chat-human-turn',
    render: (t) =>
      fill(t, {
        topic: 'sourdough starters',
        transcript: '[Human] Hello!\n[AI] Hi! How can I help you?\n[Human] How often should I feed a starter?\n[AI] Once a day at room temperature is typical.',
      }),
  },
};
const FRAGMENTS = new Set(METHODS.map((m) => `evol-instruct/${m}-v1.txt`));

function listTemplates(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listTemplates(join(dir, e.name)) : e.name.endsWith('.txt') ? [relative(PROMPTS, join(dir, e.name)).split('\\').join('/')] : [],
  );
}

const present = Object.keys(CASES).filter((f) => existsSync(join(PROMPTS, f)));

describe.skipIf(present.length === 0)('real prompt templates are recognised', () => {
  for (const file of present) {
    const c = CASES[file]!;
    it(`${file} -> ${c.stage}`, () => {
      const prompt = c.render(readTemplate(file));
      const requests: TeacherRequest[] = [completion(prompt, { seed: 1 }), chat(prompt, { seed: 1 }, 'You are a helpful assistant.')];
      for (const req of requests) {
        expect(simStage(req).name).toBe(c.stage);
        expect(simulate(req).text.length).toBeGreaterThan(0);
      }
    });
  }

  it('every evol-instruct method file renders into depth-v1 and is recognised, its method detected', () => {
    if (!existsSync(join(PROMPTS, 'evol-instruct/depth-v1.txt'))) return;
    const expected: Record<(typeof METHODS)[number], string> = {
      'add-constraints': 'constraints',
      deepening: 'deepening',
      concretizing: 'concretizing',
      'increase-reasoning': 'reasoning',
      'complicate-input': 'complicate',
    };
    for (const m of METHODS) {
      const file = `evol-instruct/${m}-v1.txt`;
      if (!existsSync(join(PROMPTS, file))) continue;
      const method = readTemplate(file);
      expect(detectMethod(method)).toBe(expected[m]);
      const prompt = fill(readTemplate('evol-instruct/depth-v1.txt'), { method, instruction: 'Plan a picnic for six friends.' });
      expect(simStage(chat(prompt)).name).toBe('evol-in-depth');
      // The header also names the method: the quoted marker phrases must not confuse it.
      expect(detectMethod(prompt.split('#The Given Prompt#:')[0] ?? '')).toBe(expected[m]);
    }
  });

  it('the rendered Self-Instruct prompts give parseable lists (classification-only for the clf header)', () => {
    const file = 'self-instruct/instructions-clf-v1.txt';
    if (!present.includes(file)) return;
    const items = parseSelfInstruct(simulate(completion(CASES[file]!.render(readTemplate(file)), { seed: 2, stop: ['\n\n', '\n16', '16.', '16 .'] })).text, 9);
    expect(items.length).toBe(7);
  });

  it('the equality template: Equal for identical instructions', () => {
    const file = 'evol-instruct/equality-v1.txt';
    if (!present.includes(file)) return;
    const prompt = fill(readTemplate(file), { first: 'Plan a picnic\nfor six friends.', second: 'plan a picnic for six  friends.' });
    for (let seed = 0; seed < 10; seed++) expect(simulate(chat(prompt, { seed })).text).toBe('Equal');
  });

  it('the self-augment template: the instruction names the passage topic', () => {
    const file = 'backtranslation/self-augment-v1.txt';
    if (!present.includes(file)) return;
    expect(simulate(completion(CASES[file]!.render(readTemplate(file)), { seed: 3 })).text).toContain('Danube River');
  });

  it('lists every template file (new ones need a case here)', () => {
    const unknown = listTemplates(PROMPTS).filter((f) => !(f in CASES) && !FRAGMENTS.has(f));
    // New template versions are fine, but should be added to CASES so their stage is checked.
    if (unknown.length > 0) console.warn(`templates without a sim-stage case: ${unknown.join(', ')}`);
    expect(Array.isArray(unknown)).toBe(true);
  });
});
