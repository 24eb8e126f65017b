/** A review form as posted: checked with zod at the boundary, before anything is written. */
import { z } from 'zod';
import { DECISIONS, type Decision } from '../store/reviews.js';

const Field = z.string().max(8000).optional();

const ReviewForm = z.object({
  decision: z.enum(DECISIONS, { message: 'decision must be approved, rejected or flagged' }),
  note: Field,
  labels: Field,
  back: Field,
  expect: Field,
});

export interface ParsedReviewForm {
  decision: Decision;
  note: string;
  labels: string[];
  /** Where to go after the write: a path of this viewer, never another site. */
  back: string | undefined;
  /** The count the confirmation page showed (bulk only). */
  expect: number | undefined;
}

/** Labels typed as "a, b, c": trimmed, empty ones dropped. */
export function parseLabels(text: string): string[] {
  return text
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** A same-viewer path (no scheme, host or backslash tricks), or undefined. */
export function localPath(p: string | undefined): string | undefined {
  // Printable ASCII only: it goes into a Location header as it is.
  if (!p || p.length > 2000 || !p.startsWith('/') || p.startsWith('//') || !/^[\x21-\x7e]+$/.test(p) || p.includes('\\')) return undefined;
  return p;
}

export function parseReviewForm(body: Record<string, unknown>): { ok: true; form: ParsedReviewForm } | { ok: false; error: string } {
  const pick = Object.fromEntries(['decision', 'note', 'labels', 'back', 'expect'].map((k) => [k, typeof body[k] === 'string' ? body[k] : undefined]));
  const r = ReviewForm.safeParse(pick);
  if (!r.success) return { ok: false, error: r.error.issues.map((i) => i.message).join('; ') };
  const expect = r.data.expect !== undefined && /^\d{1,12}$/.test(r.data.expect) ? Number(r.data.expect) : undefined;
  return {
    ok: true,
    form: { decision: r.data.decision, note: (r.data.note ?? '').replace(/\r\n/g, '\n').trim(), labels: parseLabels(r.data.labels ?? ''), back: localPath(r.data.back), expect },
  };
}
