/**
 * Server-side pages of the audit viewer. Every stored text goes through html`` (escaped); the
 * only markup not built here is the charts' SVG, whose renderers escape their own text.
 */
import { lineageGraphChart } from '../audit/charts/lineage-graph.js';
import { preferenceViewHtml } from '../audit/preference-view.js';
import { html, joinHtml, query, snippet, trusted, type SafeHtml } from '../audit/html.js';
import { lineageGraph, relationLabel, type LineageTree } from '../audit/lineage.js';
import { pageShell } from '../audit/page.js';
import { parseJson, parseMessages, type ParsedRequest, type SampleDetail } from '../audit/sample.js';
import type { CallRow, RowScores, SampleCount, SampleFilter, SampleNode, SamplePage, SampleRow, ScoreOrder, VerdictRow } from '../store/audit.js';
import type { RunListing } from '../store/runs.js';
import type { RunRow } from '../store/runs.js';
import type { ReviewRow } from '../store/reviews.js';
import { facetOptions } from './facets.js';
import { filterParams } from './filter-params.js';
import { REVIEW_SCRIPT_PATH } from './review-script.js';
import { bulkActionForm, decisionBadge, rowReviewForm, sampleReviewSection, type SampleReviewView } from './review-pages.js';

export const href = {
  home: () => '/',
  run: (id: number) => `/runs/${id}`,
  samples: (runId: number, f: SampleFilter & { sort?: ScoreOrder; cursor?: string; after?: number; before?: number; limit?: number } = {}) =>
    `/runs/${runId}/samples${query({ ...filterParams(f), sort: f.sort, cursor: f.cursor, after: f.after, before: f.before, limit: f.limit })}`,
  sample: (id: number) => `/samples/${id}`,
  call: (id: number) => `/calls/${id}`,
  report: (id: number) => `/runs/${id}/report.html`,
};

function nav(run?: RunRow): SafeHtml {
  return html`<a class="brand" href="/">Distillery audit</a>${
    run
      ? html`<a href="${href.run(run.id)}">run ${run.name}</a><a href="${href.samples(run.id)}">samples</a><a href="${href.samples(run.id, { status: 'rejected' })}">rejected</a>`
      : ''
  }`;
}

export function page(title: string, body: SafeHtml, run?: RunRow, script?: string): string {
  return pageShell({ title: `${title} · Distillery`, body, nav: nav(run), script });
}

export function badge(status: string): SafeHtml {
  return html`<span class="badge ${['accepted', 'rejected', 'pending'].includes(status) ? status : ''}">${status}</span>`;
}

const num = (n: number) => n.toLocaleString('en-US');

export function runsPage(runs: readonly RunListing[], dbPath: string): string {
  const body = html`<h1>Runs</h1><p class="muted">${dbPath}</p>
${
  runs.length
    ? html`<table><thead><tr><th class="num">id</th><th>name</th><th>method</th><th>status</th><th>teacher</th><th class="num">accepted</th><th class="num">rejected</th><th class="num">cost</th><th>updated</th><th></th></tr></thead><tbody>
${runs.map(
  (r) => html`<tr><td class="num">${r.id}</td><td><a href="${href.run(r.id)}">${r.name}</a></td><td>${r.method}</td><td>${badge(r.status)}</td>
  <td>${r.provider}/${r.model}${r.simulated ? ' (sim)' : ''}</td><td class="num">${num(r.accepted)}</td><td class="num"><a href="${href.samples(r.id, { status: 'rejected' })}">${num(r.rejected)}</a></td>
  <td class="num">$${Number(r.cost).toFixed(4)}</td><td>${String(r.updated_at).replace('T', ' ').slice(0, 19)}</td><td><a href="${href.samples(r.id)}">samples</a></td></tr>`,
)}</tbody></table>`
    : html`<p>No runs in this database yet. Start one with <code>npx distillery run pipelines/self-instruct.yaml</code>.</p>`
}`;
  return page('Runs', body);
}

