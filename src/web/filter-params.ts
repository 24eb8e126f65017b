/** The sample browser's filter as URL query or form fields, both ways (the queue, its bulk action and its links share it). */
import { REVIEW_STATES, type ReviewState, type SampleFilter } from '../store/audit.js';

/** Query parameter names of each filter field. */
export const FILTER_PARAMS = { kind: 'kind', stage: 'stage', status: 'status', reason: 'reason', failed: 'failed', grep: 'q', review: 'review', maxScore: 'max_score' } as const;

const text = (v: string | undefined) => (v === undefined || v === '' ? undefined : v.slice(0, 500));

/** A filter from query or form values; values that mean nothing (an unknown review state, a score that is not a number) are left out. */
export function parseSampleFilter(get: (name: string) => string | undefined): SampleFilter {
  const review = text(get(FILTER_PARAMS.review));
  const score = text(get(FILTER_PARAMS.maxScore));
  const maxScore = score !== undefined && /^-?\d{1,6}(\.\d{1,6})?$/.test(score.trim()) ? Number(score) : undefined;
  const f: SampleFilter = {
    kind: text(get('kind')),
    stage: text(get('stage')),
    status: text(get('status')),
    reason: text(get('reason')),
    failed: text(get('failed')),
    grep: text(get('q')),
    review: review !== undefined && (REVIEW_STATES as readonly string[]).includes(review) ? (review as ReviewState) : undefined,
    maxScore,
  };
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as SampleFilter;
}

/** The filter as name/value pairs (for links and hidden form fields), in a fixed order. */
export function filterParams(f: SampleFilter): Record<string, string | number | undefined> {
  return { kind: f.kind, stage: f.stage, status: f.status, reason: f.reason, failed: f.failed, q: f.grep, review: f.review, max_score: f.maxScore };
}

/** Words for a filter, for the confirmation page. */
export function describeFilter(f: SampleFilter): string {
  const parts: string[] = [];
  if (f.kind) parts.push(`kind ${f.kind}`);
  if (f.stage) parts.push(`stage ${f.stage}`);
  if (f.status) parts.push(`status ${f.status}`);
  if (f.reason) parts.push(f.reason === '-' ? 'no reason' : `reason ${f.reason}`);
  if (f.failed) parts.push(`failed filter ${f.failed}`);
  if (f.grep) parts.push(`text "${f.grep}"`);
  if (f.maxScore !== undefined) parts.push(`judge score <= ${f.maxScore}`);
  if (f.review) parts.push(f.review === 'none' ? 'not yet reviewed' : `latest review ${f.review}`);
  return parts.length ? parts.join(', ') : 'every sample of the run';
}
