import type { RunSummary } from '../store/summary.js';

/** The closing summary: accepted, rejected by reason, calls, tokens, cost, time. */
export function formatSummary(s: RunSummary, extra: { seconds?: number; teacherNotice?: string; simulated: boolean; reusedNote?: string }): string {
  const lines: string[] = [];
  const kinds = [...new Set(s.samples.map((r) => r.kind))].filter((k) => k !== 'seed');
  for (const kind of kinds) {
    const rows = s.samples.filter((r) => r.kind === kind);
    const accepted = rows.filter((r) => r.status === 'accepted').reduce((a, r) => a + r.n, 0);
    const rejected = rows.filter((r) => r.status === 'rejected');
    const total = rejected.reduce((a, r) => a + r.n, 0);
    lines.push(`${kind}: ${accepted} accepted, ${total} rejected`);
    for (const r of rejected) lines.push(`    ${String(r.n).padStart(6)}  ${r.reason ?? '(no reason)'}`);
  }
  const c = s.calls;
  lines.push(
    `calls: ${c.total} (${c.sent} sent, ${c.reused} reused from other runs, ${c.failed} failed, ${c.pending} pending)`,
    `tokens: ${c.promptTokens} prompt + ${c.completionTokens} completion`,
    `cost: $${c.cost.toFixed(4)}${extra.simulated ? ' (simulated teacher: no real cost)' : ''}`,
  );
  if (extra.reusedNote) lines.push(extra.reusedNote);
  if (extra.seconds !== undefined) lines.push(`time: ${extra.seconds.toFixed(1)} s`);
  if (extra.simulated) lines.push('NOTE: this run used the offline sim teacher; its samples are simulated placeholder text.');
  return lines.join('\n');
}
