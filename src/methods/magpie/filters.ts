import type { Verdict } from '../../store/samples.js';
import { wordCount } from '../../util/text.js';
import { queryKey } from './parse.js';

export interface QueryRules {
  minWords: number;
  maxWords: number;
  dropColonEndings: boolean;
}

/**
 * The Magpie release filters that need no reward model or tagger (methods.md section 5), each its own
 * verdict: length, a query ending with ":", and exact duplicates (whitespace and case folded) of a
 * query seen earlier in the run. `seen` maps query keys to the id (or pending ref) of their first row.
 */
export function queryVerdicts(query: string, rules: QueryRules, seen: ReadonlyMap<string, number>): Verdict[] {
  const words = wordCount(query);
  const first = seen.get(queryKey(query));
  return [
    { filter: 'word-count', passed: words >= rules.minWords && words <= rules.maxWords, score: words, detail: { words, min: rules.minWords, max: rules.maxWords } },
    ...(rules.dropColonEndings ? [{ filter: 'ends-with-colon', passed: !/:\s*$/.test(query) }] : []),
    { filter: 'duplicate', passed: first === undefined, detail: first === undefined ? undefined : { first_sample: first } },
  ];
}

/** A response shorter than the minimum is rejected (an empty one always). */
export function responseVerdict(response: string, minWords: number): Verdict {
  const words = wordCount(response);
  return { filter: 'response-length', passed: words >= Math.max(1, minWords), score: words, detail: { words, min: Math.max(1, minWords) } };
}
