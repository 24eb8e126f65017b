/**
 * A run's dashboard: the data (from read-only queries), the charts (SVG strings) and the HTML
 * sections shared by `distillery report` and the web viewer.
 */
import { preferenceRunStats, preferenceStatsHtml, type PreferenceRunStats } from './preference-view.js';
import type { Db } from '../store/db.js';
import {
  acceptedTexts,
  callStageStats,
  filterScoreBins,
  filterScores,
  operationCounts,
  rejectedExamples,
  roundCounts,
  sampleCounts,
  verdictStats,
  waveProgress,
  type CallStageStat,
  type RoundCount,
  type RunRow,
  type SampleCount,
  type SampleFilter,
  type VerdictStat,
  type WaveProgress,
} from '../store/audit.js';
import { recipeOf } from '../methods/registry.js';
import { wordCount } from '../util/text.js';
import { barChart } from './charts/bars.js';
import { funnelChart, type Funnel } from './charts/funnel.js';
import { binValues, histogramChart, lengthBins, type Bin } from './charts/histogram.js';
import { sunburstChart, type VerbSlice } from './charts/sunburst.js';
import { COLORS } from './charts/svg.js';
import { html, snippet, trusted, type SafeHtml } from './html.js';
import { verbObjectSlices, type VerbObjectStats } from './verbs.js';

export interface RunDashboard {
  run: RunRow;
  /** A preference run's rating distributions and ranking agreement. */
  preference?: PreferenceRunStats;
  counts: SampleCount[];
  verdicts: VerdictStat[];
  waves: WaveProgress;
  stages: CallStageStat[];
  /** Each ROUGE-style filter's scores in 20 bins over [0, 1), counted by the database. */
  similarity: { filter: string; bins: Bin[]; threshold: number | null }[];
  /** Scores of each judge filter (judge, judge-iter1, judge-iter2...: one per curation iteration), in the run's filter order. */
  judgeScores: { filter: string; scores: number[]; threshold: number | null }[];
  lengths: { instruction: number[]; input: number[]; output: number[]; turns: number[] };
  /** Lengths and verbs read from every `every`-th accepted sample (by id) when there are more than `maxTextSamples`: `read` of `of`. */
  textSample: { every: number; read: number; of: number };
  verbs: { slices: VerbSlice[]; stats: VerbObjectStats; limitedTo: number | null };
  rounds: RoundCount[];
  operations: { operation: string; status: string; n: number }[];
  examples: { reason: string | null; id: number; kind: string; text: string; score: number | null }[];
}

export interface CollectOptions {
  /** Distinct instructions tagged for the verb chart at most (tagging costs about 15 µs each). */
  maxVerbInstructions?: number;
  /**
   * Accepted samples read for the length charts and verbs at most (default 5,000): a larger run is
   * read every k-th sample by id, a systematic sample the page says it is. Counts are always exact.
   */
  maxTextSamples?: number;
  examplesPerReason?: number;
}

