/**
 * A chat judge that gives its score first ("Score: 3", "**Rating: 4/5**") and explains after it.
 * The parser looks for a labelled score from the last line up, so an explanation that mentions the
 * rubric ("a rating of 4 or 5 needs an assistant's voice") would be read instead of the score given.
 * Chat mode only. Pure.
 */

/** The first line as a score and nothing else, on the 5-point scale: "Score: 3", "**Rating:** 4/5", "### Score: 5". */
const FIRST = /^[#*_\s]*(?:final\s+|overall\s+)?(?:score|rating)[*_\s]*[:=][*_\s]*([1-5])(?:\s*(?:\/|out of)\s*5)?[*_.\s]*$/i;
/** The reference's form anywhere after it: then the answer has a last score of its own. */
const EXACT_LINE = /^[Ss]core:\s*\d+$/m;

/** When the answer opens with its score and never repeats it: the score and the line it was on. */
export function scoreFirst(text: string): { score: number; line: string } | undefined {
  const t = text.trim();
  const nl = t.indexOf('\n');
  if (nl < 0) return undefined;
  const m = FIRST.exec(t.slice(0, nl));
  if (!m || EXACT_LINE.test(t.slice(nl + 1))) return undefined;
  return { score: Number(m[1]), line: t.slice(0, nl).trim() };
}
