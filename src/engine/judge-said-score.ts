/**
 * Scores a chat judge says in ways the reference parser (filters/judge-score.ts) cannot read, which
 * it reports as missing: "4 points" or "Total: 3 points." as the last line, and a verbal score with
 * its object named ("I would give this answer a 4."). Chat mode only, and only when the parser found
 * no score at all, so no reading the parser already makes (and no completion-mode decision) changes.
 * Pure.
 */

/** The whole last line is a points total: "4 points", "Total: 3 points.", "**5 points**". */
const POINTS_LINE = /^[*_\s]*(?:(?:total|final|overall|score|rating)(?:\s+(?:score|rating|points))?\s*[:=-]?\s*)?([1-5])\s*points?(?:\s*(?:out of|\/)\s*5)?[*_.!\s]*$/i;
/** A verbal score naming what it scores: "give this answer a 4", "rate the response a 3", "award this response 5 points". */
const NAMED =
  /\b(?:give|giving|rate|rating|award|awarding|assign|assigning|score)\s+(?:this|the|that)\s+(?:answer|response|output|reply|candidate|one)\s+(?:an?\s+)?(?:solid|strong|fair|high|low)?\s*([1-5])(?![\d.,-]\d|-)(?:\s*points?)?(?:\s*(?:\/|out of)\s*5)?/gi;

/** The score a judge said on its last line, and the words it said it with; undefined when none. */
export function saidScore(text: string): { score: number; said: string } | undefined {
  const lines = text.replace(/\s+$/, '').split('\n');
  const last = lines[lines.length - 1]!;
  const points = POINTS_LINE.exec(last);
  if (points) return { score: Number(points[1]), said: last.trim() };
  const named = [...last.matchAll(NAMED)];
  const m = named[named.length - 1];
  return m ? { score: Number(m[1]), said: m[0].trim() } : undefined;
}
