/**
 * The audit of preference data: one pair's K answers side by side (teacher, the position each was
 * shown at, each aspect's rating and rationale, or its ranks), and a run's rating distributions per
 * aspect and per teacher with the position-bias agreement of its rankings.
 */
import type { Db } from '../store/db.js';
import { html, type SafeHtml } from './html.js';
import { agreementRates, ratingDistributions, type RatingRow } from './preference-stats.js';

export interface PreferenceAnswer {
  id: number;
  teacher: string;
  principle: string | null;
  text: string;
  role: 'chosen' | 'rejected' | 'answer';
  /** aspect -> rating, rationale and the 1-based position it was shown at. */
  ratings: Record<string, { rating: number; rationale: string; shownAs: number }>;
  /** `rank` mode: its rank in each of the two asks, and where it was shown in each. */
  ranks?: { ranks: number[]; shownAs: number[] };
}

export interface PreferenceView {
  mode: string;
  /** Stored index shown at each position, per judge call (one for ratings, two for rankings). */
  orders: number[][];
  answers: PreferenceAnswer[];
  agreement?: { full: boolean; top: boolean; pairwise: number };
  rule?: string;
}

interface PairMeta {
  mode?: string;
  order?: number[];
  orders?: number[][];
  agreement?: { full: boolean; top: boolean; pairwise: number };
  rule?: string;
}

/** The view of a `preference` sample; undefined for any other sample. */
export function preferenceView(db: Db, sampleId: number): PreferenceView | undefined {
  const pair = db.prepare(`SELECT kind, meta_json FROM samples WHERE id = ?`).get(sampleId) as { kind: string; meta_json: string | null } | undefined;
  if (!pair || pair.kind !== 'preference') return undefined;
  const meta = JSON.parse(pair.meta_json ?? '{}') as PairMeta;
  const links = db
    .prepare(`SELECT s.id, s.output, s.meta_json, l.relation FROM lineage l JOIN samples s ON s.id = l.parent_id WHERE l.child_id = ? AND l.relation IN ('chosen', 'rejected', 'answer') ORDER BY l.position`)
    .all(sampleId) as { id: number; output: string; meta_json: string; relation: PreferenceAnswer['role'] }[];
  const verdicts = db.prepare(`SELECT filter, score, detail_json FROM verdicts WHERE sample_id = ? AND (filter LIKE 'rating:%' OR filter = 'rank')`);
  const answers = links.map((l) => {
    const m = JSON.parse(l.meta_json) as { teacher: string; principle: string | null };
    const a: PreferenceAnswer = { id: l.id, teacher: m.teacher, principle: m.principle, text: l.output, role: l.relation, ratings: {} };
    for (const v of verdicts.all(l.id) as { filter: string; score: number; detail_json: string | null }[]) {
      const d = JSON.parse(v.detail_json ?? '{}') as { rationale?: string; shown_as?: number | number[]; ranks?: number[] };
      if (v.filter === 'rank') a.ranks = { ranks: d.ranks ?? [], shownAs: (d.shown_as as number[]) ?? [] };
      else a.ratings[v.filter.slice('rating:'.length)] = { rating: v.score, rationale: d.rationale ?? '', shownAs: d.shown_as as number };
    }
    return a;
  });
  return { mode: meta.mode ?? '', orders: meta.orders ?? (meta.order ? [meta.order] : []), answers, agreement: meta.agreement, rule: meta.rule };
}

export interface PreferenceRunStats {
  pairs: number;
  ratings: ReturnType<typeof ratingDistributions>;
  agreement: ReturnType<typeof agreementRates>;
}

