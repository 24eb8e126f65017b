/**
 * Chat models decorate the two headers ("## Problem Description", "**[Solution]**", "### [Solution]:");
 * the reference parser needs each alone on its line. Pure; each rewrite is recorded.
 */
import { edit, type Edit, type Normalised } from '../../chat/edits.js';

const HEADER = /^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*|__)?[ \t]*\[?[ \t]*(problem description|problem|solution)[ \t]*\]?[ \t]*:?[ \t]*(?:\*\*|__)?[ \t]*:?[ \t]*$/gim;

export function normaliseOssAnswer(text: string): Normalised {
  const edits: Edit[] = [];
  const out = text.replace(HEADER, (line, name: string) => {
    const bare = name.toLowerCase() === 'solution' ? '[Solution]' : '[Problem Description]';
    // The reference matches headers without case: a bare header in another case is left as written.
    if (line.trim().toLowerCase() === bare.toLowerCase()) return line;
    edits.push(edit('markup', line));
    return bare;
  });
  return { text: out, edits };
}