export function dashboardPage(run: RunRow, dashboard: SafeHtml): string {
  const body = html`<h1>Run ${run.name}</h1>
<p><a href="${href.samples(run.id)}">Browse samples</a> · <a href="${href.samples(run.id, { status: 'rejected' })}">rejected samples</a> · <a href="${href.report(run.id)}">self-contained report (HTML)</a></p>
${dashboard}`;
  return page(`Run ${run.name}`, body, run);
}

export interface BrowserView {
  run: RunRow;
  filter: SampleFilter;
  limit: number;
  page: SamplePage;
  count: { n: number; capped: boolean };
  facets: SampleCount[];
  failedFilters: { filter: string; n: number }[];
  /** Groups under the filters the four dropdowns do not cover (default: `facets`), for counts that respect them. */
  matchingFacets?: SampleCount[];
  /** Failing filters among the samples the other filters match (default: `failedFilters`). */
  matchingFailed?: { filter: string; n: number }[];
  /** Latest human decision of the shown rows. */
  decisions?: ReadonlyMap<number, ReviewRow>;
  /** With a review session: the CSRF token for the row forms, and this page's path to come back to. */
  review?: { csrf: string; back: string };
  /** A line above the list (e.g. what a bulk action did). */
  notice?: string;
  /** Sorted by score: the order, this page's cursor and the next page's. */
  sort?: { order: ScoreOrder; cursor?: string; next: string | null };
  /** Each shown row's scores, and what the score column shows. */
  scores?: ReadonlyMap<number, RowScores>;
  scoreKind?: 'judge' | 'similarity';
}

function select(name: string, label: string, current: string | undefined, options: { value: string; label: string }[]): SafeHtml {
  return html`<label>${label}<select name="${name}"><option value="">any</option>${options.map(
    (o) => html`<option value="${o.value}"${o.value === current ? trusted(' selected') : ''}>${o.label}</option>`,
  )}</select></label>`;
}

/** The run's failing filters, counted among the samples the other filters match. */
function failedChoices(all: readonly { filter: string; n: number }[], matching: readonly { filter: string; n: number }[]): { value: string; label: string }[] {
  const n = new Map(matching.map((x) => [x.filter, x.n]));
  return all.map((x) => ({ value: x.filter, label: `${x.filter} (${num(n.get(x.filter) ?? 0)})` }));
}

