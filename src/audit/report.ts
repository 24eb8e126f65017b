/**
 * `distillery report`: one self-contained HTML file for a run (inline CSS and SVG, no script,
 * no external URL), for sharing or archiving next to the dataset.
 */
import type { Db } from '../store/db.js';
import type { RunRow } from '../store/audit.js';
import { collectDashboard, dashboardCharts, dashboardHtml, type CollectOptions } from './dashboard.js';
import { html } from './html.js';
import { collectReviewSummary, reviewSummaryHtml } from './review-summary.js';
import { pageShell } from './page.js';
import { TOOL_VERSION } from '../version.js';

export function renderReport(db: Db, run: RunRow, o: CollectOptions & { generatedAt?: string } = {}): string {
  const d = collectDashboard(db, run, o);
  const charts = dashboardCharts(d);
  const body = html`<h1>Run ${run.name}</h1>
<p class="muted">Report generated ${o.generatedAt ?? new Date().toISOString()} by Distillery ${TOOL_VERSION}. Open a sample with <code>npx distillery show ID</code> or browse with <code>npx distillery serve</code>.</p>
${dashboardHtml(d, charts)}
${reviewSummaryHtml(collectReviewSummary(db, run.id))}`;
  return pageShell({ title: `Distillery report: ${run.name}`, body, nav: html`<span class="brand">Distillery report</span><span>${run.name}</span>`, forFile: true });
}
