import { describe, expect, it } from 'vitest';
import { extractVerbObject, tokenize, verbObjectSlices } from '../../src/audit/verbs.js';

describe('root verb and direct object (libraries.md rule)', () => {
  it.each([
    ['Write a poem about the ocean.', 'write', 'poem'],
    ['Give three tips for staying healthy.', 'give', 'tip'],
    ['Explain why the sky is blue.', 'explain', null],
    ['Classify the following sentences as positive or negative.', 'classify', 'sentence'],
    ['Can you summarize this article in two sentences?', 'summarize', 'article'],
  ])('the five tested examples: %s', (text, verb, object) => {
    expect(extractVerbObject(text)).toEqual({ verb, object });
  });

  it.each([
    // Sentence-initial noun/verb words are tagged NNP; the lexicon says they can be verbs.
    ['List five countries in Europe.', 'list', 'country'],
    ['Design a logo for a bakery.', 'design', 'logo'],
    // "Please list…" is tagged Please/VB list/NN: the polite word is dropped first.
    ['Please list the steps to change a tyre.', 'list', 'step'],
    ['Kindly, rewrite the paragraph below.', 'rewrite', 'paragraph'],
    // Unknown words get the default tag N: a noun unless it is a number.
    ['Send an email to my landlord.', 'send', 'email'],
    ['Suggest 3 names for a cat.', 'suggest', 'name'],
    // Indirect objects are skipped; a clause after the verb has no direct object.
    ['Tell me a joke about cats.', 'tell', 'joke'],
    ['Tell me what you think.', 'tell', null],
    // A modal first word is not the root; an auxiliary is not either.
    ['Could you describe the water cycle?', 'describe', 'cycle'],
    // A participle clause first: the root is the first base-form verb after it.
    ['Given a list of numbers, find the largest one.', 'find', null],
  ])('the failure cases and their fixes: %s', (text, verb, object) => {
    expect(extractVerbObject(text)).toEqual({ verb, object });
  });

  it('finds no root verb in a wh-question or in markup', () => {
    expect(extractVerbObject('What is the capital of France?')).toEqual({ verb: null, object: null });
    expect(extractVerbObject('')).toEqual({ verb: null, object: null });
    expect(extractVerbObject('<script>alert(1)</script>').verb).toBeNull();
  });

  it('reads only the first sentence of the first line', () => {
    expect(tokenize('Write a haiku. Then explain it.\nMore text')).toEqual(['Write', 'a', 'haiku']);
    expect(extractVerbObject('Write a haiku. Then explain the metaphor.')).toEqual({ verb: 'write', object: 'haiku' });
  });

  it('counts verb → object pairs, most common first, capped per verb', () => {
    const { slices, stats } = verbObjectSlices(
      ['Write a poem.', 'Write a poem about rain.', 'Write a story.', 'Write an essay.', 'Explain why it rains.', 'Give three tips.', 'What is love?'],
      { topVerbs: 2, topObjects: 2 },
    );
    expect(stats).toEqual({ instructions: 7, withVerb: 6, withObject: 5 });
    expect(slices).toEqual([
      { verb: 'write', n: 4, objects: [{ object: 'poem', n: 2 }, { object: 'essay', n: 1 }] },
      { verb: 'explain', n: 1, objects: [] },
    ]);
  });
});
