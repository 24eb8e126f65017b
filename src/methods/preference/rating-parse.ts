import { z } from 'zod';

/** One rating of one shown answer: 1..5 and the judge's reason. */
export const RatingSchema = z.object({ rating: z.number().int().min(1).max(5), rationale: z.string() });
export type Rating = z.infer<typeof RatingSchema>;

export type RatingParse =
  | { ok: true; ratings: Rating[] }
  | { ok: false; error: string };

// "Answer 2", "**Answer 2:**", "### Answer 2", "[Answer 2]", "Text 2" open a block.
const HEAD = /^\s*(?:#{1,6}\s*)?\**\s*\[?\s*(?:answer|response|text|output)\s*(\d+)\s*\]?\s*\**\s*[:.)-]?\s*\**\s*(.*)$/i;
const RATING = /rating\s*\**\s*[:=-]?\s*\**\s*(\d+(?:\.\d+)?)\s*(?:\/\s*5|out of 5)?/i;
const RATIONALE = /^\s*\**\s*rationale\s*\**\s*[:=-]?\s*\**\s*/i;

/**
 * Reads K ratings from a judge's answer, written the way chat models write them: a preamble, markdown
 * headers or bold labels, "Rating: 4" or "Rating: 4/5", a "Rationale:" line or paragraph. Returns the
 * ratings in SHOWN order (index 0 = "Answer 1"); an answer missing, repeated or out of 1..5 is a format
 * error, so the caller can re-ask.
 */
export function parseRatings(text: string, k: number): RatingParse {
  const blocks = new Map<number, string[]>();
  let current: number | undefined;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const head = HEAD.exec(line);
    if (head) {
      const n = Number(head[1]);
      if (n < 1 || n > k) return { ok: false, error: `answer ${n} is not one of 1..${k}` };
      if (blocks.has(n)) return { ok: false, error: `answer ${n} is rated twice` };
      current = n;
      blocks.set(n, [head[2] ?? '']);
      continue;
    }
    if (current !== undefined) blocks.get(current)!.push(line);
  }
  const ratings: Rating[] = [];
  for (let n = 1; n <= k; n++) {
    const lines = blocks.get(n);
    if (!lines) return { ok: false, error: `no rating for answer ${n}` };
    const body = lines.join('\n');
    const m = RATING.exec(body);
    if (!m) return { ok: false, error: `answer ${n} has no "Rating:"` };
    const value = Number(m[1]);
    if (!Number.isInteger(value) || value < 1 || value > 5) {
      return { ok: false, error: `answer ${n}: rating ${m[1]} is not an integer from 1 to 5` };
    }
    const after = body.slice(m.index + m[0].length);
    // The rationale is the first paragraph after the rating: a blank line ends it, so a closing
    // remark after the last answer ("Let me know...") is not taken for part of it.
    const kept: string[] = [];
    for (const l of after.split('\n').map((x) => x.replace(RATIONALE, '').trim())) {
      if (l === '' && kept.length > 0) break;
      if (l !== '') kept.push(l);
    }
    const rationale = kept.join(' ').replace(/^[-:.\s*]+/, '');
    ratings.push({ rating: value, rationale });
  }
  return { ok: true, ratings };
}

/** Ratings put back in the answers' stored order: shown[pos] is the stored index shown at pos. */
export function unshuffle<T>(inShownOrder: readonly T[], shown: readonly number[]): T[] {
  const out = new Array<T>(shown.length);
  shown.forEach((orig, pos) => {
    out[orig] = inShownOrder[pos]!;
  });
  return out;
}
