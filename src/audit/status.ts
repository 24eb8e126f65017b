/** `distillery status`: a run's progress, counts by stage and verdict, calls, tokens and cost. */
import type { Db } from '../store/db.js';
import { callStageStats, sampleCounts, verdictStats, waveProgress, type CallStageStat, type RunRow, type SampleCount, type VerdictStat, type WaveProgress } from '../store/audit.js';
import { reviewAgreement, reviewProgress, type Agreement, type ReviewProgress } from '../store/reviews.js';
import { summarizeRun, type RunSummary } from '../store/summary.js';
import { terminalText } from './html.js';
import { formatPreferenceStats, preferenceRunStats, type PreferenceRunStats } from './preference-view.js';

export interface RunStatusReport {
  run: RunRow;
  waves: WaveProgress;
  samples: SampleCount[];
  verdicts: VerdictStat[];
  stages: CallStageStat[];
  calls: RunSummary['calls'];
  /** Calls failed for good, grouped by their last error. */
  failures: RunSummary['failures'];
  /** Human review (distillery serve): progress per kind, and agreement with each filter. */
  review: { progress: ReviewProgress[]; agreement: Agreement[] };
  /** A preference run's rating distributions and ranking agreement. */
  preference?: PreferenceRunStats;
}

export function runStatus(db: Db, run: RunRow): RunStatusReport {
  return {
    run,
    waves: waveProgress(db, run.id),
    samples: sampleCounts(db, run.id),
    verdicts: verdictStats(db, run.id),
    stages: callStageStats(db, run.id),
    ...pick(summarizeRun(db, run.id)),
    review: { progress: reviewProgress(db, run.id), agreement: reviewAgreement(db, run.id) },
    preference: preferenceRunStats(db, run.id),
  };
}

function pick(s: RunSummary): Pick<RunStatusReport, 'calls' | 'failures'> {
  return { calls: s.calls, failures: s.failures };
}

/** Columns padded; columns listed in `right` are right-aligned (numbers). */
export function textTable(rows: string[][], right: ReadonlySet<number> = new Set()): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => '  ' + r.map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

const n = (x: number | null | undefined) => (x === null || x === undefined ? '' : Number.isInteger(x) ? String(x) : x.toFixed(3));

function group<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) m.set(key(it), [...(m.get(key(it)) ?? []), it]);
  return m;
}

