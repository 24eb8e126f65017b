import { COLORS, clip, emptyChart, esc, fmt, link, px, svgDoc, text } from './svg.js';

export interface FunnelStep {
  /** A filter or rejection reason. */
  label: string;
  removed: number;
  href?: string;
}

export interface Funnel {
  kind: string;
  generated: number;
  steps: FunnelStep[];
  accepted: number;
  pending: number;
  hrefAll?: string;
  hrefAccepted?: string;
}

/**
 * The funnel of rejections: per kind, the generated samples, then what each filter removed in the
 * order the pipeline applies them, down to the accepted ones.
 */
export function funnelChart(funnels: readonly Funnel[], opts: { title?: string; width?: number } = {}): string {
  const title = opts.title ?? 'Rejections by filter';
  const shown = funnels.filter((f) => f.generated > 0);
  if (shown.length === 0) return emptyChart(title, 'No generated samples yet.');
  const width = opts.width ?? 720;
  const labelW = 190;
  const valueW = 150;
  const barW = width - labelW - valueW - 16;
  const rowH = 22;
  const parts: string[] = [];
  let y = 8;
  for (const f of shown) {
    const scale = (n: number) => (f.generated > 0 ? (n / f.generated) * barW : 0);
    parts.push(text(4, y + 14, `${f.kind}`, { 'font-weight': 'bold', fill: COLORS.text }));
    y += rowH;
    const row = (label: string, left: number, removed: number, color: string, value: string, href?: string, tip?: string) => {
      const body =
        `<g class="funnel-row"><title>${esc(tip ?? `${label}: ${value}`)}</title>` +
        text(labelW - 8, y + 14, clip(label, 28), { 'text-anchor': 'end', fill: COLORS.text }) +
        `<rect x="${px(labelW)}" y="${px(y + 3)}" width="${px(Math.max(scale(left), left > 0 ? 1 : 0))}" height="${rowH - 6}" fill="${color}"/>` +
        (removed > 0
          ? `<rect x="${px(labelW + scale(left))}" y="${px(y + 3)}" width="${px(Math.max(scale(removed), 1))}" height="${rowH - 6}" fill="${COLORS.rejected}" fill-opacity="0.75"/>`
          : '') +
        text(labelW + barW + 8, y + 14, value, { fill: COLORS.text }) +
        `</g>`;
      parts.push(link(href, body));
      y += rowH;
    };
    row('generated', f.generated, 0, COLORS.bar, fmt(f.generated), f.hrefAll, `${f.kind}: ${f.generated} generated`);
    let left = f.generated;
    for (const s of f.steps) {
      if (s.removed <= 0) continue;
      left -= s.removed;
      const pct = f.generated > 0 ? ` (${((s.removed / f.generated) * 100).toFixed(1)}%)` : '';
      row(s.label, Math.max(left, 0), s.removed, COLORS.barAlt, `−${fmt(s.removed)}${pct}`, s.href, `${s.label}: removed ${s.removed} of ${f.generated}${pct}; ${Math.max(left, 0)} left`);
    }
    if (f.pending > 0) row('pending', f.pending, 0, COLORS.pending, fmt(f.pending), undefined, `${f.pending} pending (not yet judged)`);
    const pct = f.generated > 0 ? ` (${((f.accepted / f.generated) * 100).toFixed(1)}%)` : '';
    row('accepted', f.accepted, 0, COLORS.accepted, `${fmt(f.accepted)}${pct}`, f.hrefAccepted, `${f.accepted} accepted of ${f.generated}${pct}`);
    y += 6;
  }
  return svgDoc({ width, height: y + 4, title, cls: 'funnel' }, parts.join(''));
}
