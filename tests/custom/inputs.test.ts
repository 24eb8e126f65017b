import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { mapColumns, select } from '../../src/methods/custom/inputs.js';
import { parseCsvRows, parseJsonlRows, parseJsonRows, readParquetRows } from '../../src/methods/custom/table-formats.js';
import { tempDir } from '../support/tmp.js';


describe('custom pipeline inputs', () => {
  it('reads RFC 4180 CSV: quotes, doubled quotes, newlines inside a field, CRLF', () => {
    const csv = 'instruction,input,output\r\n"Summarise the text.","Line one,\nline two","A ""short"" summary."\r\nName a colour.,,Blue\r\n';
    expect(parseCsvRows(csv, 'x.csv')).toEqual([
      { instruction: 'Summarise the text.', input: 'Line one,\nline two', output: 'A "short" summary.' },
      { instruction: 'Name a colour.', input: '', output: 'Blue' },
    ]);
  });

  it('names the file and line of a bad CSV record or JSONL line', () => {
    const bad = () => parseCsvRows('a,b\n1,2\n3\n', 'rows.csv');
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/rows\.csv:3: expected 2 fields/);
    expect(() => parseJsonlRows('{"a": 1}\n\n{"a": 2,}\n', 'rows.jsonl')).toThrow(/rows\.jsonl:3: not valid JSON/);
    expect(() => parseJsonlRows('{"a": 1}\n[1, 2]\n', 'rows.jsonl')).toThrow(/rows\.jsonl:2: expected a JSON object on each line/);
    expect(() => parseJsonRows('{"a": 1}', 'rows.json')).toThrow(/expected a JSON array/);
  });

  it('reads Parquet written by another writer', async () => {
    const { parquetWriteFile } = await import('hyparquet-writer');
    const file = join(tempDir(), 'rows.parquet');
    parquetWriteFile({ filename: file, columnData: [{ name: 'instruction', data: ['Add 2 and 3.', 'Name a planet.'], type: 'STRING' }, { name: 'n', data: [1, 2], type: 'INT32' }] });
    expect(await readParquetRows(file, 'rows.parquet')).toEqual([{ instruction: 'Add 2 and 3.', n: 1 }, { instruction: 'Name a planet.', n: 2 }]);
  });

  it('maps columns by dotted paths and selects rows by first, range or a seeded sample', () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({ task: { text: `t${i}` }, id: i }));
    const mapped = mapColumns(rows, { instruction: 'task.text' });
    expect(mapped[3]).toMatchObject({ instruction: 't3', id: 3 });
    expect(select(42, { first: 2 } as never, mapped).map((r) => r['id'])).toEqual([0, 1]);
    expect(select(42, { range: [5, 8] } as never, mapped).map((r) => r['id'])).toEqual([5, 6, 7]);
    const a = select(42, { sample: 5 } as never, mapped).map((r) => r['id'] as number);
    expect(a).toHaveLength(5);
    expect(select(42, { sample: 5 } as never, mapped).map((r) => r['id'])).toEqual(a);
    expect([...a].sort((x, y) => x - y)).toEqual(a); // kept in file order
  });

  it('reads a Hugging Face-layout folder', async () => {
    const dir = join(tempDir(), 'ds');
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(join(dir, 'README.md'), '# card\n');
    writeFileSync(join(dir, 'data', 'train-00000-of-00002.jsonl'), '{"q": "a"}\n');
    writeFileSync(join(dir, 'data', 'train-00001-of-00002.jsonl'), '{"q": "b"}\n');
    const { executeRun } = await import('../../src/app/run.js');
    const { parsePipeline } = await import('../../src/app/pipeline.js');
    const yaml = `name: hf\nmethod: custom\nteacher: { provider: sim }\nparams:\n  inputs: { path: ${JSON.stringify(dir)} }\n  stages:\n    - { name: answer, template: "{{q}}" }\n  output: { instruction: "{{q}}", output: "{{answer}}" }\n`;
    const config = parsePipeline(yaml, 'hf.yaml', {});
    const res = await executeRun({ config, configFile: null, dbPath: join(dir, '..', 'hf.db'), root: dir, env: {}, progress: { wave: () => {} } });
    expect(res.status).toBe('completed');
    expect(res.detail).toMatch(/^2 input rows/);
  });
});
