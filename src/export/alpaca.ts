import { turns } from './chat.js';
import type { ExportRecord } from './types.js';

/**
 * Alpaca: {instruction, input, output}. A conversation of one exchange becomes its user turn and
 * answer; multi-turn conversations have no Alpaca form (the export refuses them before writing).
 */
export function alpacaRow(r: ExportRecord): Record<string, unknown> {
  let row: Record<string, unknown>;
  if (r.single) {
    row = { instruction: r.single.instruction, input: r.single.input, output: r.single.output };
  } else {
    const t = turns(r.messages);
    if (t.length !== 2 || t[0]!.role !== 'user' || t[1]!.role !== 'assistant') {
      throw new Error(`sample ${r.id}: a conversation that is not one user turn and one answer has no Alpaca form`);
    }
    row = { instruction: t[0]!.content, input: '', output: t[1]!.content };
  }
  for (const [name, v] of Object.entries(r.extra ?? {})) if (!(name in row)) row[name] = v ?? null;
  if (r.provenance) row.provenance = r.provenance;
  return row;
}
