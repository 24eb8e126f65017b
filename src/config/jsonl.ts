/** JSON Lines as objects, each with its line number; a line that is not a JSON object is one ConfigError naming the file and line. Pure. */
import { ConfigError } from './errors.js';

export function jsonlObjects(text: string, file: string): { line: number; value: Record<string, unknown> }[] {
  const out: { line: number; value: Record<string, unknown> }[] = [];
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch (err) {
      throw new ConfigError(file, i + 1, undefined, `not valid JSON (${(err as Error).message}); expected a JSON object on each line`);
    }
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new ConfigError(file, i + 1, undefined, 'expected a JSON object on each line');
    out.push({ line: i + 1, value: v as Record<string, unknown> });
  });
  return out;
}
