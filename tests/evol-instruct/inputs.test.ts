import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { parseDataset } from '../../src/methods/evol-instruct/dataset.js';
import { evolvableText } from '../../src/methods/evol-instruct/prompts.js';
import { bundledData } from '../support/paths.js';

const ALPACA = { instruction_field: 'instruction', input_field: 'input', output_field: 'output' };

function errorOf(text: string, fields = ALPACA): ConfigError {
  try {
    parseDataset(text, 'data/x.json', fields);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

// The case on the real Code Alpaca file (CC BY-NC 4.0) is in tests/shared-data/evol-instruct/inputs.test.ts.
describe('Evol-Instruct inputs from dataset files', () => {
  it('joins instruction and input with one newline for evolution (an empty input adds nothing)', () => {
    expect(evolvableText(' Sort the list. ', ' [3, 1, 2] ')).toBe('Sort the list.\n[3, 1, 2]');
    expect(evolvableText('Name a colour.', '')).toBe('Name a colour.');
  });

  it('maps other field names: the h2o-wizardlm sample keeps its prompt under "input"', () => {
    const rows = parseDataset(readFileSync(bundledData('evol_instruct_sample_h2o_wizardlm.json'), 'utf8'), 'h2o.json', {
      instruction_field: 'input',
      input_field: '',
      output_field: 'output',
    });
    expect(rows).toHaveLength(61);
    expect(rows.every((r) => r.input === '' && r.instruction.length > 20)).toBe(true);
    expect(rows.filter((r) => r.output === '')).toHaveLength(6);
  });

  it('reads JSON Lines, skipping blank lines; null input counts as empty', () => {
    const rows = parseDataset('{"instruction":"A b c."}\n\n{"instruction":"D e f.","input":null,"output":"x"}\r\n', 'x.jsonl', ALPACA);
    expect(rows.map((r) => [r.instruction, r.input, r.output, r.origin.line])).toEqual([
      ['A b c.', '', '', 1],
      ['D e f.', '', 'x', 3],
    ]);
  });

  it('names file, line and key for a missing or empty instruction', () => {
    expect(errorOf('[\n  {"instruction": "ok"},\n  {"input": "no instruction"}\n]').message).toBe(
      'data/x.json:3: key "instruction": expected a non-empty string, got nothing (missing)',
    );
    expect(errorOf('{"instruction":"ok"}\n{"instruction":"  "}\n').message).toBe('data/x.json:2: key "instruction": expected a non-empty string, got an empty string');
  });

  it('names file, line and key for a wrong type', () => {
    const e = errorOf('[{"instruction": "ok", "input": ""},\n {"instruction": "fine",\n  "input": 42}]');
    expect(e.message).toBe('data/x.json:2: key "input": expected a string, got a number (42)');
    expect(e.line).toBe(2);
    expect(e.key).toBe('input');
  });

  it('names the line of invalid JSON and rejects what is not a list of objects', () => {
    expect(errorOf('{"instruction":"ok"}\n{"instruction": oops}\n').message).toMatch(/^data\/x\.json:2: invalid JSON/);
    expect(errorOf('[\n{"instruction":"ok"},\n{"instruction": }\n]').message).toMatch(/^data\/x\.json:3: invalid JSON/);
    expect(errorOf('["just a string"]').message).toBe('data/x.json:1: expected a JSON object with a "instruction" string, got a string ("just a string")');
    expect(errorOf('').message).toMatch(/no records found/);
    expect(errorOf('[]').message).toMatch(/no records found/);
  });
});
