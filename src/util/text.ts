/** Collapse every run of whitespace to one space and trim. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Words as the reference scripts count them: split on whitespace. */
export function wordCount(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

/** Python's str.capitalize(): first character upper-cased, the rest lower-cased. */
export function pythonCapitalize(text: string): string {
  if (text === '') return text;
  return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
}
