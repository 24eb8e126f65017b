import { shareGptFrom } from './chat.js';
import type { ExportRecord } from './types.js';

/** ShareGPT: {conversations: [{from: system|human|gpt, value}]}, the layout FastChat, Axolotl and LLaMA-Factory read. */
export function shareGptRow(r: ExportRecord): Record<string, unknown> {
  const row: Record<string, unknown> = { conversations: r.messages.map((m) => ({ from: shareGptFrom(m.role), value: m.content })) };
  if (r.provenance) row.provenance = r.provenance;
  return row;
}
