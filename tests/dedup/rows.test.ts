import { describe, expect, it } from 'vitest';
import { keptLine } from '../../src/dedup/report.js';
import { DedupInputError, parseRows } from '../../src/dedup/rows.js';

const err = (fn: () => unknown): DedupInputError => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DedupInputError);
    return e as DedupInputError;
  }
  throw new Error('expected a DedupInputError');
};

describe('parseRows', () => {
  it('reads a JSON array of Alpaca rows', () => {
    const { format, rows } = parseRows('[\n {"instruction": "A", "input": ""},\n {"instruction": "B"}\n]', 'd.json', 'instruction');
    expect(format).toBe('json');
    expect(rows.map((r) => r.text)).toEqual(['A', 'B']);
    expect(keptLine(rows, 0)).toBe('{"instruction":"A","input":""}');
    expect(rows[0]!.line).toBeUndefined();
  });

  it('reads JSON Lines, keeping each line as written, skipping blank lines, accepting CRLF and a BOM', () => {
    const { format, rows } = parseRows('\uFEFF{"instruction": "A",  "n": 1.50}\r\n\r\n{"instruction": "B"}\n', 'd.jsonl', 'instruction');
    expect(format).toBe('jsonl');
    expect(rows.map((r, i) => [r.text, r.line, keptLine(rows, i)])).toEqual([
      ['A', 1, '{"instruction": "A",  "n": 1.50}'],
      ['B', 3, '{"instruction": "B"}'],
    ]);
  });

  it('accepts bare strings (the reference script input) and another field', () => {
    expect(parseRows('["x", "y"]', 'f', 'instruction').rows.map((r) => r.text)).toEqual(['x', 'y']);
    expect(parseRows('{"input": "q"}', 'f', 'input').rows[0]!.text).toBe('q');
  });

  it('names file, line and key for a JSONL row without the field or with a non-string', () => {
    expect(err(() => parseRows('{"instruction": "a"}\n{"output": "b"}\n', 'data.jsonl', 'instruction')).message).toBe('data.jsonl:2: key "instruction": missing');
    expect(err(() => parseRows('{"instruction": "a"}\n\n{"instruction": 3}\n', 'data.jsonl', 'instruction')).message).toBe(
      'data.jsonl:3: key "instruction": expected a string, got number',
    );
    expect(err(() => parseRows('{"instruction": "a"}\n[1]\n', 'data.jsonl', 'instruction')).message).toBe(
      'data.jsonl:2: expected an object with a "instruction" string, got an array',
    );
  });

  it('names file and line of invalid JSON', () => {
    expect(err(() => parseRows('{"instruction": "a"}\n{"instruction": \n', 'data.jsonl', 'instruction')).message).toMatch(/^data\.jsonl:2: invalid JSON: /);
    expect(err(() => parseRows('[\n{"instruction": "a"},\n{"instruction" "b"}\n]', 'data.json', 'instruction')).message).toMatch(/^data\.json:3:\d+: invalid JSON: /);
  });

  it('names the element index (and its line) in a JSON array', () => {
    const text = '[\n  {"instruction": "a"},\n  {"instruction": "b, [x]"},\n  {"instruction": null}\n]';
    expect(err(() => parseRows(text, 'data.json', 'instruction')).message).toBe('data.json:4: element 2: key "instruction": expected a string, got null');
    expect(err(() => parseRows('[{"instruction": "a"}, 5]', 'data.json', 'instruction')).message).toBe('data.json:1: element 1: expected an object with a "instruction" string, got number');
  });

  it('rejects a JSON value that is not an array of rows', () => {
    expect(err(() => parseRows('  [1, 2', 'data.json', 'instruction')).message).toMatch(/^data\.json:.*invalid JSON/);
  });
});
