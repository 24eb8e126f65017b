import { describe, expect, it } from 'vitest';
import { checkDpoRows, dpoRow, ktoRows, KtoRow } from '../../src/export/preference.js';

const pair = { prompt: 'Name a prime above 10.', chosen: '11 is prime.', rejected: '12.', system: 'Be honest.' };

describe('TRL preference rows', () => {
  it('plain and conversational rows pass the DPO checks', () => {
    expect(checkDpoRows([dpoRow(pair, 'plain')])).toEqual([]);
    const chat = dpoRow(pair, 'chat');
    expect(chat.prompt).toEqual([{ role: 'system', content: 'Be honest.' }, { role: 'user', content: pair.prompt }]);
    expect(checkDpoRows([chat])).toEqual([]);
  });
  it('rejects missing fields, empty text, chosen = rejected and mixed forms', () => {
    expect(checkDpoRows([{ prompt: 'p', chosen: 'a' }])[0]).toMatch(/^row 1: rejected/);
    expect(checkDpoRows([{ prompt: 'p', chosen: '', rejected: 'b' }])[0]).toMatch(/^row 1: chosen/);
    expect(checkDpoRows([{ prompt: 'p', chosen: 'same', rejected: 'same' }])).toEqual(['row 1: chosen equals rejected']);
    expect(checkDpoRows([dpoRow(pair, 'plain'), dpoRow(pair, 'chat')])).toEqual(['row 2: chat row in a plain file']);
    expect(checkDpoRows([{ prompt: [{ role: 'user', content: 'p' }], chosen: [{ role: 'user', content: 'a' }], rejected: [{ role: 'assistant', content: 'b' }] }])).toHaveLength(1);
  });
  it('KTO rows: one desirable and one undesirable per pair', () => {
    const rows = ktoRows(pair);
    expect(rows.map((x) => KtoRow.parse(x).label)).toEqual([true, false]);
  });
});
