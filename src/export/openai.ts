import type { ExportRecord } from './types.js';

/**
 * OpenAI chat fine-tuning: one {messages: [{role, content}]} per line. With provenance the line
 * also carries a `provenance` object, for your records rather than for upload.
 */
export function openAiRow(r: ExportRecord): Record<string, unknown> {
  const row: Record<string, unknown> = { messages: r.messages.map((m) => ({ role: m.role, content: m.content })) };
  if (r.provenance) row.provenance = r.provenance;
  return row;
}