export function samplesPage(v: BrowserView): string {
  const { run, filter: f, page: p } = v;
  const form = html`<form class="filters" method="get" action="${`/runs/${run.id}/samples`}" role="search">
  ${(['kind', 'stage', 'status', 'reason'] as const).map((k) => select(k, k, f[k], facetOptions(v.facets, v.matchingFacets ?? v.facets, f, k).map((o) => ({ value: o.value, label: `${o.value} (${num(o.n)})` }))))}
  ${select('failed', 'failed filter', f.failed, failedChoices(v.failedFilters, v.matchingFailed ?? v.failedFilters))}
  ${select('review', 'review', f.review, [
    { value: 'none', label: 'not yet reviewed' },
    { value: 'approved', label: 'approved' },
    { value: 'rejected', label: 'rejected' },
    { value: 'flagged', label: 'flagged' },
  ])}
  <label>judge score ≤<input type="number" name="max_score" step="any" value="${f.maxScore ?? ''}" class="score"></label>
  <label>text<input type="search" name="q" value="${f.grep ?? ''}" placeholder="words in instruction, input, output"></label>
  <label>sort<select name="sort"><option value="">by id</option>${(
    [
      ['score', 'score, lowest first'],
      ['-score', 'score, highest first'],
    ] as const
  ).map(([value, label]) => html`<option value="${value}"${v.sort?.order === value ? trusted(' selected') : ''}>${label}</option>`)}</select></label>
  <label>per page<select name="limit">${[25, 50, 100, 200].map((n) => html`<option${n === v.limit ? trusted(' selected') : ''}>${n}</option>`)}</select></label>
  <button type="submit">Filter</button> <a href="${href.samples(run.id)}">clear</a>
</form>`;
  const keep = { ...f, sort: v.sort?.order, limit: v.limit === 50 ? undefined : v.limit };
  // By score, pages go forward from a (score, id) cursor; by id, both ways.
  const pager = v.sort
    ? html`<nav class="pager" aria-label="pages">
  ${v.sort.cursor ? html`<a href="${href.samples(run.id, keep)}">« first</a>` : html`<span class="muted">« first</span>`}
  ${v.sort.next !== null ? html`<a rel="next" href="${href.samples(run.id, { ...keep, cursor: v.sort.next })}">next ›</a>` : html`<span class="muted">next ›</span>`}
</nav>`
    : html`<nav class="pager" aria-label="pages">
  ${p.prev !== null ? html`<a href="${href.samples(run.id, keep)}">« first</a><a rel="prev" href="${href.samples(run.id, { ...keep, before: p.prev })}">‹ previous</a>` : html`<span class="muted">« first</span>`}
  ${p.next !== null ? html`<a rel="next" href="${href.samples(run.id, { ...keep, after: p.next })}">next ›</a>` : html`<span class="muted">next ›</span>`}
</nav>`;
  const scoreOf = (id: number) => {
    const sc = v.scores?.get(id);
    const x = v.scoreKind === 'judge' ? sc?.judge : sc?.similarity;
    return x === null || x === undefined ? '' : String(Number(x.toFixed(3)));
  };
  const similarOf = (id: number): SafeHtml => {
    const sc = v.scores?.get(id);
    return sc?.similarId != null ? html`<a href="${href.sample(sc.similarId)}">#${sc.similarId}</a>${sc.similarity !== null ? html` <span class="muted">${sc.similarity.toFixed(3)}</span>` : ''}` : html``;
  };
  const rows = p.rows.map((s) => {
    const msgs = s.messages ? snippet(s.messages, 200) : '';
    const main = s.instruction || msgs || s.output;
    const sub = s.instruction ? [s.input && `input: ${s.input}`, s.output && `output: ${s.output}`].filter(Boolean).join(' · ') : '';
    const decision = v.decisions?.get(s.id);
    return html`<tr data-id="${s.id}"><td class="num"><a href="${href.sample(s.id)}">${s.id}</a></td><td>${s.kind}</td><td>${s.stage}</td><td>${badge(s.status)}</td><td>${s.reason ?? ''}</td><td class="num score">${scoreOf(s.id)}</td><td class="similar">${similarOf(s.id)}</td>
  <td class="text">${snippet(main, 220)}${sub ? html`<div class="sub">${snippet(sub, 220)}</div>` : ''}</td><td class="review">${decisionBadge(decision?.decision)}${decision?.note ? html`<div class="sub">${snippet(decision.note, 80)}</div>` : ''}${v.review ? rowReviewForm(s.id, v.review.csrf, v.review.back) : ''}</td></tr>`;
  });
  const body = html`<h1>Samples of run <a href="${href.run(run.id)}">${run.name}</a></h1>
${form}
${v.notice ? html`<p class="notice">${v.notice}</p>` : ''}
${v.review && v.count.n > 0 ? html`${bulkActionForm(run.id, f, v.count)}<p class="note keys">Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous, <kbd>a</kbd> approve, <kbd>r</kbd> reject, <kbd>f</kbd> flag, <kbd>n</kbd> note (<kbd>Esc</kbd> back to the list).</p>` : ''}
<p class="count">${v.count.capped ? `more than ${num(v.count.n)}` : num(v.count.n)} matching sample${v.count.n === 1 ? '' : 's'}${p.rows.length ? (v.sort ? ` · by ${v.scoreKind === 'judge' ? 'judge score' : 'similarity'}, ${v.sort.order === 'score' ? 'lowest' : 'highest'} first (samples without one last)` : ` · showing #${p.rows[0]!.id} to #${p.rows[p.rows.length - 1]!.id}`) : ''}</p>
${p.rows.length ? html`<table class="samples"><thead><tr><th class="num">id</th><th>kind</th><th>stage</th><th>status</th><th>reason</th><th class="num">${v.scoreKind === 'judge' ? 'judge score' : 'similarity'}</th><th>most similar</th><th>text</th><th>review</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p class="muted">No samples match.</p>`}
${pager}`;
  return page(`Samples of ${run.name}`, body, run, v.review ? REVIEW_SCRIPT_PATH : undefined);
}

function textBlock(label: string, text: string): SafeHtml {
  if (text === '') return html``;
  return html`<h3>${label}</h3><pre class="text">${text}</pre>`;
}

function messagesBlock(msgs: readonly { role: string; content: string }[]): SafeHtml {
  return joinHtml(msgs.map((m) => html`<div class="message"><div class="role">${m.role}</div><pre class="text">${m.content}</pre></div>`));
}

/** Sample ids a verdict's detail points at (the most similar sample, the top list...), with scores when given. */
export function relatedSamples(detail: unknown): { id: number; score: number | null }[] {
  const out = new Map<number, number | null>();
  const walk = (v: unknown, key: string) => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (Number.isInteger(o.id) && (key === 'top' || key.includes('similar') || key.includes('sample'))) out.set(o.id as number, typeof o.score === 'number' ? o.score : null);
      for (const [k, x] of Object.entries(o)) walk(x, k);
    } else if (Number.isInteger(v) && /(^|_)(sample|similar|parent|source)_?id$|^most_similar_id$/.test(key)) {
      if (!out.has(v as number)) out.set(v as number, null);
    }
  };
  walk(detail, '');
  return [...out].map(([id, score]) => ({ id, score }));
}

/** The first verdict naming a most similar sample (ROUGE-L's novelty check), with its filter and score. */
export function mostSimilarOf(verdicts: readonly VerdictRow[]): { id: number; filter: string; score: number | null } | undefined {
  for (const v of verdicts) {
    const d = parseJson(v.detail_json);
    const id = d && typeof d === 'object' && !Array.isArray(d) ? (d as Record<string, unknown>).most_similar_id : undefined;
    if (Number.isInteger(id)) return { id: id as number, filter: v.filter, score: v.score };
  }
  return undefined;
}

/** A candidate beside the sample its novelty check found most similar: the two texts compared, side by side. */
function similarBlock(s: SampleDetail['sample'], other: SampleRow, why: { filter: string; score: number | null }): SafeHtml {
  const side = (title: SafeHtml, x: SampleRow) =>
    html`<div><h3>${title}</h3>${x.instruction ? html`<pre class="text">${x.instruction}</pre>` : ''}${x.input ? html`<div class="sub">input</div><pre class="text">${x.input}</pre>` : ''}${
      x.output ? html`<div class="sub">output</div><pre class="text">${x.output}</pre>` : ''
    }</div>`;
  return html`<section id="similar"><h2>Side by side with its most similar sample</h2>
<p class="note">${why.filter}${why.score !== null ? ` similarity ${why.score.toFixed(3)}` : ''}</p>
<div class="grid2">${side(html`This sample #${s.id}`, s)}${side(html`Most similar: <a href="${href.sample(other.id)}">#${other.id}</a> ${other.kind} ${badge(other.status)}`, other)}</div></section>`;
}

function verdictsTable(verdicts: readonly VerdictRow[]): SafeHtml {
  if (!verdicts.length) return html`<p class="muted">No verdicts recorded.</p>`;
  return html`<table class="verdicts"><thead><tr><th>filter</th><th>verdict</th><th class="num">score</th><th>detail</th></tr></thead><tbody>
${verdicts.map((v) => {
  const detail = parseJson(v.detail_json);
  const related = relatedSamples(detail);
  return html`<tr><td>${v.filter}</td><td>${v.passed ? html`<span class="badge pass">pass</span>` : html`<span class="badge fail">fail</span>`}</td>
<td class="num">${v.score === null ? '' : Number(v.score.toFixed(4))}</td>
<td>${related.length ? html`<div>related: ${joinHtml(related.slice(0, 10).map((r) => html`<a href="${href.sample(r.id)}">#${r.id}</a>${r.score !== null ? ` (${r.score.toFixed(3)})` : ''}`), ', ')}</div>` : ''}${
    detail === null ? '' : html`<pre class="text">${typeof detail === 'string' ? detail : JSON.stringify(detail, null, 2)}</pre>`
  }</td></tr>`;
})}</tbody></table>`;
}

function callBlock(call: CallRow, request: ParsedRequest, siblings?: { rows: SampleNode[]; total: number }): SafeHtml {
  return html`<dl class="kv">
  <dt>call</dt><dd><a href="${href.call(call.id)}">#${call.id}</a>, stage ${call.stage}, wave ${call.wave}, draw ${call.draw}</dd>
  <dt>teacher</dt><dd>${call.provider}/${call.model} (${call.mode})${call.simulated ? ', simulated' : ''}${call.response_model && call.response_model !== call.model ? `, answered by ${call.response_model}` : ''}</dd>
  <dt>status</dt><dd>${call.status}${call.finish_reason ? `, finish reason ${call.finish_reason}` : ''}</dd>
  <dt>tokens</dt><dd>${call.prompt_tokens} prompt + ${call.completion_tokens} completion${call.cached_tokens ? ` (${call.cached_tokens} cached)` : ''}</dd>
  <dt>cost</dt><dd>$${call.cost.toFixed(6)}</dd>
  <dt>latency</dt><dd>${call.latency_ms ?? '?'} ms, ${call.attempts} attempt${call.attempts === 1 ? '' : 's'}</dd>
  ${call.reused_from !== null ? html`<dt>reused</dt><dd>answer reused from <a href="${href.call(call.reused_from)}">call #${call.reused_from}</a></dd>` : ''}
  <dt>parameters</dt><dd><code>${JSON.stringify(request.params)}</code></dd>
  ${siblings && siblings.total > 1 ? html`<dt>same answer</dt><dd>${siblings.total} samples: ${joinHtml(siblings.rows.map((s) => html`<a href="${href.sample(s.id)}">#${s.id}</a>`), ' ')}${siblings.total > siblings.rows.length ? ' …' : ''}</dd>` : ''}
</dl>
${call.error ? textBlock('Failed attempts', call.error) : ''}
<h3>Prompt</h3>
${request.messages ? messagesBlock(request.messages) : html`<pre class="text">${request.prompt ?? ''}</pre>`}
<h3>Raw output</h3>
<pre class="text raw-output">${call.response_text ?? '(no response)'}</pre>`;
}

function treeList(tree: LineageTree, dir: 'up' | 'down'): SafeHtml {
  const item = (t: LineageTree, parent: LineageTree): SafeHtml =>
    html`<li>${t.relation ? html`<span class="rel">${relationLabel(parent, t)}:</span> ` : ''}<a href="${href.sample(t.node.id)}">#${t.node.id}</a> ${t.node.kind} ${badge(t.node.status)}${t.node.reason ? ` ${t.node.reason}` : ''} <span class="muted">${snippet(t.node.text, 90)}</span>${t.repeated ? html` <span class="muted">(shown above)</span>` : ''}${
      t.children.length || t.hidden ? html`<ul>${t.children.map((c) => item(c, t))}${t.hidden ? html`<li class="muted">… ${t.hidden} more</li>` : ''}</ul>` : ''
    }</li>`;
  if (!tree.children.length && !tree.hidden) return html`<p class="muted">${dir === 'up' ? 'No parents: a seed or a root.' : 'Nothing derived from it.'}</p>`;
  return html`<ul class="tree">${tree.children.map((c) => item(c, tree))}${tree.hidden ? html`<li class="muted">… ${tree.hidden} more</li>` : ''}</ul>`;
}

export function samplePage(d: SampleDetail, review?: Omit<SampleReviewView, 'sampleId'>, similar?: { sample: SampleRow; filter: string; score: number | null }): string {
  const s = d.sample;
  const msgs = parseMessages(s.messages_json);
  const meta = parseJson(s.meta_json);
  const metaCalls = meta && typeof meta === 'object' && !Array.isArray(meta) ? Object.entries(meta as Record<string, unknown>).filter((e): e is [string, number] => /call_id$/.test(e[0]) && Number.isInteger(e[1])) : [];
  const graph = lineageGraph(d.up, d.down);
  const svg = lineageGraphChart(graph.nodes, graph.edges, { title: `Lineage of sample ${s.id}`, href: href.sample });
  const body = html`<h1>Sample #${s.id} <small>${s.kind}</small> ${badge(s.status)}${s.reason ? html` <span class="reason">${s.reason}</span>` : ''}</h1>
<dl class="kv">
  <dt>run</dt><dd>${d.run ? html`<a href="${href.run(d.run.id)}">${d.run.name}</a>` : s.run_id}</dd>
  <dt>stage</dt><dd>${s.stage}, wave ${s.wave}${s.round ? `, round ${s.round}` : ''}</dd>
  <dt>content hash</dt><dd><code>${s.content_hash}</code></dd>
  <dt>created</dt><dd>${s.created_at}</dd>
</dl>
<section id="content"><h2>Content</h2>
${textBlock('Instruction', s.instruction)}${textBlock('Input', s.input)}${textBlock('Output', s.output)}
${msgs ? html`<h3>Messages</h3>${messagesBlock(msgs)}` : ''}
${meta !== null ? textBlock('Meta', typeof meta === 'string' ? meta : JSON.stringify(meta, null, 2)) : ''}
${metaCalls.length ? html`<p>calls named in meta: ${joinHtml(metaCalls.map(([k, id]) => html`${k} <a href="${href.call(id)}">#${id}</a>`), ', ')}</p>` : ''}
</section>
${d.preference ? preferenceViewHtml(d.preference, href.sample) : ''}
<section id="verdicts"><h2>Verdicts</h2>${verdictsTable(d.verdicts)}</section>
${similar ? similarBlock(s, similar.sample, similar) : ''}
${review ? sampleReviewSection({ ...review, sampleId: s.id }) : ''}
<section id="call"><h2>Producing call</h2>${d.call && d.request ? callBlock(d.call, d.request, d.siblings) : html`<p class="muted">Not produced by a teacher call (a seed, or a sample built from others).</p>`}</section>
<section id="lineage"><h2>Lineage</h2>
<figure><figcaption>Parents above, descendants below; click a node to open it.</figcaption>${trusted(svg)}</figure>
<div class="grid2"><div><h3>Up: where it came from</h3>${treeList(d.up, 'up')}</div><div><h3>Down: what came of it</h3>${treeList(d.down, 'down')}</div></div>
</section>`;
  return page(`Sample ${s.id}`, body, d.run);
}

export function callPage(call: CallRow, request: ParsedRequest, produced: { rows: SampleNode[]; total: number }, run: RunRow | undefined): string {
  const body = html`<h1>Call #${call.id}</h1>
${run ? html`<p>run <a href="${href.run(run.id)}">${run.name}</a></p>` : ''}
${callBlock(call, request)}
<h2>Samples from this answer</h2>
${
  produced.rows.length
    ? html`<ul>${produced.rows.map((s) => html`<li><a href="${href.sample(s.id)}">#${s.id}</a> ${s.kind} ${badge(s.status)} ${s.reason ?? ''} <span class="muted">${snippet(s.text, 100)}</span></li>`)}</ul>${
        produced.total > produced.rows.length ? html`<p class="muted">… ${produced.total - produced.rows.length} more</p>` : ''
      }`
    : html`<p class="muted">No sample was parsed from this answer (a classification or judge call, or a failed parse).</p>`
}`;
  return page(`Call ${call.id}`, body, run);
}

export function errorPage(status: number, message: string): string {
  return page(String(status), html`<h1>${status}</h1><p>${message}</p><p><a href="/">All runs</a></p>`);
}
