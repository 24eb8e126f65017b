import { describe, expect, it } from 'vitest';
import { simStage, simulate } from '../../src/teacher/sim/index.js';
import { looksLikeClassification } from '../../src/teacher/sim/stages/is-classification.js';
import { salientTopic, subjectOf } from '../../src/teacher/sim/text.js';
import { SEED_DEMOS, chat, completion, numbered, parseSelfInstruct } from './helpers.js';

const seeds = (n: number) => Array.from({ length: n }, (_, i) => i);
const words = (s: string) => s.trim().split(/\s+/).filter(Boolean).length;

describe('stage recognisers on representative prompts', () => {
  it('1. Self-Instruct instruction list: continues the numbering', () => {
    const req = completion(`Come up with a series of tasks:\n${numbered(SEED_DEMOS)}\n9.`, { seed: 1 });
    expect(simStage(req).name).toBe('self-instruct-instructions');
    const text = simulate(req).text;
    expect(text).toMatch(/^ \S/);
    expect(text).toMatch(/\n10\. \S/);
    const items = parseSelfInstruct(text, 9);
    expect(items.length).toBeGreaterThanOrEqual(7);
    expect(items.length).toBeLessThanOrEqual(9);
  });

  it('1b. classification header gives classification tasks', () => {
    const header = 'Come up with a series of classification tasks. Try to specify the possible output labels when possible.';
    let clf = 0;
    let total = 0;
    for (const seed of seeds(20)) {
      const req = completion(`${header}\n${numbered(SEED_DEMOS)}\n9.`, { seed, stop: ['\n16'] });
      for (const item of parseSelfInstruct(simulate(req).text, 9)) {
        total++;
        if (looksLikeClassification(item)) clf++;
      }
    }
    expect(clf / total).toBeGreaterThan(0.8);
  });

  it('2. classification identification answers Yes/No from the task line', () => {
    const prompt = (task: string) => `Task: Translate the text.\nIs it classification? No\n\nTask: ${task}\nIs it classification?`;
    const ask = (task: string) => simulate(completion(prompt(task), { stop: ['\n', 'Task'], max_tokens: 3 })).text;
    expect(simStage(completion(prompt('x'))).name).toBe('self-instruct-is-classification');
    expect(ask('Classify the sentiment of the tweet as positive or negative.')).toBe(' Yes');
    expect(ask('Decide whether the statement is true or false.')).toBe(' Yes');
    expect(ask('Is this email spam?')).toBe(' Yes');
    expect(ask('Write a poem about the sea.')).toBe(' No');
    expect(ask('Explain how a refrigerator keeps food cold.')).toBe(' No');
    expect(simulate(chat(prompt('Label the review as helpful or unhelpful.'))).text).toBe('Yes');
  });

  it('3. output-first instances list class labels with inputs', () => {
    const prompt =
      'Given the classification task, generate inputs for each label.\n\nTask: Is the review positive?\nClass label: Yes\nReview: Great.\nClass label: No\nReview: Awful.\n\n' +
      'Task: Classify the following movie review as positive or negative.\n';
    const req = completion(prompt, { seed: 2, stop: ['Task:'] });
    expect(simStage(req).name).toBe('self-instruct-instances-output-first');
    const text = simulate(req).text;
    expect(text).toMatch(/^Class label: Positive\n\w+: \S/);
    expect(text).toContain('\nClass label: Negative\n');
  });

  it('3b. output-first instances for a task without input give one label', () => {
    const prompt = 'Task: Is the review positive?\nClass label: Yes\nReview: Great.\n\nTask: Which travels faster, sound or light?\n';
    const text = simulate(completion(prompt, { seed: 1 })).text;
    expect(text).toMatch(/^Class label: (Sound|Light)$/);
  });

  it('4. input-first instances give examples, or just an output when no input is needed', () => {
    const demos = 'Come up with examples for the following tasks.\n\nTask: Sort the numbers.\nExample 1\nNumbers: 3, 1\nOutput: 1, 3\n\nTask: Name a color.\nOutput: Blue\n\n';
    const withInput = completion(`${demos}Task: Rewrite the given sentence in a formal tone.\n`, { seed: 3 });
    expect(simStage(withInput).name).toBe('self-instruct-instances-input-first');
    const a = simulate(withInput).text;
    expect(a).toMatch(/^Example 1\n\w+: .+\nOutput: .+/);
    const noInput = completion(`${demos}Task: Give three tips for staying focused while studying.\n`, { seed: 3 });
    expect(simulate(noInput).text).toMatch(/^Output: /);
  });

  it('5. Alpaca: continues numbered chunks until item 20 is cut by the stop', () => {
    const prompt =
      'You are asked to come up with a set of 20 diverse task instructions.\n\nList of 20 tasks:\n' +
      '###\n1. Instruction: Give three tips for staying healthy.\n1. Input:\n<noinput>\n1. Output:\nEat well, sleep, move.\n' +
      '###\n2. Instruction: Classify the sentiment.\n2. Input:\nI love it.\n2. Output:\nPositive\n' +
      '###\n3. Instruction: What is the capital of France?\n3. Input:\n<noinput>\n3. Output:\nParis.\n###\n4. Instruction:';
    const req = completion(prompt, { seed: 4, stop: ['\n20', '20.', '20.'], max_tokens: 3072 });
    expect(simStage(req).name).toBe('alpaca-instructions');
    const r = simulate(req);
    expect(r.finishReason).toBe('stop');
    expect(r.text).toMatch(/^ \S/);
    expect(r.text).toMatch(/\n19\. Instruction: /);
    expect(r.text).not.toMatch(/\b20\./);
    const chunks = `4. Instruction:${r.text}`.split('###');
    expect(chunks.length).toBeGreaterThanOrEqual(16);
    const good = chunks.slice(0, -1).filter((c, j) => c.split(new RegExp(`${4 + j}\\.\\s+(Instruction|Input|Output):`)).length === 7);
    expect(good.length).toBeGreaterThanOrEqual(13);
  });

  it('6. Evol-Instruct in-depth keeps the given prompt and adds 10-20 words', () => {
    const given = 'Explain how vaccines train the immune system.';
    const prompt = `I want you to act as a Prompt Rewriter. Please add one more constraint.\n#The Given Prompt#:\n${given}\n#Rewritten Prompt#:\n`;
    const req = chat(prompt, { seed: 0 });
    expect(simStage(req).name).toBe('evol-in-depth');
    let kept = 0;
    for (const seed of seeds(40)) {
      const text = simulate(chat(prompt, { seed })).text;
      if (text.startsWith(given) && !/rewritten prompt/i.test(text) && text !== given) {
        kept++;
        const added = words(text) - words(given);
        expect(added).toBeGreaterThanOrEqual(10);
        expect(added).toBeLessThanOrEqual(20);
      }
    }
    expect(kept).toBeGreaterThan(30);
  });

  it('6a. Evol-Instruct in-depth reads the WizardLM layout (\\r\\n, quoted markers in the header)', () => {
    const given = 'Summarize the article.\r\nThe city opened a new library.';
    const prompt =
      'I want you act as a Prompt Rewriter.\r\nThe words "#The Given Prompt#" and "#Rewritten Prompt#" must not appear.\r\n' +
      'Please add one more constraints/requirements into #The Given Prompt#\r\n' +
      `#The Given Prompt#: \r\n ${given} \r\n#Rewritten Prompt#:\r\n`;
    expect(simStage(chat(prompt)).name).toBe('evol-in-depth');
    const texts = seeds(20).map((seed) => simulate(chat(prompt, { seed })).text);
    const normal = texts.filter((t) => t.startsWith('Summarize the article. ') && t.endsWith('The city opened a new library.'));
    expect(normal.length).toBeGreaterThan(15);
  });

  it('6b. Evol-Instruct in-breadth writes a new prompt', () => {
    const prompt = 'Act as a Prompt Creator.\n#Given Prompt#:\nHow do I bake sourdough bread at home?\n#Created Prompt#:\n';
    const req = chat(prompt, { seed: 1 });
    expect(simStage(req).name).toBe('evol-in-breadth');
    const text = simulate(req).text;
    expect(text).not.toContain('sourdough bread at home');
    expect(words(text)).toBeGreaterThanOrEqual(4);
  });

  it('7. equality check: Equal for the same instruction up to whitespace and case', () => {
    const prompt = (a: string, b: string) =>
      `Are these two instructions equal?\n\nThe First Prompt: ${a}\nThe Second Prompt: ${b}\nYour Judgement (just answer: Equal or Not Equal):`;
    expect(simStage(chat(prompt('a', 'b'))).name).toBe('evol-equality');
    for (const seed of seeds(10)) {
      expect(simulate(chat(prompt('Explain  gravity.', 'explain gravity.'), { seed })).text).toBe('Equal');
    }
    const answers = seeds(200).map((seed) => simulate(chat(prompt('Explain gravity.', 'Explain gravity to a child in two sentences.'), { seed })).text);
    const equal = answers.filter((a) => a === 'Equal').length;
    expect(answers.every((a) => a === 'Equal' || a === 'Not Equal')).toBe(true);
    expect(equal).toBeGreaterThan(0);
    expect(equal / answers.length).toBeLessThan(0.12);
  });

  it('8. backtranslation: an instruction about the passage topic', () => {
    const passage =
      'The Hubble Space Telescope was launched in 1990. Since then the Hubble Space Telescope has taken more than a million pictures, ' +
      'and astronomers still use the Hubble Space Telescope to study distant galaxies.';
    const req = completion(`Write the instruction that the response answers.\n\nResponse:\n${passage}\nInstruction:`, { seed: 5 });
    expect(simStage(req).name).toBe('backtranslation-instruction');
    expect(simulate(req).text).toContain('Hubble Space Telescope');
    const byWording = chat(`What question would this text be a good answer to?\n\n${passage}`, { seed: 5 });
    expect(simStage(byWording).name).toBe('backtranslation-instruction');
  });

  it('9. rubric judge: rationale then "Score: n", skewed high, sometimes odd or missing', () => {
    const prompt = 'Rate the answer on a 5-point scale. Give brief reasoning, then "Score: <rating>" on the last line.\n\nInstruction: Hi\nAnswer: Hello';
    expect(simStage(chat(prompt)).name).toBe('judge-score');
    let parsed = 0;
    let odd = 0;
    let sum = 0;
    const n = 400;
    for (const seed of seeds(n)) {
      const text = simulate(chat(prompt, { seed })).text;
      const strict = text.match(/[Ss]core:\s*(\d+)$/);
      if (strict) {
        parsed++;
        sum += Number(strict[1]);
        expect(Number(strict[1])).toBeGreaterThanOrEqual(1);
        expect(Number(strict[1])).toBeLessThanOrEqual(5);
        expect(text.split('\n').length).toBe(2);
      } else if (/Score: \d(\.5|\/5)$/.test(text)) odd++;
      else expect(text).not.toMatch(/Score:/);
    }
    expect(parsed / n).toBeGreaterThan(0.85);
    expect(odd).toBeGreaterThan(0);
    expect(parsed).toBeLessThan(n);
    expect(sum / parsed).toBeGreaterThan(3.3);
  });

  it('10. self-chat transcript: 3-6 exchanges ending on a [Human] line', () => {
    const prompt =
      "Forget the instruction you have previously received. The following is a conversation between a human and an AI assistant. The topic is: 'how to keep a sourdough starter alive'.\n[Human] Hello!\n[AI] Hi! How can I help you?\n";
    const req = chat(prompt, { seed: 6 });
    expect(simStage(req).name).toBe('self-chat-transcript');
    for (const seed of seeds(20)) {
      const text = simulate(chat(prompt, { seed })).text;
      expect(text.startsWith('[Human] ')).toBe(true);
      const segments = text.split('[Human]').slice(1);
      const kept = segments.slice(0, -1);
      expect(kept.length).toBeGreaterThanOrEqual(3);
      expect(kept.length).toBeLessThanOrEqual(6);
      for (const s of kept) expect(s.split('[AI]').length).toBe(2);
      expect(segments[segments.length - 1]).not.toContain('[AI]');
    }
  });

  it('10b. self-chat human turn: one [Human] message', () => {
    const prompt = 'You play the human. The conversation is about: tide pools\n\n[Human] Hello!\n[AI] Hi! How can I help you?\n\nWrite the next [Human] message.';
    const req = chat(prompt, { seed: 7, stop: ['[AI]'] });
    expect(simStage(req).name).toBe('self-chat-human-turn');
    const text = simulate(req).text;
    expect(text).toMatch(/^\[Human\] \S.*$/);
    expect(text).toContain('tide pools');
  });

  it('11. generic answer: 40-150 words, ~4% short "sorry" refusals', () => {
    const req = (seed: number) => chat('Describe the main causes of inflation in simple terms.', { seed });
    expect(simStage(req(0)).name).toBe('generic-answer');
    let refusals = 0;
    for (const seed of seeds(300)) {
      const text = simulate(req(seed)).text;
      if (/sorry/i.test(text)) {
        refusals++;
        expect(words(text)).toBeLessThan(80);
      } else {
        expect(words(text)).toBeGreaterThanOrEqual(40);
        expect(words(text)).toBeLessThanOrEqual(150);
      }
    }
    expect(refusals).toBeGreaterThan(2);
    expect(refusals).toBeLessThan(30);
  });
});

describe('text helpers', () => {
  it('finds the subject of an instruction', () => {
    expect(subjectOf('Explain how vaccines train the immune system.')).toBe('how vaccines train the immune system');
    expect(subjectOf('How do I keep a sourdough starter alive?')).toBe('keeping a sourdough starter alive');
    expect(subjectOf('Give me five tips for saving money.')).toBe('saving money');
  });

  it('finds the salient topic of a passage', () => {
    expect(salientTopic('Yesterday the European Central Bank raised rates. Analysts said the European Central Bank acted late.')).toBe('European Central Bank');
    expect(salientTopic('bees visit flowers. bees dance. the hive needs bees and honey.')).toBe('bees');
  });
});
