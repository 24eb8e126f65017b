/** Where things are in a JSON text, so an error can name its line. Pure. */

/** The 1-based line of a character offset. */
export function lineOf(content: string, offset: number): number {
  let line = 1;
  for (let i = content.indexOf('\n'); i !== -1 && i < offset; i = content.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Offsets where the elements of a top-level JSON array start, found by a scan that tracks string
 * literals and nesting; only called on valid JSON, so it need not validate.
 */
export function elementStarts(content: string): number[] {
  const starts: number[] = [];
  let depth = 0;
  let expecting = false; // at depth 1, after '[' or ',': the next non-blank character starts one
  for (let i = 0; i < content.length; i++) {
    const c = content[i]!;
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
    if (expecting && depth === 1 && c !== ']') {
      starts.push(i);
      expecting = false;
    }
    if (c === '"') {
      for (i++; i < content.length && content[i] !== '"'; i++) if (content[i] === '\\') i++;
    } else if (c === '[' || c === '{') {
      depth++;
      if (depth === 1) expecting = true;
    } else if (c === ']' || c === '}') {
      depth--;
    } else if (c === ',' && depth === 1) {
      expecting = true;
    }
  }
  return starts;
}
