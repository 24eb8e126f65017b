/**
 * One battery for every declared stage (the registry's list, the shared judge included): a stage's
 * prompt is rendered from a representative input with its shipped template, the sim answers with
 * the stage's example writer (stop strings and max_tokens applied, as a server would), and the
 * stage's own parser must find a usable item in the answer. A stage declared without an entry
 * here fails the first test, so no stage goes unchecked.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StageSampling } from '../../src/config/common.js';
import { buildRequest } from '../../src/engine/requests.js';
import { readStructured } from '../../src/engine/structured.js';
import type { Stage } from '../../src/engine/stage.js';
import { allStages } from '../../src/methods/registry.js';
import { loadTemplate } from '../../src/prompts/template.js';
import { loadSeedTasks } from '../../src/seeds/load.js';
import { simulate } from '../../src/teacher/sim/index.js';
import { REPO } from '../support/paths.js';
import { stagePrompt } from '../../src/methods/custom/prompt.js';
import { SAMPLE_RECORD_SCHEMA as RECORD_SCHEMA } from '../../src/methods/custom/stages.js';
import { pipeline } from '../support/runs.js';

const seeds = loadSeedTasks(`${REPO}/seeds/tasks.jsonl`).map((t) => ({ id: 0, instruction: t.instruction, input: t.instances[0]?.input ?? '', output: t.instances[0]?.output ?? '' }));
const params = (file: string) => pipeline(file, {}).params as Record<string, unknown>;
const sampling = (file: string, key: string) => params(file)[key] as StageSampling;

const PASSAGE = readFileSync(`${REPO}/seeds/corpus/science.md`, 'utf8').split('\n').slice(0, 2).join('\n');

const UNNATURAL_DEMOS = readFileSync(`${REPO}/seeds/unnatural/demos.jsonl`, 'utf8').trim().split('\n').slice(0, 3).map((l) => JSON.parse(l) as { instruction: string; input: string; constraints: string });

const MAGPIE_TEMPLATE = {
  preQuery: loadTemplate('prompts/magpie/llama3-pre-query-v1.txt', REPO).text,
  postQuery: '<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n',
  specials: ['<|eot_id|>', '<|start_header_id|>', '<|end_header_id|>'],
};

interface Case {
  input: unknown;
  template?: string;
  sampling: StageSampling;
}

/** A representative input per stage id, with the template and sampling the shipped pipeline uses. */
const CASES: Record<string, Case> = {
  'self-instruct/generate-instructions': { input: { demos: seeds.slice(0, 8) }, template: 'prompts/self-instruct/instructions-v1.txt', sampling: sampling('self-instruct.yaml', 'generation') },
  'self-instruct/classify': { input: { instruction: 'Decide whether the review below is positive or negative.' }, template: 'prompts/self-instruct/is-classification-v1.txt', sampling: sampling('self-instruct.yaml', 'classify') },
  'self-instruct/instances-output-first': {
    input: { instruction: 'Decide whether the review below is positive or negative.' },
    template: 'prompts/self-instruct/instances-clf-v1.txt',
    sampling: { ...sampling('self-instruct.yaml', 'instances'), max_tokens: 300 },
  },
  'self-instruct/instances-input-first': { input: { instruction: 'Write a short, friendly reply to the email below.' }, template: 'prompts/self-instruct/instances-gen-v1.txt', sampling: sampling('self-instruct.yaml', 'instances') },
  'evol-instruct/evolve-in-depth': {
    input: { instruction: 'Explain how a refrigerator keeps food cold.', method: readFileSync(`${REPO}/prompts/evol-instruct/add-constraints-v1.txt`, 'utf8') },
    template: 'prompts/evol-instruct/depth-v1.txt',
    sampling: sampling('evol-instruct.yaml', 'evolution'),
  },
  'evol-instruct/evolve-in-breadth': { input: { instruction: 'Explain how a refrigerator keeps food cold.' }, template: 'prompts/evol-instruct/breadth-v1.txt', sampling: sampling('evol-instruct.yaml', 'evolution') },
  'evol-instruct/judge-equality': {
    input: { parent: 'Explain how a refrigerator keeps food cold.', evolved: 'Explain, in under 100 words and for a ten-year-old, how a refrigerator keeps food cold.' },
    template: 'prompts/evol-instruct/equality-v1.txt',
    sampling: sampling('evol-instruct.yaml', 'equality'),
  },
  'evol-instruct/answer': { input: 'Explain, in under 100 words and for a ten-year-old, how a refrigerator keeps food cold.', sampling: sampling('evol-instruct.yaml', 'answer') },
  'backtranslation/self-augment': {
    input: { demos: seeds.filter((t) => t.input === '' && t.output.split(/\s+/).length > 40).slice(0, 2), passage: PASSAGE },
    template: 'prompts/backtranslation/self-augment-v1.txt',
    sampling: sampling('backtranslation.yaml', 'augment'),
  },
  'alpaca/generate-tasks': { input: { demos: seeds.slice(40, 43) }, template: 'prompts/alpaca/instructions-v1.txt', sampling: sampling('alpaca.yaml', 'generation') },
  'self-chat/transcript': { input: { topic: 'How do I keep basil alive on a windowsill?' }, template: 'prompts/self-chat/transcript-v1.txt', sampling: sampling('self-chat.yaml', 'transcript') },
  'self-chat/human-turn': {
    input: { topic: 'How do I keep basil alive on a windowsill?', messages: [{ role: 'user', content: 'How often should I water basil?' }, { role: 'assistant', content: 'When the top centimetre of soil is dry, usually every two or three days.' }] },
    template: 'prompts/self-chat/human-turn-v1.txt',
    sampling: sampling('self-chat.yaml', 'human'),
  },
  'self-chat/assistant-turn': { input: { messages: [{ role: 'user', content: 'How often should I water basil on a sunny windowsill?' }] }, sampling: sampling('self-chat.yaml', 'assistant') },
  'custom/text': { input: { prompt: 'Explain why the sky looks blue on a clear day.' }, sampling: { temperature: 0.7, top_p: 1, max_tokens: 1024 } },
  'custom/json': {
    input: { prompt: stagePrompt({ output: { type: 'json', schema: RECORD_SCHEMA } }, 'Write a question about tides and rate how hard it is.', undefined) },
    sampling: { temperature: 0, top_p: 1, max_tokens: 400 },
  },
  'custom/regex:question,answer': { input: { prompt: 'Write one question about tides, then its answer.' }, sampling: { temperature: 1, top_p: 1, max_tokens: 300 } },
  'magpie/query': { input: { template: MAGPIE_TEMPLATE }, sampling: sampling('magpie.yaml', 'instruction') },
  'magpie/response': { input: { template: MAGPIE_TEMPLATE, query: 'How often should I water basil on a sunny windowsill?' }, sampling: sampling('magpie.yaml', 'response') },
  'oss-instruct/problem': { input: { snippet: 'def chunked(items, size):\n    for start in range(0, len(items), size):\n        yield items[start:start + size]', system: 'You write programming problems.' }, template: 'prompts/oss-instruct/problem-v1.txt', sampling: sampling('oss-instruct.yaml', 'generation') },
  'orca/answer': {
    input: { query: 'Which of these is a mammal?\n\nOptions:\n(A) shark\n(B) dolphin', system: 'You are a teacher. Explain each step.' },
    template: 'prompts/orca/query-v1.txt',
    sampling: sampling('orca.yaml', 'answer'),
  },
  'preference/answer': { input: { prompt: 'How do I keep cut tulips from drooping in a vase?', system: 'You are a capable assistant.' }, sampling: sampling('ultrafeedback.yaml', 'answer') },
  'preference/rate': {
    input: { instruction: 'What is the capital of Australia?', answers: '[Answer 1]\nCanberra.\n\n[Answer 2]\nSydney.\n\n[Answer 3]\nCanberra, not Sydney.', count: 3, context: 'Correct: Canberra.' },
    template: 'prompts/preference/rate-truthfulness-v1.txt',
    sampling: sampling('ultrafeedback.yaml', 'rating'),
  },
  'preference/rank': {
    input: { instruction: 'What is the capital of Australia?', answers: '[Answer 1]\nCanberra.\n\n[Answer 2]\nSydney.\n\n[Answer 3]\nCanberra, not Sydney.', count: 3 },
    template: 'prompts/preference/rank-v1.txt',
    sampling: sampling('nectar.yaml', 'ranking'),
  },
  'unnatural/core': {
    input: { demos: UNNATURAL_DEMOS },
    template: 'prompts/unnatural/core-v1.txt',
    sampling: sampling('unnatural.yaml', 'generation'),
  },
  'unnatural/output': {
    input: { instruction: 'Convert the given time from the 24-hour clock to the 12-hour clock.', input: '17:45', constraints: "The output should include 'a.m.' or 'p.m.'." },
    template: 'prompts/unnatural/output-v1.txt',
    sampling: sampling('unnatural.yaml', 'output'),
  },
  'unnatural/reformulate': {
    input: { instruction: 'Sort the given words in alphabetical order.', input: 'pear, apple, mango' },
    template: 'prompts/unnatural/reformulate-v1.txt',
    sampling: sampling('unnatural.yaml', 'reformulation'),
  },
  'preference/generate': { input: { prompt: 'How do I keep cut tulips from drooping in a vase?' }, sampling: sampling('spin.yaml', 'generation') },
  'ultrachat/subtopics': { input: { topic: 'Gardening and plants', n: 30 }, template: 'prompts/ultrachat/subtopics-v1.txt', sampling: sampling('ultrachat.yaml', 'lists') },
  'ultrachat/questions': {
    input: { topic: 'Gardening and plants', subtopic: 'Growing herbs on a windowsill', n: 10 },
    template: 'prompts/ultrachat/questions-v1.txt',
    sampling: sampling('ultrachat.yaml', 'lists'),
  },
  'ultrachat/expand': { input: { question: 'How often should I water basil on a sunny windowsill?', n: 10 }, template: 'prompts/ultrachat/expand-v1.txt', sampling: sampling('ultrachat.yaml', 'lists') },
  'ultrachat/material-instructions': { input: { material: PASSAGE, text_type: 'encyclopedia entry', n: 5 }, template: 'prompts/ultrachat/material-instructions-v1.txt', sampling: sampling('ultrachat.yaml', 'lists') },
  'ultrachat/user-turn': {
    input: {
      persona: readFileSync(`${REPO}/prompts/ultrachat/user-persona-v1.txt`, 'utf8'),
      reminder: readFileSync(`${REPO}/prompts/ultrachat/user-reminder-v1.txt`, 'utf8'),
      messages: [{ role: 'user', content: 'How often should I water basil on a sunny windowsill?' }, { role: 'assistant', content: 'When the top centimetre of soil is dry, usually every two or three days.' }],
    },
    sampling: sampling('ultrachat.yaml', 'user'),
  },
  'ultrachat/assistant-turn': { input: { messages: [{ role: 'user', content: 'How often should I water basil on a sunny windowsill?' }] }, sampling: sampling('ultrachat.yaml', 'assistant') },
  'judge/score': {
    input: { instruction: 'Give three tips for staying focused while studying.', input: '', output: 'Put the phone in another room, work in 25-minute blocks, and keep a glass of water nearby.' },
    template: 'prompts/judge/quality-v1.txt',
    sampling: pipeline('alpaca.yaml', {}).judge.sampling,
  },
};