export function formatStatus(s: RunStatusReport): string {
  const r = s.run;
  const out: string[] = [];
  out.push(`run "${r.name}" (id ${r.id}), ${r.method}: ${r.status}${r.status_detail ? `: ${r.status_detail}` : ''}`);
  out.push(`teacher ${r.provider}/${r.model}${r.simulated ? ' (simulated)' : ''}; target ${r.target}; seed ${r.seed}; updated ${r.updated_at}`);
  const w = s.waves;
  out.push(`waves done: ${w.waves}${w.lastWave !== null ? `; last: wave ${w.lastWave} (${w.lastStage ?? ''}) at ${w.lastAt ?? ''}` : ''}`);

  const statusRows = (byKey: Map<string, SampleCount[]>, label: string) => {
    const rows = [[label, 'accepted', 'rejected', 'pending', 'total']];
    for (const [k, items] of byKey) {
      const c = (st: string) => items.filter((i) => i.status === st).reduce((a, i) => a + i.n, 0);
      rows.push([k, n(c('accepted')), n(c('rejected')), n(c('pending')), n(items.reduce((a, i) => a + i.n, 0))]);
    }
    return textTable(rows, new Set([1, 2, 3, 4]));
  };
  out.push('', 'samples by kind');
  out.push(statusRows(group(s.samples, (x) => x.kind), 'kind'));
  out.push('', 'samples by stage');
  out.push(statusRows(group(s.samples, (x) => x.stage), 'stage'));

  const rejected = s.samples.filter((x) => x.status === 'rejected');
  if (rejected.length) {
    out.push('', 'rejected by reason');
    const byReason = group(rejected, (x) => `${x.kind}\u0000${x.reason ?? '(no reason)'}`);
    const rows = [['kind', 'reason', 'samples']];
    for (const [k, items] of [...byReason].sort((a, b) => b[1].reduce((x, i) => x + i.n, 0) - a[1].reduce((x, i) => x + i.n, 0))) {
      const [kind, reason] = k.split('\u0000');
      rows.push([kind!, reason!, n(items.reduce((a, i) => a + i.n, 0))]);
    }
    out.push(textTable(rows, new Set([2])));
  }

  if (s.verdicts.length) {
    out.push('', 'verdicts by filter');
    const rows = [['kind', 'filter', 'passed', 'failed', 'mean score']];
    for (const v of s.verdicts) rows.push([v.kind, v.filter, n(v.passed), n(v.failed), v.scored ? n(v.meanScore) : '']);
    out.push(textTable(rows, new Set([2, 3, 4])));
  }

  if (s.stages.length) {
    out.push('', 'calls by stage');
    const rows = [['stage', 'calls', 'failed', 'pending', 'reused', 'truncated', 'prompt tok', 'completion tok', 'cost']];
    for (const st of s.stages) rows.push([st.stage, n(st.calls), n(st.failed), n(st.pending), n(st.reused), n(st.truncated), n(st.promptTokens), n(st.completionTokens), `$${st.cost.toFixed(4)}`]);
    out.push(textTable(rows, new Set([1, 2, 3, 4, 5, 6, 7, 8])));
  }
  if (s.preference) out.push(...formatPreferenceStats(s.preference));
  out.push('', ...formatReview(s.review));

  const c = s.calls;
  out.push('');
  out.push(`calls: ${c.total} (${c.sent} sent, ${c.reused} reused from other runs, ${c.failed} failed, ${c.pending} pending)`);
  if (c.failed > 0) {
    out.push(`failed for good: ${c.failed} call${c.failed === 1 ? '' : 's'}, by error:`);
    for (const f of s.failures.slice(0, 5)) out.push(`  ${String(f.n).padStart(6)}  ${f.reason.length > 300 ? `${f.reason.slice(0, 300)}…` : f.reason}`);
    if (s.failures.length > 5) out.push(`  (${s.failures.length - 5} other errors)`);
  }
  out.push(`tokens: ${c.promptTokens} prompt + ${c.completionTokens} completion`);
  out.push(`cost: $${c.cost.toFixed(4)}${r.simulated ? ' (simulated teacher: no real cost)' : ''}`);
  return terminalText(out.join('\n'));
}

const pct = (part: number, whole: number) => (whole === 0 ? '' : `${((100 * part) / whole).toFixed(1)}%`);

/** Review progress per kind and machine-human agreement per filter; one line when nobody has reviewed yet. */
export function formatReview(r: RunStatusReport['review']): string[] {
  const reviewed = r.progress.reduce((a, p) => a + p.reviewed, 0);
  if (reviewed === 0) return ['human review: none yet (review in npx distillery serve)'];
  const out = ['human review (latest decision per sample)'];
  const rows = [['kind', 'samples', 'reviewed', 'approved', 'rejected', 'flagged', 'done']];
  for (const p of r.progress) rows.push([p.kind, n(p.samples), n(p.reviewed), n(p.approved), n(p.rejected), n(p.flagged), pct(p.reviewed, p.samples)]);
  out.push(textTable(rows, new Set([1, 2, 3, 4, 5, 6])));
  if (r.agreement.length) {
    out.push('', 'machine-human agreement (approved or rejected samples; flags left out)');
    const a = [['filter', 'passed, reviewed', 'human rejected', 'failed, reviewed', 'human approved']];
    for (const x of r.agreement) a.push([x.filter, n(x.passedReviewed), `${n(x.rejectedWhatPassed)} ${pct(x.rejectedWhatPassed, x.passedReviewed)}`.trim(), n(x.failedReviewed), `${n(x.approvedWhatFailed)} ${pct(x.approvedWhatFailed, x.failedReviewed)}`.trim()]);
    out.push(textTable(a, new Set([1, 2, 3, 4])));
  }
  return out;
}
