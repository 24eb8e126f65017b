import { parseRatings, type Rating } from './rating-parse.js';

export interface RatingAttempt {
  attempt: number;
  ok: boolean;
  error?: string;
}

/**
 * One aspect's judge call with re-asks: `ask(attempt)` returns the judge's text for that attempt (the
 * attempt number goes into the request's draw index, so each re-ask is its own journaled request).
 * Stops at the first well-formed answer or after `limit` attempts; every attempt is returned for the verdicts.
 */
export async function rateWithReask(
  ask: (attempt: number) => Promise<string>,
  k: number,
  limit: number,
): Promise<{ ratings: Rating[] | undefined; attempts: RatingAttempt[] }> {
  const attempts: RatingAttempt[] = [];
  for (let attempt = 0; attempt < limit; attempt++) {
    const parsed = parseRatings(await ask(attempt), k);
    if (parsed.ok) {
      attempts.push({ attempt, ok: true });
      return { ratings: parsed.ratings, attempts };
    }
    attempts.push({ attempt, ok: false, error: parsed.error });
  }
  return { ratings: undefined, attempts };
}