/** Everything the dashboard shows, read from the database. */
export function collectDashboard(db: Db, run: RunRow, o: CollectOptions = {}): RunDashboard {
  const maxVerb = o.maxVerbInstructions ?? 20_000;
  const verdicts = verdictStats(db, run.id);
  const counts = sampleCounts(db, run.id);
  const scored = [...new Set(verdicts.filter((v) => /rouge/i.test(v.filter) && v.scored > 0).map((v) => v.filter))];
  const judged = [...new Set(verdicts.filter((v) => /^judge/i.test(v.filter) && v.scored > 0).sort((a, b) => a.firstId - b.firstId).map((v) => v.filter))];
  const lengths = { instruction: [] as number[], input: [] as number[], output: [] as number[], turns: [] as number[] };
  const instructions = new Set<string>();
  let limited = false;
  // Lengths and verbs describe what the run made: a recipe's inputs (seeds, corpus passages,
  // sources, topics) are not its rows, however many of them were accepted.
  const inputs = ['seed', ...(recipeOf(run.method)?.manifest.inputKinds ?? [])];
  const accepted = counts.filter((c) => c.status === 'accepted' && !inputs.includes(c.kind)).reduce((a, c) => a + c.n, 0);
  const every = Math.max(1, Math.ceil(accepted / (o.maxTextSamples ?? 5_000)));
  let read = 0;
  for (const t of acceptedTexts(db, run.id, every, inputs)) {
    read++;
    if (t.instruction && !instructions.has(t.instruction)) {
      lengths.instruction.push(wordCount(t.instruction));
      if (instructions.size < maxVerb) instructions.add(t.instruction);
      else limited = true;
    }
    if (t.input.trim()) lengths.input.push(wordCount(t.input));
    if (t.output.trim()) lengths.output.push(wordCount(t.output));
    if (t.turns !== null) lengths.turns.push(t.turns);
  }
  const verbs = verbObjectSlices(instructions);
  return {
    run,
    counts,
    verdicts,
    waves: waveProgress(db, run.id),
    stages: callStageStats(db, run.id),
    similarity: scored.map((filter) => ({ filter, ...filterScoreBins(db, run.id, filter, 0, 1, 20) })),
    judgeScores: judged.map((filter) => ({ filter, ...filterScores(db, run.id, filter) })),
    lengths,
    textSample: { every, read, of: accepted },
    verbs: { ...verbs, limitedTo: limited ? maxVerb : null },
    rounds: roundCounts(db, run.id),
    operations: operationCounts(db, run.id),
    examples: rejectedExamples(db, run.id, o.examplesPerReason ?? 3, counts),
    preference: preferenceRunStats(db, run.id),
  };
}

/** Builds links into the sample browser; absent in the self-contained report. */
export type SampleLinker = (f: SampleFilter) => string;

/**
 * The funnel of each generated kind: reasons that are filter names come in the order the
 * pipeline first applied that filter; other reasons follow, most frequent first.
 */
export function funnels(counts: readonly SampleCount[], verdicts: readonly VerdictStat[], link?: SampleLinker): Funnel[] {
  const kinds = [...new Set(counts.map((c) => c.kind))].filter((k) => k !== 'seed');
  return kinds.map((kind) => {
    const rows = counts.filter((c) => c.kind === kind);
    const sum = (status: string) => rows.filter((r) => r.status === status).reduce((a, r) => a + r.n, 0);
    const removed = new Map<string, number>();
    for (const r of rows) if (r.status === 'rejected') removed.set(r.reason ?? '', (removed.get(r.reason ?? '') ?? 0) + r.n);
    const order = new Map(verdicts.filter((v) => v.kind === kind).map((v) => [v.filter, v.firstId]));
    const reasons = [...removed.keys()].sort((a, b) => {
      const oa = order.get(a);
      const ob = order.get(b);
      if (oa !== undefined && ob !== undefined) return oa - ob;
      if (oa !== undefined) return -1;
      if (ob !== undefined) return 1;
      return removed.get(b)! - removed.get(a)! || a.localeCompare(b);
    });
    return {
      kind,
      generated: rows.reduce((a, r) => a + r.n, 0),
      steps: reasons.map((reason) => ({
        label: reason || '(no reason)',
        removed: removed.get(reason)!,
        href: link?.({ kind, status: 'rejected', reason: reason || '-' }),
      })),
      accepted: sum('accepted'),
      pending: sum('pending'),
      hrefAll: link?.({ kind }),
      hrefAccepted: link?.({ kind, status: 'accepted' }),
    };
  });
}

