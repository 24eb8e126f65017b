/** The human-review section of the dashboard and the report: progress per kind and machine-human agreement per filter. */
import type { Db } from '../store/db.js';
import { reviewAgreement, reviewProgress, type Agreement, type ReviewProgress } from '../store/reviews.js';
import type { SampleFilter } from '../store/audit.js';
import { html, type SafeHtml } from './html.js';

export interface ReviewSummary {
  progress: ReviewProgress[];
  agreement: Agreement[];
}

export function collectReviewSummary(db: Db, runId: number): ReviewSummary {
  return { progress: reviewProgress(db, runId), agreement: reviewAgreement(db, runId) };
}

const num = (n: number) => n.toLocaleString('en-US');
const pct = (part: number, whole: number) => (whole === 0 ? '' : ` (${((100 * part) / whole).toFixed(1)}%)`);

/** `link` (the viewer) makes the counts open the matching review queue. */
export function reviewSummaryHtml(r: ReviewSummary, link?: (f: SampleFilter) => string): SafeHtml {
  const reviewed = r.progress.reduce((a, p) => a + p.reviewed, 0);
  const cell = (n: number, f: SampleFilter) => (link ? html`<a href="${link(f)}">${num(n)}</a>` : html`${num(n)}`);
  if (reviewed === 0) {
    return html`<section id="review"><h2>Human review</h2><p class="muted">Nobody has reviewed a sample of this run yet${link ? html`: open the <a href="${link({ review: 'none' })}">review queue</a> (with the access-token URL that <code>npx distillery serve</code> printed)` : html` (review in <code>npx distillery serve</code>)`}.</p></section>`;
  }
  return html`<section id="review"><h2>Human review</h2>
<p class="note">The latest decision per sample; machine verdicts are unchanged by it.</p>
<table><thead><tr><th>kind</th><th class="num">samples</th><th class="num">reviewed</th><th class="num">approved</th><th class="num">rejected</th><th class="num">flagged</th><th class="num">not reviewed</th></tr></thead><tbody>
${r.progress.map(
  (p) => html`<tr><td>${p.kind}</td><td class="num">${num(p.samples)}</td><td class="num">${num(p.reviewed)}${pct(p.reviewed, p.samples)}</td>
<td class="num">${cell(p.approved, { kind: p.kind, review: 'approved' })}</td><td class="num">${cell(p.rejected, { kind: p.kind, review: 'rejected' })}</td>
<td class="num">${cell(p.flagged, { kind: p.kind, review: 'flagged' })}</td><td class="num">${cell(p.samples - p.reviewed, { kind: p.kind, review: 'none' })}</td></tr>`,
)}</tbody></table>
${
  r.agreement.length
    ? html`<h3>Machine-human agreement</h3>
<p class="note">Over the samples whose latest decision is approved or rejected (flags left out); "(status)" is the run's own accepted/rejected.</p>
<table><thead><tr><th>filter</th><th class="num">passed, reviewed</th><th class="num">reviewers rejected</th><th class="num">failed, reviewed</th><th class="num">reviewers approved</th></tr></thead><tbody>
${r.agreement.map(
  (a) => html`<tr><td>${a.filter}</td><td class="num">${num(a.passedReviewed)}</td><td class="num">${
    a.filter === '(status)' ? cell(a.rejectedWhatPassed, { status: 'accepted', review: 'rejected' }) : num(a.rejectedWhatPassed)
  }${pct(a.rejectedWhatPassed, a.passedReviewed)}</td><td class="num">${num(a.failedReviewed)}</td><td class="num">${
    a.filter === '(status)' ? cell(a.approvedWhatFailed, { status: 'rejected', review: 'approved' }) : num(a.approvedWhatFailed)
  }${pct(a.approvedWhatFailed, a.failedReviewed)}</td></tr>`,
)}</tbody></table>`
    : ''
}</section>`;
}
