/**
 * The review parts of the viewer's pages: decision forms (plain HTML forms, posted with the
 * session's CSRF token), the history of a sample's decisions, and the bulk confirmation page.
 * Notes, labels and reviewer names are stored text: escaped like everything else.
 */
import { html, joinHtml, query, type SafeHtml } from '../audit/html.js';
import type { SampleFilter } from '../store/audit.js';
import type { Decision, ReviewRow } from '../store/reviews.js';
import type { RunRow } from '../store/runs.js';
import { describeFilter, filterParams } from './filter-params.js';

export const reviewHref = {
  one: (sampleId: number) => `/samples/${sampleId}/review`,
  bulk: (runId: number, f: SampleFilter = {}, decision?: Decision) => `/runs/${runId}/review/bulk${query({ ...filterParams(f), decision })}`,
  bulkPost: (runId: number) => `/runs/${runId}/review/bulk`,
};

const VERB: Record<Decision, string> = { approved: 'approve', rejected: 'reject', flagged: 'flag' };

export function decisionBadge(d: Decision | undefined): SafeHtml {
  return d ? html`<span class="badge review ${d}">${d}</span>` : html`<span class="muted">—</span>`;
}

function buttons(): SafeHtml {
  return html`<button type="submit" name="decision" value="approved" title="approve (a)">approve</button><button type="submit" name="decision" value="rejected" title="reject (r)">reject</button><button type="submit" name="decision" value="flagged" title="flag (f)">flag</button>`;
}

/** The small form of one queue row: a note and the three decisions. */
export function rowReviewForm(sampleId: number, csrf: string, back: string): SafeHtml {
  return html`<form class="review" method="post" action="${reviewHref.one(sampleId)}"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="back" value="${back}"><input type="text" name="note" maxlength="4000" placeholder="note (n)" aria-label="${`note on sample ${sampleId}`}">${buttons()}</form>`;
}

export interface SampleReviewView {
  sampleId: number;
  history: readonly ReviewRow[];
  /** The session's CSRF token; absent: no session, the form is not shown. */
  csrf?: string;
  /** Why this viewer cannot write (a read-only database), when it cannot. */
  unavailable?: string;
  reviewer?: string;
}

function historyTable(history: readonly ReviewRow[]): SafeHtml {
  if (!history.length) return html`<p class="muted">Not reviewed yet.</p>`;
  return html`<table class="reviews"><thead><tr><th>decision</th><th>reviewer</th><th>when</th><th>note</th><th>labels</th></tr></thead><tbody>${[...history].reverse().map(
    (r, i) =>
      html`<tr${i === 0 ? html` class="latest"` : ''}><td>${decisionBadge(r.decision)}${i === 0 ? html` <span class="muted">(counts)</span>` : ''}</td><td>${r.reviewer}</td><td>${r.created_at.replace('T', ' ').slice(0, 19)}</td><td class="text">${r.note ? html`<pre class="text note">${r.note}</pre>` : ''}</td><td>${joinHtml(r.labels.map((l) => html`<span class="badge label">${l}</span>`), ' ')}</td></tr>`,
  )}</tbody></table>`;
}

export function sampleReviewSection(v: SampleReviewView): SafeHtml {
  const form = v.unavailable
    ? html`<p class="muted">${v.unavailable}</p>`
    : v.csrf
      ? html`<form class="review full" method="post" action="${reviewHref.one(v.sampleId)}">
<input type="hidden" name="csrf" value="${v.csrf}"><input type="hidden" name="back" value="${`/samples/${v.sampleId}`}">
<label>note<textarea name="note" rows="3" maxlength="4000"></textarea></label>
<label>labels (comma-separated)<input type="text" name="labels" maxlength="1200"></label>
<div class="decide">${buttons()}${v.reviewer ? html` <span class="muted">as ${v.reviewer}</span>` : ''}</div>
</form>`
      : html`<p class="muted">To review, open the URL with the access token that <code>npx distillery serve</code> printed.</p>`;
  return html`<section id="review"><h2>Human review</h2>
<p class="note">A decision is stored beside the machine's verdicts, never changing them; the latest one counts for <code>export --reviewed</code>.</p>
${historyTable(v.history)}${form}</section>`;
}

/** On the queue: the current filter's bulk action, which first asks for confirmation. */
export function bulkActionForm(runId: number, f: SampleFilter, count: { n: number; capped: boolean }): SafeHtml {
  const hidden = Object.entries(filterParams(f))
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => html`<input type="hidden" name="${k}" value="${String(v)}">`);
  return html`<form class="bulk" method="get" action="${reviewHref.bulk(runId)}">${hidden}<label>with ${count.capped ? `every matching sample (more than ${count.n.toLocaleString('en-US')})` : `all ${count.n.toLocaleString('en-US')} matching sample${count.n === 1 ? '' : 's'}`} <select name="decision"><option value="rejected">reject</option><option value="approved">approve</option><option value="flagged">flag</option></select></label> <button type="submit">Bulk action…</button></form>`;
}

export interface BulkConfirmView {
  run: RunRow;
  filter: SampleFilter;
  decision: Decision;
  count: number;
  csrf?: string;
  unavailable?: string;
  /** Shown above the form (e.g. the count changed since the confirmation was shown). */
  notice?: string;
  note?: string;
  labels?: string;
}

export function bulkConfirmBody(v: BulkConfirmView, samplesHref: string): SafeHtml {
  const hidden = Object.entries(filterParams(v.filter))
    .filter(([, x]) => x !== undefined && x !== '')
    .map(([k, x]) => html`<input type="hidden" name="${k}" value="${String(x)}">`);
  const form = v.unavailable
    ? html`<p class="muted">${v.unavailable}</p>`
    : !v.csrf
      ? html`<p class="muted">To review, open the URL with the access token that <code>npx distillery serve</code> printed.</p>`
      : v.count === 0
        ? html`<p>Nothing to change.</p>`
        : html`<form class="review full" method="post" action="${reviewHref.bulkPost(v.run.id)}">
<input type="hidden" name="csrf" value="${v.csrf}"><input type="hidden" name="expect" value="${v.count}">${hidden}
<label>note (for every one)<textarea name="note" rows="2" maxlength="4000">${v.note ?? ''}</textarea></label>
<label>labels (comma-separated)<input type="text" name="labels" maxlength="1200" value="${v.labels ?? ''}"></label>
<div class="decide"><button type="submit" name="decision" value="${v.decision}">${`Yes, ${VERB[v.decision]} ${v.count.toLocaleString('en-US')} sample${v.count === 1 ? '' : 's'}`}</button> <a href="${samplesHref}">cancel</a></div>
</form>`;
  return html`<h1>${`${VERB[v.decision][0]!.toUpperCase()}${VERB[v.decision].slice(1)}`} ${v.count.toLocaleString('en-US')} sample${v.count === 1 ? '' : 's'}?</h1>
${v.notice ? html`<p class="warn">${v.notice}</p>` : ''}
<p class="confirm-count">This records a <strong>${v.decision}</strong> decision on <strong>${v.count.toLocaleString('en-US')}</strong> sample${v.count === 1 ? '' : 's'} of run ${v.run.name} matching: ${describeFilter(v.filter)}. Their machine verdicts stay as they are; an earlier decision on any of them is superseded, not erased.</p>
${form}`;
}