/** Survival by round, for kinds that have rounds above 0 (iterative recipes such as Evol-Instruct). */
export function survivalByRound(rounds: readonly RoundCount[]): { categories: string[]; accepted: number[]; rejected: number[]; pending: number[] } | null {
  const kinds = [...new Set(rounds.filter((r) => r.round > 0).map((r) => r.kind))];
  if (kinds.length === 0) return null;
  const keys: { kind: string; round: number }[] = [];
  for (const kind of kinds) {
    const rs = [...new Set(rounds.filter((r) => r.kind === kind).map((r) => r.round))].sort((a, b) => a - b);
    for (const round of rs) keys.push({ kind, round });
  }
  const get = (k: { kind: string; round: number }, status: string) => rounds.filter((r) => r.kind === k.kind && r.round === k.round && r.status === status).reduce((a, r) => a + r.n, 0);
  return {
    categories: keys.map((k) => (kinds.length > 1 ? `${k.kind} · round ${k.round}` : `round ${k.round}`)),
    accepted: keys.map((k) => get(k, 'accepted')),
    rejected: keys.map((k) => get(k, 'rejected')),
    pending: keys.map((k) => get(k, 'pending')),
  };
}

export interface DashboardCharts {
  funnel: string;
  similarity: { filter: string; svg: string }[];
  judgeScores: { filter: string; svg: string }[];
  lengths: { label: string; svg: string }[];
  sunburst: string;
  tokens: string;
  cost: string | null;
  rounds: string | null;
  operations: string | null;
}

const money = (n: number) => (n === 0 ? '$0' : n < 0.01 ? `$${n.toFixed(4)}` : `$${n.toFixed(2)}`);

export function dashboardCharts(d: RunDashboard, link?: SampleLinker): DashboardCharts {
  const similarity = d.similarity.map((s) => ({
    filter: s.filter,
    svg: histogramChart({
      title: `Highest ${s.filter} similarity of each sample to the pool`,
      xLabel: `highest ${s.filter} F-measure against earlier samples`,
      bins: s.bins,
      marker: s.threshold !== null ? { at: s.threshold, label: `threshold ${s.threshold}` } : undefined,
      width: 520,
    }),
  }));
  const judgeScores = d.judgeScores.map((j) => {
    // One bin per whole score from the lowest to the highest seen (judges answer on a small integer scale).
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of j.scores) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    lo = Math.floor(lo);
    hi = Math.max(lo, Math.ceil(hi));
    const whole = j.scores.every(Number.isInteger);
    const bins = whole ? binValues(j.scores, lo, hi + 1, hi + 1 - lo) : binValues(j.scores, lo, hi === lo ? lo + 1 : hi, 20);
    return {
      filter: j.filter,
      svg: histogramChart({
        title: `${j.filter} scores`,
        xLabel: `${j.filter} score (${j.scores.length} samples)`,
        bins,
        integer: whole,
        marker: j.threshold !== null ? { at: j.threshold, label: `threshold ${j.threshold}` } : undefined,
        width: 420,
        height: 220,
      }),
    };
  });
  const lengthChart = (label: string, values: number[], unit: string) => {
    const { bins, overflowFrom } = lengthBins(values);
    return { label, svg: histogramChart({ title: `${label} length`, xLabel: unit, bins, overflowFrom, integer: true, width: 420, height: 220 }) };
  };
  const lengths = [lengthChart('Instruction', d.lengths.instruction, 'words (distinct accepted instructions)')];
  if (d.lengths.input.length) lengths.push(lengthChart('Input', d.lengths.input, 'words (accepted samples with an input)'));
  if (d.lengths.output.length) lengths.push(lengthChart('Output', d.lengths.output, 'words (accepted samples with an output)'));
  if (d.lengths.turns.length) lengths.push(lengthChart('Conversation', d.lengths.turns, 'messages per accepted conversation'));
  const stages = d.stages.map((s) => s.stage);
  const tokens = barChart({
    title: 'Tokens by stage',
    categories: stages,
    series: [
      { name: 'prompt tokens', color: COLORS.bar, values: d.stages.map((s) => s.promptTokens) },
      { name: 'completion tokens', color: '#e69f00', values: d.stages.map((s) => s.completionTokens) },
    ],
    stacked: true,
    note: 'requests this run sent (answers reused from other runs are free)',
  });
  const totalCost = d.stages.reduce((a, s) => a + s.cost, 0);
  const cost =
    totalCost > 0
      ? barChart({ title: 'Cost by stage', categories: stages, series: [{ name: 'cost (USD)', color: '#aa3377', values: d.stages.map((s) => s.cost) }], format: money })
      : null;
  const surv = survivalByRound(d.rounds);
  const statusSeries = (a: number[], r: number[], p: number[]) => [
    { name: 'accepted', color: COLORS.accepted, values: a },
    { name: 'rejected', color: COLORS.rejected, values: r },
    ...(p.some((x) => x > 0) ? [{ name: 'pending', color: COLORS.pending, values: p }] : []),
  ];
  const rounds = surv ? barChart({ title: 'Survival by round', categories: surv.categories, series: statusSeries(surv.accepted, surv.rejected, surv.pending), stacked: true, shareOfFirst: true }) : null;
  const ops = [...new Set(d.operations.map((o) => o.operation))];
  const opCount = (op: string, status: string) => d.operations.filter((o) => o.operation === op && o.status === status).reduce((a, o) => a + o.n, 0);
  const operations = ops.length
    ? barChart({
        title: 'Survival by operation',
        categories: ops,
        series: statusSeries(
          ops.map((o) => opCount(o, 'accepted')),
          ops.map((o) => opCount(o, 'rejected')),
          ops.map((o) => opCount(o, 'pending')),
        ),
        stacked: true,
        shareOfFirst: true,
      })
    : null;
  const vs = d.verbs.stats;
  const note = `${vs.withVerb} of ${vs.instructions} instructions have a root verb, ${vs.withObject} a direct object${d.verbs.limitedTo ? ` (first ${d.verbs.limitedTo} distinct instructions)` : ''}${sampledNote(d.textSample)}`;
  return {
    funnel: funnelChart(funnels(d.counts, d.verdicts, link)),
    similarity,
    judgeScores,
    lengths,
    sunburst: sunburstChart(d.verbs.slices, { note }),
    tokens,
    cost,
    rounds,
    operations,
  };
}

