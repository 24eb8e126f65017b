import { describe, expect, it } from 'vitest';
import { parsePipeline } from '../../src/app/pipeline.js';
import type { Answer } from '../../src/engine/stage.js';
import { advance, listSamples, planGeneration, seenKey, type Item, type Pools } from '../../src/methods/ultrachat/openers.js';
import { roundsOf, UltraChatParamsSchema } from '../../src/methods/ultrachat/params.js';
import { readList, type ListAnswer } from '../../src/methods/ultrachat/stages.js';
import { parseTemplate } from '../../src/prompts/template.js';

const item = (id: number, text: string, meta: Record<string, unknown> = {}): Item => ({ id, text, callId: null, meta });
const pools = (o: Partial<Pools> = {}): Pools => ({ topics: [], subtopics: [], materials: [], openers: [], questions: [], seen: new Set(), ...o });
const at = { topic: 0, subtopic: 0, expand: 0, material: 0 };
const params = (o: Record<string, unknown> = {}) => UltraChatParamsSchema.parse(o);
const OPENER = parseTemplate('material-opener-v1.txt', '{{instruction}}\n\nHere is the text:\n\n{{material}}\n');

function answer(text: string, finish: 'stop' | 'length' = 'stop', n = 30): Answer<ListAnswer> {
  return { ok: true, callId: 7, text, finishReason: finish, value: readList(text, finish, n), edits: [], checks: [] };
}

describe('which list calls a wave makes', () => {
  const topics = Array.from({ length: 5 }, (_, i) => item(i + 1, `Topic ${i}`));
  const subtopics = Array.from({ length: 12 }, (_, i) => item(100 + i, `Subtopic ${i}`, { topic: 'Topic 0' }));

  it('none when no opener is short', () => {
    expect(planGeneration(params(), pools({ topics }), at, 0)).toBeNull();
  });

  it('subtopics first, then questions for as few subtopics as the shortfall needs, at most wave_size', () => {
    expect(planGeneration(params(), pools({ topics }), at, 8)).toEqual({ stage: 'subtopics', items: [topics[0]] });
    expect(planGeneration(params(), pools({ topics, subtopics }), at, 8)).toEqual({ stage: 'questions', items: [subtopics[0]] });
    expect(planGeneration(params(), pools({ topics, subtopics }), at, 25)!.items).toHaveLength(3);
    expect(planGeneration(params({ wave_size: 2, openers: { questions: 1 } }), pools({ topics, subtopics }), at, 25)!.items).toHaveLength(2);
    // Every subtopic asked: the next topic's subtopics.
    expect(planGeneration(params(), pools({ topics, subtopics }), { ...at, topic: 1, subtopic: 12 }, 8)).toEqual({ stage: 'subtopics', items: [topics[1]] });
    expect(planGeneration(params(), pools({ topics, subtopics }), { ...at, topic: 5, subtopic: 12 }, 8)).toBeNull();
  });

  it('expansions before new questions when expand is on', () => {
    const questions = [item(200, 'Why is the sea salty?', { level: 'question' })];
    expect(planGeneration(params({ openers: { expand: 10 } }), pools({ topics, subtopics, questions }), at, 8)).toEqual({ stage: 'expand', items: questions });
    expect(planGeneration(params(), pools({ topics, subtopics, questions }), at, 8)!.stage).toBe('questions');
  });

  it('materials: instructions for ceil(short / instructions) pieces; the file source generates nothing', () => {
    const materials = Array.from({ length: 4 }, (_, i) => item(300 + i, `Piece ${i}`));
    expect(planGeneration(params({ openers: { source: 'materials' } }), pools({ materials }), at, 8)!.items).toEqual(materials.slice(0, 2));
    expect(planGeneration(params({ openers: { source: 'materials' } }), pools({ materials }), { ...at, material: 4 }, 8)).toBeNull();
    expect(planGeneration(params({ openers: { source: 'file' } }), pools({ topics }), at, 8)).toBeNull();
  });

  it('moves the cursor past the items asked about', () => {
    expect(advance(at, { stage: 'questions', items: subtopics.slice(0, 3) })).toEqual({ ...at, subtopic: 3 });
    expect(advance(at, null)).toBe(at);
  });
});

