/** UltraChat's materials source on the CNN articles of the data folder, as the README points users to it. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../../src/store/db.js';
import { pipeline, run } from '../../support/runs.js';
import { tempDir } from '../../support/tmp.js';
import { dataFile } from '../data.js';

describe('ultrachat on CNN articles', () => {
  it('types the pieces by keyword, cuts long ones, and opens conversations with the fixed template', async () => {
    const db = join(tempDir(), 'cnn.db');
    const cfg = pipeline('ultrachat.yaml', {
      target: 6,
      name: 'cnn',
      'teacher.provider': 'sim',
      'params.wave_size': 3,
      'params.openers.source': 'materials',
      'params.openers.materials.path': dataFile('cnn_articles_200.jsonl'),
      'params.openers.materials.limit': 40,
      'params.openers.materials.max_chars': 1500,
    });
    const r = await run(cfg, db);
    expect(r.status).toBe('completed');
    const h = openDb(db, { readonly: true });
    const pieces = h.prepare(`SELECT instruction, meta_json FROM samples WHERE kind = 'material'`).all() as { instruction: string; meta_json: string }[];
    expect(pieces).toHaveLength(40);
    const metas = pieces.map((p) => JSON.parse(p.meta_json) as { text_type: string; text_type_how: string; cut_from?: number });
    // News agency datelines ("(CNN) --", "(Reuters)") name the type in most pieces.
    expect(metas.filter((m) => m.text_type === 'news article' && m.text_type_how === 'keyword').length).toBeGreaterThan(20);
    for (const p of pieces) expect(p.instruction.length).toBeLessThanOrEqual(1500);
    expect(metas.some((m) => (m.cut_from ?? 0) > 1500)).toBe(true);
    const convs = h.prepare(`SELECT instruction, messages_json, json_extract(meta_json, '$.rounds_planned') AS planned FROM samples WHERE kind = 'conversation' AND status = 'accepted'`).all() as {
      instruction: string;
      messages_json: string;
      planned: number;
    }[];
    h.close();
    expect(convs).toHaveLength(6);
    for (const c of convs) {
      expect(c.instruction).toMatch(/\n\nHere is the text:\n\n/);
      expect(pieces.some((p) => c.instruction.endsWith(p.instruction))).toBe(true);
      expect(c.planned).toBeGreaterThanOrEqual(2);
      expect(c.planned).toBeLessThanOrEqual(4);
    }
  });
});