/** A run's rating counts per aspect and teacher, and the agreement of its rankings; undefined when it has no pairs. */
export function preferenceRunStats(db: Db, runId: number): PreferenceRunStats | undefined {
  const pairs = (db.prepare(`SELECT COUNT(*) AS n FROM samples WHERE run_id = ? AND kind = 'preference'`).get(runId) as { n: number }).n;
  if (pairs === 0) return undefined;
  const rows = (
    db
      .prepare(`SELECT substr(v.filter, 8) AS aspect, json_extract(s.meta_json, '$.teacher') AS teacher, v.score AS rating FROM verdicts v JOIN samples s ON s.id = v.sample_id WHERE s.run_id = ? AND s.kind = 'completion' AND v.filter LIKE 'rating:%'`)
      .all(runId) as RatingRow[]
  );
  const agreements = (db.prepare(`SELECT json_extract(meta_json, '$.agreement') AS a FROM samples WHERE run_id = ? AND kind = 'preference' AND json_extract(meta_json, '$.agreement') IS NOT NULL`).all(runId) as { a: string }[]).map(
    (r) => ({ ...(JSON.parse(r.a) as { full: boolean; top: boolean; pairwise: number }), kept: undefined }),
  );
  return { pairs, ratings: ratingDistributions(rows), agreement: agreementRates(agreements) };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** Terminal lines for `status`. */
export function formatPreferenceStats(s: PreferenceRunStats): string[] {
  const out = ['', `preference pairs: ${s.pairs}`];
  const dist = (label: string, byKey: Record<string, number[]>) => {
    const keys = Object.keys(byKey).sort();
    if (keys.length === 0) return;
    out.push(`ratings by ${label} (count of 1 / 2 / 3 / 4 / 5; mean)`);
    for (const k of keys) {
      const c = byKey[k]!;
      const total = c.reduce((a, b) => a + b, 0);
      const mean = c.reduce((a, n, i) => a + n * (i + 1), 0) / total;
      out.push(`  ${k.padEnd(24)} ${c.map((n) => String(n).padStart(5)).join(' ')}   ${mean.toFixed(2)}`);
    }
  };
  dist('aspect', s.ratings.byAspect);
  dist('teacher', s.ratings.byTeacher);
  const a = s.agreement;
  if (a.prompts > 0) out.push(`position-bias agreement over ${a.prompts} ranked prompts: full ranking ${pct(a.full)}, best answer ${pct(a.top)}, answer pairs ${pct(a.pairwise)}`);
  return out;
}

/** Terminal lines for `show` on a pair. */
export function formatPreferenceView(v: PreferenceView): string[] {
  const out = ['', `preference (${v.mode})${v.rule ? `, rule ${v.rule}` : ''}: ${v.answers.length} answers in stored order`];
  v.orders.forEach((o, i) => out.push(`  judge call ${i + 1} saw: ${o.map((idx, pos) => `[${pos + 1}]=answer ${idx + 1}`).join(' ')}`));
  if (v.agreement) out.push(`  agreement: full ${v.agreement.full}, best ${v.agreement.top}, pairs ${pct(v.agreement.pairwise)}`);
  v.answers.forEach((a, i) => {
    const ratings = Object.entries(a.ratings).map(([k, r]) => `${k} ${r.rating}`).join(', ');
    out.push(`  answer ${i + 1} (#${a.id}, ${a.teacher}${a.principle ? `, ${a.principle}` : ''})${a.role !== 'answer' ? ` ${a.role.toUpperCase()}` : ''}: ${ratings}${a.ranks ? `ranks ${a.ranks.ranks.join(' / ')}` : ''}`);
    out.push(`      ${a.text.length > 200 ? `${a.text.slice(0, 199)}…` : a.text}`);
  });
  return out;
}

/** The answers side by side: one column per answer, one row per aspect. */
export function preferenceViewHtml(v: PreferenceView, sampleHref: (id: number) => string): SafeHtml {
  const aspects = [...new Set(v.answers.flatMap((a) => Object.keys(a.ratings)))];
  return html`<section id="preference"><h2>Answers side by side <small>${v.mode}${v.rule ? `, ${v.rule}` : ''}</small></h2>
${v.orders.map((o, i) => html`<p>Judge call ${i + 1} saw the answers in this order: ${o.map((idx, pos) => `[${pos + 1}] = answer ${idx + 1}`).join(', ')}</p>`)}
${v.agreement ? html`<p>Agreement of the two rankings: full ${String(v.agreement.full)}, best answer ${String(v.agreement.top)}, answer pairs ${pct(v.agreement.pairwise)}</p>` : ''}
<table class="side-by-side"><thead><tr><th></th>${v.answers.map((a, i) => html`<th><a href="${sampleHref(a.id)}">answer ${i + 1}</a>${a.role !== 'answer' ? html` <span class="badge">${a.role}</span>` : ''}</th>`)}</tr></thead><tbody>
<tr><th>teacher</th>${v.answers.map((a) => html`<td>${a.teacher}${a.principle ? html`<br><small>${a.principle}</small>` : ''}</td>`)}</tr>
${aspects.map((k) => html`<tr><th>${k}</th>${v.answers.map((a) => (a.ratings[k] ? html`<td><strong>${a.ratings[k]!.rating}</strong> <small>(shown as [${a.ratings[k]!.shownAs}])</small><br><small>${a.ratings[k]!.rationale}</small></td>` : html`<td></td>`))}</tr>`)}
${v.answers.some((a) => a.ranks) ? html`<tr><th>ranks</th>${v.answers.map((a) => html`<td>${a.ranks ? `${a.ranks.ranks.join(' / ')} (shown as ${a.ranks.shownAs.map((s) => `[${s}]`).join(' / ')})` : ''}</td>`)}</tr>` : ''}
<tr><th>text</th>${v.answers.map((a) => html`<td><pre>${a.text}</pre></td>`)}</tr>
</tbody></table></section>`;
}

/** The dashboard's section: rating counts per aspect and per teacher, and ranking agreement. */
export function preferenceStatsHtml(s: PreferenceRunStats): SafeHtml {
  const table = (label: string, byKey: Record<string, number[]>) => {
    const keys = Object.keys(byKey).sort();
    if (keys.length === 0) return html``;
    return html`<h3>Ratings by ${label}</h3><table><thead><tr><th>${label}</th>${[1, 2, 3, 4, 5].map((r) => html`<th class="num">${r}</th>`)}<th class="num">mean</th></tr></thead><tbody>
${keys.map((k) => {
  const c = byKey[k]!;
  const total = c.reduce((a, b) => a + b, 0);
  return html`<tr><td>${k}</td>${c.map((n) => html`<td class="num">${n}</td>`)}<td class="num">${(c.reduce((a, n, i) => a + n * (i + 1), 0) / total).toFixed(2)}</td></tr>`;
})}</tbody></table>`;
  };
  const a = s.agreement;
  return html`<section id="preference"><h2>Preference data</h2><p>${s.pairs} pairs.</p>
${table('aspect', s.ratings.byAspect)}${table('teacher', s.ratings.byTeacher)}
${a.prompts > 0 ? html`<h3>Position bias</h3><p>Over ${a.prompts} ranked prompts, asked twice in two orders: the same full ranking ${pct(a.full)}, the same best answer ${pct(a.top)}, answer pairs ordered alike ${pct(a.pairwise)}.</p>` : ''}
</section>`;
}