describe('a list answer as samples', () => {
  const sub = item(10, 'Coral reef ecosystems', { topic: 'Oceans and marine science' });

  it('accepts new items, rejects repeats of the run and of the list, and a cut last item', () => {
    const seen = new Set([seenKey('opener', 'Why are coral reefs dying?')]);
    const text = 'Sure! Here are 10 questions about coral reefs:\n\n1. **Why are coral reefs dying?**\n2. How do corals feed?\n3. how do corals feed\n4. What is coral bleach';
    const samples = listSamples('questions', sub, answer(text, 'length', 10), seen, OPENER);
    expect(samples.map((s) => [s.instruction, s.status, s.reason])).toEqual([
      ['Why are coral reefs dying?', 'rejected', 'duplicate'],
      ['How do corals feed?', 'accepted', null],
      ['how do corals feed', 'rejected', 'duplicate'],
      ['What is coral bleach', 'rejected', 'complete'],
    ]);
    expect(samples[1]).toMatchObject({ kind: 'opener', stage: 'questions', callId: 7, meta: { source: 'topics', level: 'question', topic: 'Oceans and marine science', subtopic: 'Coral reef ecosystems' }, parents: [{ parentId: 10, relation: 'from-subtopic' }] });
    expect(seen.has(seenKey('opener', 'How do corals feed?'))).toBe(true);
  });

  it('subtopics link to their topic; material openers are the fixed template of instruction and piece', () => {
    const topic = item(1, 'Oceans and marine science');
    expect(listSamples('subtopics', topic, answer('1. Tides\n2. Waves'), new Set(), OPENER).map((s) => [s.kind, s.instruction, s.parents])).toEqual([
      ['subtopic', 'Tides', [{ parentId: 1, relation: 'from-topic' }]],
      ['subtopic', 'Waves', [{ parentId: 1, relation: 'from-topic' }]],
    ]);
    const piece = item(5, 'The council voted on Tuesday to close the High Street.', { text_type: 'news article', line: 2 });
    const [s] = listSamples('material-instructions', piece, answer('1. Summarise the text in one sentence.', 'stop', 5), new Set(), OPENER);
    expect(s!.instruction).toBe('Summarise the text in one sentence.\n\nHere is the text:\n\nThe council voted on Tuesday to close the High Street.');
    expect(s!.meta).toEqual({ source: 'materials', instruction: 'Summarise the text in one sentence.', text_type: 'news article', material_line: 2 });
  });

  it('a piece holding "{{instruction}}" is inserted as it is', () => {
    const piece = item(5, 'Literal {{instruction}} in the text.', { text_type: 'blog post', line: 1 });
    const [s] = listSamples('material-instructions', piece, answer('1. Summarise it.', 'stop', 5), new Set(), OPENER);
    expect(s!.instruction!.endsWith('Literal {{instruction}} in the text.')).toBe(true);
  });
});

describe('ultrachat params', () => {
  it('defaults: 8 per wave, topics, 30 subtopics, 10 questions, no expansion, 5 instructions; rounds by source', () => {
    const p = params();
    expect([p.wave_size, p.openers.source, p.openers.subtopics, p.openers.questions, p.openers.expand, p.openers.instructions]).toEqual([8, 'topics', 30, 10, 0, 5]);
    expect(roundsOf(p)).toEqual({ min: 3, max: 7 });
    expect(roundsOf(params({ openers: { source: 'materials' } }))).toEqual({ min: 2, max: 4 });
    expect(roundsOf(params({ openers: { source: 'file' } }))).toEqual({ min: 3, max: 7 });
    expect(roundsOf(params({ rounds: { min: 2, max: 2 } }))).toEqual({ min: 2, max: 2 });
  });

  it('names the key of a bad rounds range, a bad source and the judge', () => {
    const err = (text: string) => {
      try {
        parsePipeline(text, 'p.yaml');
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(err('name: a\nmethod: ultrachat\nparams:\n  rounds:\n    min: 5\n    max: 3\n')).toMatch(/^p\.yaml:5: key "params\.rounds\.min": rounds\.min must not be above rounds\.max/);
    expect(err('name: a\nmethod: ultrachat\nparams:\n  openers:\n    source: topic\n')).toMatch(/^p\.yaml:5: key "params\.openers\.source"/);
    expect(err('name: a\nmethod: ultrachat\njudge:\n  enabled: true\n')).toMatch(/key "judge\.enabled": .*not judged/);
    expect(err('name: a\nmethod: ultrachat\nteacher:\n  mode: completion\n')).toMatch(/key "teacher\.mode": ultrachat needs teacher\.mode "chat"/);
  });
});
