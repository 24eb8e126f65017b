import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDataset } from '../../../src/methods/evol-instruct/dataset.js';
import { dataFile } from '../data.js';

const ALPACA = { instruction_field: 'instruction', input_field: 'input', output_field: 'output' };

describe('Evol-Instruct inputs from dataset files', () => {
  it('reads a real Alpaca-format JSON array, with the line of every record', () => {
    const text = readFileSync(dataFile('codealpaca_2k.json'), 'utf8');
    const rows = parseDataset(text, 'codealpaca_2k.json', ALPACA);
    expect(rows).toHaveLength(2017);
    expect(rows[0]).toMatchObject({ instruction: 'What are the distinct values from the given list?', input: 'dataList = [3, 9, 3, 5, 7, 9, 5]' });
    expect(rows[0]!.origin).toMatchObject({ origin: 'file', line: 2, index: 0 });
    // Each record's line is where its object starts in the file.
    const lines = text.split('\n');
    for (const r of [rows[1]!, rows[500]!, rows[2016]!]) expect(lines[(r.origin.line as number) - 1]!.trim()).toBe('{');
    expect(lines[(rows[1]!.origin.line as number)]).toContain(JSON.stringify(rows[1]!.instruction));
  });
});
