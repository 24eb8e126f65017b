/**
 * A preference run's pairs as a trainer reads them: TRL's preference rows (plain or conversational),
 * KTO's unpaired rows, prompt-completion rows of the chosen answers (SFT), or every answer with its
 * ratings (reward models). Checked before anything is written, and written whole or not at all.
 */
import { existsSync } from 'node:fs';
import { openDb } from '../store/db.js';
import { writeFileAtomic } from '../util/atomic-file.js';
import { findRun } from '../store/runs.js';
import { preferenceJsonl, PreferenceExportError, type PreferenceFormat } from './preference-file.js';
import { rewardRow, type PreferencePair, type ScoredAnswer } from './preference.js';
import { ExportError } from './types.js';

export const PREFERENCE_FORMATS = ['dpo', 'dpo-chat', 'kto', 'prompt-completion', 'reward'] as const;
export type PreferenceExportFormat = (typeof PREFERENCE_FORMATS)[number];

export function isPreferenceFormat(f: string): f is PreferenceExportFormat {
  return (PREFERENCE_FORMATS as readonly string[]).includes(f);
}

const FILE_FORMAT: Record<Exclude<PreferenceExportFormat, 'reward'>, PreferenceFormat> = {
  dpo: 'dpo-plain', 'dpo-chat': 'dpo-chat', kto: 'kto', 'prompt-completion': 'prompt-completion',
};

/** Writes the export; returns the run's name, its method and the rows written. */
export function exportPreferenceRun(o: { dbPath: string; run: string; format: PreferenceExportFormat; out: string }): { run: string; method: string; rows: number; simulated: boolean } {
  if (!existsSync(o.dbPath)) throw new ExportError(`${o.dbPath}: no such database`);
  const db = openDb(o.dbPath, { readonly: true });
  try {
    const run = findRun(db, o.run);
    if (!run) throw new ExportError(`no run "${o.run}" in ${o.dbPath}`);
    const rows = db.prepare(`SELECT id, instruction, output, meta_json FROM samples WHERE run_id = ? AND kind = 'preference' AND status = 'accepted' ORDER BY id`).all(run.id) as { id: number; instruction: string; output: string; meta_json: string }[];
    if (rows.length === 0) {
      throw new ExportError(`run "${run.name}" (${run.method}) has no accepted preference pairs; --format ${o.format} exports a preference run's pairs (pipelines/ultrafeedback.yaml, nectar.yaml, spin.yaml)`);
    }
    let text: string;
    if (o.format === 'reward') {
      const answers = db.prepare(
        `SELECT s.output, s.meta_json, (SELECT json_group_object(substr(v.filter, 8), v.score) FROM verdicts v WHERE v.sample_id = s.id AND v.filter LIKE 'rating:%') AS ratings,
                (SELECT v.score FROM verdicts v WHERE v.sample_id = s.id AND v.filter = 'rank') AS rank
         FROM lineage l JOIN samples s ON s.id = l.parent_id WHERE l.child_id = ? AND l.relation IN ('chosen', 'rejected', 'answer') ORDER BY l.position`,
      );
      text = rows
        .map((r) => {
          const scored: (ScoredAnswer & { rank?: number })[] = (answers.all(r.id) as { output: string; meta_json: string; ratings: string; rank: number | null }[]).map((a) => {
            const ratings = JSON.parse(a.ratings) as Record<string, number>;
            const v = Object.values(ratings);
            return { teacher: (JSON.parse(a.meta_json) as { teacher: string }).teacher, text: a.output, ratings, mean: v.length ? v.reduce((s, x) => s + x, 0) / v.length : NaN, ...(a.rank !== null ? { rank: a.rank } : {}) };
          });
          return JSON.stringify(rewardRow(r.instruction, scored));
        })
        .join('\n') + '\n';
    } else {
      const pairs: PreferencePair[] = rows.map((r) => ({ prompt: r.instruction, chosen: r.output, rejected: (JSON.parse(r.meta_json) as { columns: { rejected: string } }).columns.rejected }));
      try {
        text = preferenceJsonl(pairs, FILE_FORMAT[o.format]);
      } catch (err) {
        if (err instanceof PreferenceExportError) throw new ExportError(`${err.message}; nothing was written`);
        throw err;
      }
    }
    writeFileAtomic(o.out, text);
    return { run: run.name, method: run.method, rows: text.split('\n').length - 1, simulated: run.simulated === 1 };
  } finally {
    db.close();
  }
}