/** "; from every 15th accepted sample (14,931 of 224,958)", or nothing when every sample was read. */
export function sampledNote(t: RunDashboard['textSample']): string {
  return t.every > 1 ? `; from every ${t.every}th accepted sample (${t.read.toLocaleString('en-US')} of ${t.of.toLocaleString('en-US')})` : '';
}

const num = (n: number | null | undefined) => (n === null || n === undefined ? '' : Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(3));

/** The run's dashboard as HTML sections (no page shell). `link` makes counts and bars clickable. */
export function dashboardHtml(d: RunDashboard, charts: DashboardCharts, link?: SampleLinker, sampleHref?: (id: number) => string): SafeHtml {
  const run = d.run;
  const kinds = [...new Set(d.counts.map((c) => c.kind))];
  const byKind = kinds.map((kind) => {
    const rows = d.counts.filter((c) => c.kind === kind);
    const n = (status: string) => rows.filter((r) => r.status === status).reduce((a, r) => a + r.n, 0);
    return { kind, stages: [...new Set(rows.map((r) => r.stage))].join(', '), accepted: n('accepted'), rejected: n('rejected'), pending: n('pending') };
  });
  const maybeLink = (href: string | undefined, label: string | number) => (href ? html`<a href="${href}">${label}</a>` : html`${label}`);
  const reasons = d.counts.filter((c) => c.status === 'rejected');
  const reasonRows = new Map<string, { kind: string; reason: string | null; n: number }>();
  for (const r of reasons) {
    const key = `${r.kind}\u0000${r.reason ?? ''}`;
    const prev = reasonRows.get(key);
    reasonRows.set(key, { kind: r.kind, reason: r.reason, n: (prev?.n ?? 0) + r.n });
  }
  const calls = d.stages.reduce(
    (a, s) => ({ calls: a.calls + s.calls, failed: a.failed + s.failed, pending: a.pending + s.pending, reused: a.reused + s.reused, prompt: a.prompt + s.promptTokens, completion: a.completion + s.completionTokens, cost: a.cost + s.cost }),
    { calls: 0, failed: 0, pending: 0, reused: 0, prompt: 0, completion: 0, cost: 0 },
  );
  const figure = (caption: string, svg: string) => html`<figure><figcaption>${caption}</figcaption>${trusted(svg)}</figure>`;
  return html`
<section id="overview">
  <dl class="kv">
    <dt>run</dt><dd>${run.name} (id ${run.id}), ${run.method}</dd>
    <dt>status</dt><dd><span class="badge">${run.status}</span> ${run.status_detail ?? ''}</dd>
    <dt>teacher</dt><dd>${run.provider}/${run.model}${run.simulated ? ' (simulated: placeholder text, no real cost)' : ''}</dd>
    <dt>target</dt><dd>${run.target}</dd>
    <dt>waves done</dt><dd>${d.waves.waves}${d.waves.lastWave !== null ? `, last: wave ${d.waves.lastWave} (${d.waves.lastStage ?? ''}) at ${d.waves.lastAt ?? ''}` : ''}</dd>
    <dt>seed</dt><dd>${run.seed}</dd>
    <dt>created / updated</dt><dd>${run.created_at} / ${run.updated_at}</dd>
    <dt>tool version</dt><dd>${run.tool_version}</dd>
  </dl>
  ${run.simulated ? html`<p class="warn">This run used the offline sim teacher: its samples are simulated placeholder text.</p>` : ''}
</section>
<section id="counts">
  <h2>Samples</h2>
  <table><thead><tr><th>kind</th><th>stages</th><th class="num">accepted</th><th class="num">rejected</th><th class="num">pending</th></tr></thead><tbody>
  ${byKind.map(
    (k) => html`<tr><td>${maybeLink(link?.({ kind: k.kind }), k.kind)}</td><td>${k.stages}</td>
      <td class="num">${maybeLink(link?.({ kind: k.kind, status: 'accepted' }), num(k.accepted))}</td>
      <td class="num">${maybeLink(link?.({ kind: k.kind, status: 'rejected' }), num(k.rejected))}</td>
      <td class="num">${num(k.pending)}</td></tr>`,
  )}
  </tbody></table>
  <h3>Rejections by reason</h3>
  ${
    reasonRows.size
      ? html`<table><thead><tr><th>kind</th><th>reason</th><th class="num">samples</th></tr></thead><tbody>
    ${[...reasonRows.values()].map((r) => html`<tr><td>${r.kind}</td><td>${maybeLink(link?.({ kind: r.kind, status: 'rejected', reason: r.reason ?? '-' }), r.reason ?? '(no reason)')}</td><td class="num">${num(r.n)}</td></tr>`)}
    </tbody></table>`
      : html`<p class="muted">No rejected samples.</p>`
  }
  <h3>Verdicts by filter</h3>
  ${
    d.verdicts.length
      ? html`<table><thead><tr><th>kind</th><th>filter</th><th class="num">passed</th><th class="num">failed</th><th class="num">mean score</th></tr></thead><tbody>
    ${d.verdicts.map((v) => html`<tr><td>${v.kind}</td><td>${v.filter}</td><td class="num">${num(v.passed)}</td><td class="num">${v.failed ? maybeLink(link?.({ kind: v.kind, failed: v.filter }), num(v.failed)) : '0'}</td><td class="num">${v.scored ? num(v.meanScore) : ''}</td></tr>`)}
    </tbody></table>`
      : html`<p class="muted">No verdicts.</p>`
  }
</section>
<section id="calls">
  <h2>Calls, tokens and cost</h2>
  <p>${num(calls.calls)} calls (${num(calls.reused)} reused from other runs, ${num(calls.failed)} failed, ${num(calls.pending)} pending);
     ${num(calls.prompt)} prompt + ${num(calls.completion)} completion tokens; cost ${money(calls.cost)}.</p>
  <table><thead><tr><th>stage</th><th class="num">calls</th><th class="num">failed</th><th class="num">reused</th><th class="num">truncated</th><th class="num">prompt tokens</th><th class="num">completion tokens</th><th class="num">cost</th><th class="num">mean latency ms</th></tr></thead><tbody>
  ${d.stages.map(
    (s) => html`<tr><td>${s.stage}</td><td class="num">${num(s.calls)}</td><td class="num">${num(s.failed)}</td><td class="num">${num(s.reused)}</td><td class="num">${num(s.truncated)}</td>
      <td class="num">${num(s.promptTokens)}</td><td class="num">${num(s.completionTokens)}</td><td class="num">${money(s.cost)}</td><td class="num">${s.meanLatencyMs === null ? '' : Math.round(s.meanLatencyMs)}</td></tr>`,
  )}
  </tbody></table>
  <div class="charts">${figure('Tokens by stage', charts.tokens)}${charts.cost ? figure('Cost by stage', charts.cost) : html`<p class="muted">No cost recorded (simulated teacher, or no prices in the config).</p>`}</div>
</section>
<section id="funnel">
  <h2>Where samples were lost</h2>
  <p class="note">Each kind's generated samples, then what each filter removed, in the order the pipeline applies them.${link ? ' Click a row to see those samples.' : ''}</p>
  <div class="charts">${figure('Rejections by filter', charts.funnel)}</div>
  ${
    d.examples.length
      ? html`<h3>Examples of rejected samples</h3><table><thead><tr><th>reason</th><th>sample</th><th class="num">score</th><th>text</th></tr></thead><tbody>
    ${d.examples.map((e) => html`<tr><td>${e.reason ?? '(no reason)'}</td><td>${sampleHref ? html`<a href="${sampleHref(e.id)}">#${e.id}</a>` : `#${e.id}`} ${e.kind}</td><td class="num">${e.score === null ? '' : e.score.toFixed(3)}</td><td>${snippet(e.text, 160)}</td></tr>`)}
    </tbody></table>`
      : ''
  }
</section>
${
  charts.rounds || charts.operations
    ? html`<section id="rounds"><h2>Survival by round</h2><div class="charts">${charts.rounds ? figure('Survival by round', charts.rounds) : ''}${charts.operations ? figure('Survival by operation', charts.operations) : ''}</div></section>`
    : ''
}
<section id="novelty">
  <h2>Novelty</h2>
  ${
    charts.similarity.length
      ? html`<p class="note">For each generated instruction, its highest ROUGE-L against the pool when it was judged (as in the Self-Instruct paper); samples above the threshold were rejected.</p>
    <div class="charts">${charts.similarity.map((s) => figure(`Highest ${s.filter} against the pool`, s.svg))}</div>`
      : html`<p class="muted">No similarity scores in this run.</p>`
  }
</section>
${
  charts.judgeScores.length
    ? html`<section id="curation"><h2>Judge scores by iteration</h2>
  <p class="note">How the judge scored the samples at each curation iteration (one chart per judge filter, in the order the run applied them).</p>
  <div class="charts">${charts.judgeScores.map((j) => figure(`${j.filter}: score distribution`, j.svg))}</div></section>`
    : ''
}
<section id="lengths">
  <h2>Lengths</h2>
  <div class="charts">${charts.lengths.map((l) => figure(`${l.label} length${sampledNote(d.textSample)}`, l.svg))}</div>
</section>
<section id="verbs">
  <h2>Instruction verbs and objects</h2>
  <p class="note">Root verb (inner ring) and its direct object (outer ring) of each distinct accepted instruction: the 20 most common verbs with their 4 most common objects; grey is every other object, or none.</p>
  <div class="charts">${figure('Verb → object', charts.sunburst)}
  ${
    d.verbs.slices.length
      ? html`<table><thead><tr><th>verb</th><th class="num">n</th><th>top objects</th></tr></thead><tbody>
    ${d.verbs.slices.map((s) => html`<tr><td>${s.verb}</td><td class="num">${s.n}</td><td>${s.objects.map((o) => `${o.object} (${o.n})`).join(', ')}</td></tr>`)}
    </tbody></table>`
      : ''
  }</div>
</section>
${d.preference ? preferenceStatsHtml(d.preference) : ''}`;
}
