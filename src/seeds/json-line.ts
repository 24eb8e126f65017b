/**
 * One line of a JSONL input file read against its zod schema: a line that is not JSON, or not the
 * object expected, is one error naming the file, the line and the key (an unknown key by its name).
 */
import type { z } from 'zod';
import { SeedFormatError } from './load.js';

export function jsonLine<T>(schema: z.ZodType<T>, raw: string, line: number, file: string, expected: string): T {
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch (err) {
    throw new SeedFormatError(file, line, undefined, `not valid JSON (${(err as Error).message}); expected one ${expected} object per line`);
  }
  const r = schema.safeParse(doc);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path.join('.');
    throw new SeedFormatError(file, line, key || undefined, issue.code === 'unrecognized_keys' ? `unexpected key (expected ${expected})` : issue.message);
  }
  return r.data;
}
