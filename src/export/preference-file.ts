import { writeFileAtomic } from '../util/atomic-file.js';
import { checkDpoRows, dpoRow, ktoRows, PromptCompletionRow, type PreferencePair } from './preference.js';

export type PreferenceFormat = 'dpo-plain' | 'dpo-chat' | 'kto' | 'prompt-completion';

export class PreferenceExportError extends Error {}

/** The JSONL text of one preference export; throws (naming the rows) before anything is written. */
export function preferenceJsonl(pairs: readonly PreferencePair[], format: PreferenceFormat): string {
  let rows: unknown[];
  if (format === 'dpo-plain' || format === 'dpo-chat') {
    rows = pairs.map((p) => dpoRow(p, format === 'dpo-plain' ? 'plain' : 'chat'));
    const errors = checkDpoRows(rows);
    if (errors.length > 0) throw new PreferenceExportError(`DPO export refused: ${errors.slice(0, 5).join('; ')}`);
  } else if (format === 'kto') {
    rows = pairs.flatMap(ktoRows);
  } else {
    // SFT keeps the chosen side only.
    rows = pairs.map((p, i) => {
      const r = PromptCompletionRow.safeParse({ prompt: p.prompt, completion: p.chosen });
      if (!r.success) throw new PreferenceExportError(`row ${i + 1}: ${r.error.issues[0]!.path.join('.')}: ${r.error.issues[0]!.message}`);
      return r.data;
    });
  }
  return rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');
}

/** Writes the export whole or not at all (temp file, fsync, rename). */
export function writePreferenceExport(target: string, pairs: readonly PreferencePair[], format: PreferenceFormat): number {
  const text = preferenceJsonl(pairs, format);
  writeFileAtomic(target, text);
  return text === '' ? 0 : text.split('\n').length - 1;
}
