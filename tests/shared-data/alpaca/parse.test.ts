/** The Alpaca prompt, parser and filters on the real Code Alpaca records (CC BY-NC 4.0, from the data folder). */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseAlpacaAnswer, type AlpacaChunk } from '../../../src/methods/alpaca/parse.js';
import { alpacaPrompt, demoBlock, demoInstruction, type AlpacaTask } from '../../../src/methods/alpaca/prompts.js';
import { AlpacaParamsSchema } from '../../../src/methods/alpaca/params.js';
import { instructionVerdicts, firstFailure } from '../../../src/filters/heuristics.js';
import { loadTemplate } from '../../../src/prompts/template.js';
import { REPO } from '../../support/paths.js';
import { dataFile } from '../data.js';

const records: AlpacaTask[] = JSON.parse(readFileSync(dataFile('codealpaca_2k.json'), 'utf8'));
const template = loadTemplate('prompts/alpaca/instructions-v1.txt', REPO);

/** An answer as a completion model writes it after "...###\n4. Instruction:": items 4.. in the recipe's format. */
function answerFor(tasks: readonly AlpacaTask[], first = 4): string {
  return tasks
    .map((t, j) => {
      const n = first + j;
      const head = j === 0 ? ` ${t.instruction}` : `###\n${n}. Instruction: ${t.instruction}`;
      return `${head}\n${n}. Input:\n${t.input === '' ? '<noinput>' : t.input}\n${n}. Output:\n${t.output}\n`;
    })
    .join('');
}

const tasksOf = (chunks: AlpacaChunk[]) => chunks.filter((c) => c.ok).map((c) => (c.ok ? { instruction: c.instruction, input: c.input, output: c.output } : null));
const trimmed = (t: AlpacaTask): AlpacaTask => ({ instruction: t.instruction.trim(), input: t.input.trim(), output: t.output.trim() });

describe('Alpaca prompt', () => {
  const demos = [records[3]!, records[0]!, records[1]!];

  it('is the template, a newline, three numbered demos and the open fourth item', () => {
    const prompt = alpacaPrompt(template, demos);
    expect(prompt.startsWith(`${template.text}\n###\n1. Instruction: `)).toBe(true);
    expect(template.text.endsWith('List of 20 tasks:')).toBe(true);
    expect(prompt.endsWith('\n###\n4. Instruction:')).toBe(true);
    expect(prompt.split('###')).toHaveLength(5);
    // The demo without input says <noinput>; a multi-line code input is kept as it is.
    expect(prompt).toContain(`1. Input:\n<noinput>\n1. Output:\n${records[3]!.output}\n`);
    expect(prompt).toContain(`2. Input:\n${records[0]!.input}\n2. Output:\n`);
  });

  it('collapses whitespace and strips a trailing colon in demo instructions', () => {
    const spaced = records.find((r) => /\s\s|\n/.test(r.instruction))!;
    expect(demoInstruction(spaced.instruction)).not.toMatch(/\s\s|\n/);
    const colon = records.find((r) => /:\s*$/.test(r.instruction))!;
    expect(demoInstruction(colon.instruction).endsWith(':')).toBe(false);
    expect(demoBlock(7, { instruction: 'Sort  these\nnumbers:', input: '', output: '1, 2' })).toBe(
      '###\n7. Instruction: Sort these numbers\n7. Input:\n<noinput>\n7. Output:\n1, 2\n',
    );
  });
});

describe('parseAlpacaAnswer on Code Alpaca records', () => {
  const items = records.slice(100, 116); // items 4 to 19

  it('gives back instruction, input and output of every item; <noinput> is an empty input', () => {
    const chunks = parseAlpacaAnswer(answerFor(items), 3, 'stop');
    expect(chunks).toHaveLength(16);
    expect(chunks.every((c) => c.ok)).toBe(true);
    expect(tasksOf(chunks)).toEqual(items.map(trimmed));
    expect(chunks.map((c) => c.number)).toEqual(items.map((_, j) => 4 + j));
    expect(items.some((t) => t.input === '') && items.some((t) => t.input.includes('\n'))).toBe(true);
  });

  it('drops only the last chunk when the answer was cut at max_tokens', () => {
    const text = answerFor(items);
    const cut = text.slice(0, text.lastIndexOf('19. Output:\n') + ' 19. Output:\n'.length + 3);
    const chunks = parseAlpacaAnswer(cut, 3, 'length');
    expect(chunks).toHaveLength(16);
    const last = chunks[15]!;
    expect(last.ok).toBe(false);
    expect(!last.ok && last.reason).toBe('truncated-chunk');
    expect(tasksOf(chunks.slice(0, 15))).toEqual(items.slice(0, 15).map(trimmed));
    // The same text finished by a stop string keeps its last chunk (cut short, but parsable).
    expect(parseAlpacaAnswer(cut, 3, 'stop').filter((c) => c.ok)).toHaveLength(16);
  });

  it('drops a chunk without the three fields, or with the wrong number, and keeps its neighbours', () => {
    const text = answerFor(items.slice(0, 4)).replace('5. Output:\n', '').replace('7. Input:', '8. Input:');
    const chunks = parseAlpacaAnswer(text, 3, 'stop');
    expect(chunks.map((c) => (c.ok ? 'ok' : c.reason))).toEqual(['ok', 'malformed-chunk', 'ok', 'malformed-chunk']);
    const bad = chunks[1]!;
    expect(bad.raw).toContain(items[1]!.instruction.trim());
    expect(!bad.ok && bad.detail).toMatchObject({ found: ['Instruction', 'Input'] });
    // Fields out of order are malformed too.
    const swapped = ` Say hi to the user.\n4. Output:\nHi!\n4. Input:\n<noinput>\n`;
    expect(parseAlpacaAnswer(swapped, 3, 'stop')[0]).toMatchObject({ ok: false, reason: 'malformed-chunk' });
  });

  it('skips the empty piece left by the "\\n20" stop, and accepts a chat model that repeats the open head', () => {
    const text = `${answerFor(items.slice(0, 2))}###`;
    expect(parseAlpacaAnswer(text, 3, 'stop')).toHaveLength(2);
    const repeated = `4. Instruction:${text}`;
    expect(tasksOf(parseAlpacaAnswer(repeated, 3, 'stop'))).toEqual(tasksOf(parseAlpacaAnswer(text, 3, 'stop')));
  });

  it('numbers from the demo count: with 2 demos the answer starts at item 3', () => {
    const chunks = parseAlpacaAnswer(answerFor(items.slice(0, 3), 3), 2, 'stop');
    expect(tasksOf(chunks)).toEqual(items.slice(0, 3).map(trimmed));
  });
});

describe('Alpaca filters', () => {
  const p = AlpacaParamsSchema.parse({});
  const rules = { minWords: p.min_words, maxWords: p.max_words, blocklist: p.blocklist };
  const reason = (s: string) => firstFailure(instructionVerdicts(s, rules));

  it('passes every Code Alpaca instruction: that data went through these same filters', () => {
    const rejected = records.filter((r) => reason(r.instruction.trim()) !== undefined);
    expect(records.length).toBeGreaterThan(2000);
    expect(rejected).toEqual([]);
  });
});