const DRAWS = 10;

describe('stage contract', () => {
  const stages = allStages();

  it('has a case for every declared stage, and every stage id is unique', () => {
    const ids = stages.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !(id in CASES))).toEqual([]);
  });

  it.each(stages.map((s) => [s.id, s] as [string, Stage]))('%s: its example parses into a usable answer', (id, stage) => {
    const c = CASES[id];
    if (!c) throw new Error(`no contract case for stage ${id}`);
    const template = c.template ? loadTemplate(c.template, REPO) : undefined;
    let usable = 0;
    for (let draw = 0; draw < DRAWS; draw++) {
      for (const mode of ['chat', 'completion'] as const) {
        const request = buildRequest({ mode }, 'm', stage.prompt(c.input, template), { ...c.sampling });
        request.params.seed = draw;
        if (request.mode !== mode) continue; // a stage that sends whole chat messages has no completion form
        const answer = simulate(request, stage.example);
        if (stage.usable(stage.parse(answer.text, answer.finishReason, c.input))) usable++;
      }
    }
    // The sim writes a few bad items on purpose (as real models do); most answers must be usable.
    expect(usable).toBeGreaterThanOrEqual(Math.ceil(DRAWS * 0.8));
  });

  const structured = stages.filter((s) => s.structured);

  it('declares a JSON form for the stages whose answers have structure', () => {
    expect(structured.map((s) => s.id).sort()).toEqual(
      ['alpaca/generate-tasks', 'custom/json', 'judge/score', 'self-instruct/generate-instructions', 'self-instruct/instances-input-first', 'self-instruct/instances-output-first'].sort(),
    );
  });

  // A document holding what the text parser read must read back as the same items (the JSON path
  // and the text path give the filters the same values).
  it.each(structured.map((s) => [s.id, s] as [string, Stage]))('%s: its JSON form reads back as the text parser read the example', (id, stage) => {
    const c = CASES[id]!;
    const form = stage.structured!;
    const template = c.template ? loadTemplate(c.template, REPO) : undefined;
    let checked = 0;
    for (let draw = 0; draw < DRAWS; draw++) {
      const request = buildRequest({ mode: 'chat' }, 'm', stage.prompt(c.input, template), { ...c.sampling });
      request.params.seed = draw;
      const answer = simulate(request, stage.example);
      const parsed = stage.parse(answer.text, answer.finishReason, c.input);
      if (!stage.usable(parsed)) continue;
      const read = readStructured(form, JSON.stringify(form.fromValue(parsed)));
      if (!read.ok) throw new Error(read.error);
      expect(comparable(form.toValue(read.doc, c.input, 'stop'))).toEqual(comparable(parsed));
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(Math.ceil(DRAWS * 0.8));
  });
});

/** The items a filter sees: empty list items and dropped chunks are not part of a document; chunk numbering is the parser's. */
function comparable(value: unknown): unknown {
  if (!Array.isArray(value)) return value && typeof value === 'object' && 'score' in value ? (value as { score: unknown }).score : value;
  return value
    .filter((v) => v !== '' && !(v && typeof v === 'object' && 'ok' in v && !(v as { ok: boolean }).ok))
    .map((v) => (v && typeof v === 'object' && 'ok' in v ? { instruction: v.instruction, input: v.input, output: v.output } : v));
}
