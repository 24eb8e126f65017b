import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writePreferenceExport } from '../../src/export/preference-file.js';
import { checkDpoRows } from '../../src/export/preference.js';

const pairs = [
  { prompt: 'Say hi in French.', chosen: 'Bonjour !', rejected: 'Hola.' },
  { prompt: 'What is 2+2?', chosen: '4', rejected: '5' },
];

describe('preference export files', () => {
  it('writes DPO JSONL that loads back and passes the DPO checks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pref-'));
    for (const format of ['dpo-plain', 'dpo-chat'] as const) {
      const path = join(dir, `${format}.jsonl`);
      expect(writePreferenceExport(path, pairs, format)).toBe(2);
      const rows = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(checkDpoRows(rows)).toEqual([]);
    }
    const kto = readFileSync((writePreferenceExport(join(dir, 'k.jsonl'), pairs, 'kto'), join(dir, 'k.jsonl')), 'utf8');
    expect(kto.trim().split('\n')).toHaveLength(4);
  });
  it('writes nothing when a row fails the checks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pref-'));
    const path = join(dir, 'bad.jsonl');
    expect(() => writePreferenceExport(path, [...pairs, { prompt: 'p', chosen: 'x', rejected: 'x' }], 'dpo-plain')).toThrow(
      /row 3: chosen equals rejected/,
    );
    expect(existsSync(path)).toBe(false);
  });
});
